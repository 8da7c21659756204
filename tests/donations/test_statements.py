"""Yearly giving statements: the page a donor reaches from their manage link, and the January
email, sent once per donor and year however many workers run it."""

import re
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse

from donations import tasks as queue
from donations.models import Donation, StatementSent
from donations.services.manage import manage_token_make
from donations.services.statements import statements_send, statements_send_last_year
from tests.donations import failing_mail
from tests.factories import DonationFactory, DonorFactory, RecurringDonationFactory

pytestmark = pytest.mark.django_db

# Early in January 2027, when the statements for 2026 go out.
JANUARY = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(JANUARY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def organisation(settings):
    settings.ORGANISATION_NAME = "Riverside Ledger Trust"
    settings.ORGANISATION_ADDRESS = "1 Mill Lane\nRiverside RV1 2AB"
    settings.STATEMENT_LEGAL_TEXT = "Registered charity 1234567. No goods or services given."


@pytest.fixture
def year_of_gifts(clock, organisation, settings):
    """A donor's 2026 in New York time: a covered one-off gift in dollars, two monthly payments
    in euros (one partly refunded), a fully refunded gift, and, around the year's edges in New
    York, one gift just inside 2026 and one just outside; a failed payment, and another donor's
    gift, which are not theirs to see."""
    settings.TIME_ZONE = "America/New_York"
    donor = DonorFactory(email="rosa@example.org", name="Rosa Reader")
    monthly = RecurringDonationFactory(donor=donor, amount=1200, currency="eur")
    at = lambda *args: datetime(*args, tzinfo=UTC)  # noqa: E731
    gifts = [
        DonationFactory(donor=donor, amount=546, fee_covered=46, paid_at=at(2026, 3, 2, 15)),
        DonationFactory(renewal=True, recurring=monthly, paid_at=at(2026, 4, 1, 12)),
        DonationFactory(
            renewal=True, recurring=monthly, paid_at=at(2026, 5, 1, 12), amount_refunded=200
        ),
        DonationFactory(
            donor=donor,
            amount=2500,
            amount_refunded=2500,
            status=Donation.Status.REFUNDED,
            paid_at=at(2026, 6, 9, 12),
        ),
        # 22:00 on 31 December 2026 in New York: 2026's, though it is 2027 in UTC.
        DonationFactory(donor=donor, amount=1000, paid_at=at(2027, 1, 1, 3)),
    ]
    # 23:00 on 31 December 2025 in New York: 2025's, though it is 2026 in UTC.
    DonationFactory(donor=donor, amount=7000, paid_at=at(2026, 1, 1, 4))
    DonationFactory(donor=donor, failed=True)
    DonationFactory(
        donor=DonorFactory(email="sam@example.org"), amount=9900, paid_at=at(2026, 7, 1, 12)
    )
    return donor, gifts


def _statement_url(donor, year=2026):
    return reverse(
        "donations:statement", kwargs={"token": manage_token_make(donor=donor), "year": year}
    )


def _rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = re.search(r"<tbody>(.*)</tbody>", table, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


# The page


def test_a_statement_lists_every_payment_of_the_year_and_totals_per_currency(client, year_of_gifts):
    donor, _ = year_of_gifts

    response = client.get(_statement_url(donor))

    html = response.content.decode()
    assert response.status_code == 200
    assert _rows(html, "statement-gifts") == [
        ["2 March 2026", "One-off", "USD", "$5", "$0.46", "$5.46", "–"],
        ["1 April 2026", "Monthly", "EUR", "€12", "–", "€12", "–"],
        ["1 May 2026", "Monthly", "EUR", "€12", "–", "€12", "€2"],
        ["9 June 2026", "One-off", "USD", "$25", "–", "$25", "$25"],
        ["31 December 2026", "One-off", "USD", "$10", "–", "$10", "–"],
    ]
    assert _rows(html, "statement-totals") == [
        ["EUR", "2", "€24", "€2", "€22"],
        ["USD", "3", "$40.46", "$25", "$15.46"],
    ]


def test_a_statement_says_who_it_is_from_and_for(client, year_of_gifts):
    donor, _ = year_of_gifts

    html = client.get(_statement_url(donor)).content.decode()

    assert "Riverside Ledger Trust" in html
    assert "1 Mill Lane<br>Riverside RV1 2AB" in html
    assert "Registered charity 1234567. No goods or services given." in html
    assert "Rosa Reader (rosa@example.org)" in html
    assert "Giving statement for 2026" in html
    assert "1 January to 31 December 2026" in html


def test_a_statement_links_the_donors_other_years_and_prints_alone(client, year_of_gifts):
    donor, _ = year_of_gifts

    response = client.get(_statement_url(donor))

    html = response.content.decode()
    assert re.search(r'<a href="/support/manage/[^"]+/statement/2025/">2025</a>', html)
    assert "print this page and choose “Save as PDF”" in html
    assert 'content="noindex"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_year_without_gifts_says_so(client, year_of_gifts):
    donor, _ = year_of_gifts

    html = client.get(_statement_url(donor, 2024)).content.decode()

    assert "We have no payment from you in 2024." in html


@pytest.mark.parametrize("year", [1999, 2028, 99999999999999999999])
def test_a_year_there_can_be_no_statement_for_is_not_found_with_the_reason(
    client, year_of_gifts, year
):
    donor, _ = year_of_gifts

    response = client.get(_statement_url(donor, year))

    assert response.status_code == 404
    assert "Statements cover the years from 2000 to 2027" in response.content.decode()


def test_an_expired_link_shows_no_statement(client, year_of_gifts, clock):
    donor, _ = year_of_gifts
    url = _statement_url(donor)

    clock.shift(timedelta(hours=25))
    response = client.get(url)

    assert response.status_code == 400
    assert "That link has expired" in response.content.decode()
    assert "rosa@example.org" not in response.content.decode()


def test_a_tampered_link_shows_no_statement(client, year_of_gifts):
    donor, _ = year_of_gifts
    url = _statement_url(donor).replace("/statement/", "x/statement/")

    response = client.get(url)

    assert response.status_code == 400
    assert "rosa@example.org" not in response.content.decode()


# The January email


def test_each_donor_of_the_year_is_emailed_their_statement_by_the_queue(
    client, year_of_gifts, tasks
):
    DonorFactory(email="")  # no address: nothing to send
    DonationFactory(
        donor=DonorFactory(email="old@example.org"), paid_at=datetime(2024, 5, 1, tzinfo=UTC)
    )

    queue.statements_send.enqueue(2026)
    tasks.run()

    assert sorted(m.to[0] for m in mail.outbox) == ["rosa@example.org", "sam@example.org"]
    [message] = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    assert "$99" not in message.body  # Sam's gift is in Sam's statement only
    assert message.subject == "Your 2026 giving statement from Riverside Ledger Trust"
    assert "31 December 2026  One-off  $10" in message.body
    assert "2 March 2026  One-off  $5.46 (gift $5 + card fee $0.46)" in message.body
    assert "Total in USD: $15.46 (3 payments, after $25 refunded)" in message.body
    assert "Registered charity 1234567." in message.body
    link = re.search(
        r"https://news\.example\.org(/support/manage/\S+/statement/2026/)", message.body
    )
    assert client.get(link.group(1)).status_code == 200


def test_a_statement_is_emailed_once_however_often_the_job_runs(year_of_gifts, tasks):
    statements_send(year=2026)
    queue.statements_send.enqueue(2026)
    tasks.run()
    statements_send(year=2026)

    assert len(mail.outbox) == 2  # Rosa and Sam, once each
    assert StatementSent.objects.filter(year=2026).count() == 2


def test_the_january_schedule_sends_last_years_statements(year_of_gifts):
    assert statements_send_last_year() == 2

    assert "Your 2026 giving statement" in mail.outbox[0].subject


def test_a_statement_the_mail_server_refused_is_sent_by_the_next_run(year_of_gifts, settings):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.SMTPDown"
    assert statements_send(year=2026) == 0
    assert not StatementSent.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert statements_send(year=2026) == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_statement_once(settings, monkeypatch):
    """Two workers run the job at the same moment, on their own database connections: the
    unique (donor, year) claim lets exactly one of them send each statement."""
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.Slow"
    settings.TIME_ZONE = "UTC"
    for number in range(3):
        DonationFactory(
            donor=DonorFactory(email=f"donor{number}@example.org"),
            paid_at=datetime(2026, 6, 1, tzinfo=UTC),
        )
    sent = []
    start = threading.Barrier(2)

    def work():
        try:
            start.wait()
            sent.append(statements_send(year=2026))
        finally:
            connection.close()

    monkeypatch.setattr(failing_mail.Slow, "seconds", 0.2)
    workers = [threading.Thread(target=work) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)

    assert sum(sent) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"donor{n}@example.org" for n in range(3)]
    assert StatementSent.objects.count() == 3


def test_the_shipped_schedule_emails_last_years_statements_from_2_january(
    year_of_gifts, worker, time_machine
):
    """The worker's minute sweep (donations.schedule.JOBS) sends 2026's statements from 09:00
    on 2 January 2027 in the site's time, once: not on New Year's Day, when that day's gifts
    are still arriving, and not again later in January."""
    from donations.schedule import periodic_jobs_run

    new_york = lambda *args: datetime(*args, tzinfo=ZoneInfo("America/New_York"))  # noqa: E731
    with worker():
        assert "yearly-statements 2027" not in periodic_jobs_run(now=new_york(2027, 1, 1, 23, 59))
        assert "yearly-statements 2027" not in periodic_jobs_run(now=new_york(2027, 1, 2, 8, 59))
    assert mail.outbox == []

    with worker():
        assert "yearly-statements 2027" in periodic_jobs_run(now=new_york(2027, 1, 2, 9, 0))
        assert "yearly-statements 2027" not in periodic_jobs_run(now=new_york(2027, 1, 20, 9))

    assert sorted(message.to[0] for message in mail.outbox) == [
        "rosa@example.org",
        "sam@example.org",
    ]
    assert "Your 2026 giving statement" in mail.outbox[0].subject


def test_the_manage_page_links_each_year_the_donor_gave_in(client, year_of_gifts):
    donor, _ = year_of_gifts
    token = manage_token_make(donor=donor)

    html = client.get(reverse("donations:manage_page", kwargs={"token": token})).content.decode()

    years = re.findall(r'href="/support/manage/[^"]+/statement/(\d{4})/">Statement for \1', html)
    assert years == ["2026", "2025"]
