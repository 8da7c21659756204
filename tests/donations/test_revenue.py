"""Which journalism readers pay for: the giving dashboard's revenue per story, author and section
(gifts attributed to the article a reader gave from), for the last 30 and 90 days, with CSV
exports. Figures only: no donor in them."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from donations.models import Donation
from donations.reports import revenue_by_journalism
from tests.donations.conftest import LEDGER_DAY as NOW
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    DonationFactory,
    SectionFactory,
    UserFactory,
    role_user,
    staff_log_in,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/donations/donation/dashboard/"


def _export(client, table, window="30"):
    return client.get(f"/admin/donations/donation/revenue/{table}.csv", {"window": window})


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _revenue_section(html: str) -> str:
    start = html.index('id="revenue"')
    return html[start : html.index("</section>\n", html.index('id="revenue-sections-heading"'))]


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def give(start_checkout, fake_stripe, deliver):
    """A reader gives through the support form and the fake Stripe's Checkout, as from a link
    carrying the attribution (?article=…&prompt=…)."""

    def checkout(frequency, amount, currency="usd", **attribution):
        session = start_checkout(frequency, amount, currency, **attribution)
        for event in fake_stripe.complete_checkout(session["id"]):
            deliver(event)
        return session

    return checkout


def test_a_gift_from_an_appeal_is_credited_to_its_story_author_and_section(
    client, admin_client, give, asks
):
    author = AuthorFactory(name="Ines Marlow")
    section = SectionFactory(name="Environment")
    article = ArticleFactory(
        headline="Harbour wall repairs begin", authors=[author], section=section
    )
    # The appeal's link puts the article on the support form, which carries it to Checkout.
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"article={article.pk}" in page

    session = give("once", "25", prompt="article-end-letter", article=article.pk)

    assert session["metadata"]["article"] == str(article.pk)
    section_html = _revenue_section(admin_client.get(DASHBOARD).content.decode())
    assert (
        f'href="{article.get_absolute_url()}">Harbour wall repairs begin</a></td><td>1</td><td>$25<'
        in section_html
    )
    assert "Ines Marlow</td><td>1</td><td>$25<" in section_html
    assert "Environment</td><td>1</td><td>$25<" in section_html


def test_a_gift_naming_an_unknown_or_unpublished_story_is_taken_unattributed(give, admin_client):
    draft = ArticleFactory(draft=True, headline="Draft nobody may see")

    give("once", "10", article=draft.pk)
    give("once", "12", article="999999999")

    assert Donation.objects.filter(article__isnull=True).count() == 2
    assert "None in this period." in admin_client.get(DASHBOARD).content.decode()


def test_refunds_are_netted_and_a_fully_refunded_gift_counts_nowhere(give, fake_stripe, deliver):
    article = ArticleFactory(headline="Ferry timetable cut")
    kept = give("once", "30", article=article.pk)
    gone = give("once", "50", article=article.pk)
    for session, amount in [(kept, 1000), (gone, None)]:
        intent = Donation.objects.get(
            stripe_checkout_session_id=session["id"]
        ).stripe_payment_intent_id
        for event in fake_stripe.refund(intent, amount=amount):
            deliver(event)

    stories = revenue_by_journalism(window="30", now=timezone.now())["stories"]

    assert [(row["name"], row["gifts"], row["display"]) for row in stories] == [
        ("Ferry timetable cut", 1, "$20")
    ]


def test_each_payment_of_a_recurring_gift_in_the_window_is_credited(
    give, fake_stripe, deliver, time_machine
):
    time_machine.move_to(NOW, tick=True)
    fake_stripe.clock = int(NOW.timestamp())
    article = ArticleFactory(headline="Council budget explained")
    session = give("monthly", "5", article=article.pk)
    subscription = fake_stripe.objects("checkout.session")[session["id"]]["subscription"]
    for event in fake_stripe.renew(subscription):
        deliver(event)

    stories = revenue_by_journalism(window="30", now=timezone.now())["stories"]

    assert [(row["gifts"], row["display"]) for row in stories] == [(2, "$10")]


def test_a_story_with_two_authors_credits_each_in_full_and_its_section_once(clock):
    first, second = AuthorFactory(name="Ada Byline"), AuthorFactory(name="Bo Byline")
    article = ArticleFactory(authors=[first, second], section=SectionFactory(name="City"))
    DonationFactory(article=article, amount=2000)

    revenue = revenue_by_journalism(window="30", now=timezone.now())

    assert [(row["name"], row["display"]) for row in revenue["authors"]] == [
        ("Ada Byline", "$20"),
        ("Bo Byline", "$20"),
    ]
    assert [(row["name"], row["display"]) for row in revenue["sections"]] == [("City", "$20")]
    assert [row["display"] for row in revenue["stories"]] == ["$20"]


def test_currencies_are_never_added_together(clock):
    article = ArticleFactory()
    DonationFactory(article=article, amount=1000, currency="usd")
    DonationFactory(article=article, amount=500, currency="eur")

    stories = revenue_by_journalism(window="30", now=timezone.now())["stories"]

    assert [(row["currency"], row["display"]) for row in stories] == [
        ("eur", "€5"),
        ("usd", "$10"),
    ]


@pytest.mark.parametrize("window", ["30", "90"])
def test_the_windows_begin_where_the_dashboards_periods_do(calendar_edge, window):
    """The last 30 days: from 30 days ago to the second. The last 90 days: from local midnight
    89 days ago, the first day of the dashboard's chart, in the site's time zone."""
    now = timezone.now()
    if window == "30":
        start = now - timedelta(days=30)
    else:
        first_day = calendar_edge.date() - timedelta(days=89)
        start = datetime.combine(first_day, time(0), tzinfo=calendar_edge.tzinfo)
    article = ArticleFactory(published_at=start - timedelta(days=1))
    DonationFactory(article=article, amount=1000, paid_at=start)
    DonationFactory(article=article, amount=100_000, paid_at=start - timedelta(seconds=1))
    DonationFactory(article=article, amount=500, paid_at=now)

    stories = revenue_by_journalism(window=window, now=now)["stories"]

    assert [(row["gifts"], row["display"]) for row in stories] == [(2, "$15")]


def test_the_switch_shows_the_last_90_days_through_a_link(clock, admin_client):
    article = ArticleFactory(headline="Old story still earning")
    DonationFactory(article=article, amount=700, paid_at=NOW - timedelta(days=45))

    html_30 = admin_client.get(DASHBOARD).content.decode()
    html_90 = admin_client.get(DASHBOARD, {"revenue": "90"}).content.decode()

    assert 'href="?revenue=90#revenue"' in html_30
    assert "Old story still earning" not in _revenue_section(html_30)
    assert "Old story still earning</a></td><td>1</td><td>$7<" in _revenue_section(html_90)
    assert 'href="?revenue=90#revenue" aria-current="true"' in html_90


def test_a_mangled_switch_link_shows_the_last_30_days(clock, admin_client):
    response = admin_client.get(DASHBOARD, {"revenue": "ninety"})

    assert response.status_code == 200
    assert "Which journalism readers pay for: last 30 days" in response.content.decode()


def test_the_revenue_tables_cost_three_queries_however_many_gifts(clock, django_assert_num_queries):
    for _ in range(3):
        article = ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])
        DonationFactory.create_batch(2, article=article)

    with django_assert_num_queries(3):
        revenue = revenue_by_journalism(window="90", now=timezone.now())

    assert len(revenue["stories"]) == 3
    assert len(revenue["authors"]) == 6


def test_each_table_exports_as_csv_with_every_row(clock, admin_client):
    article = ArticleFactory(
        headline="Harbour wall repairs begin",
        authors=[AuthorFactory(name="Ines Marlow")],
        section=SectionFactory(name="Environment"),
    )
    DonationFactory(article=article, amount=1050)
    DonationFactory(article=article, amount=500, currency="eur")

    stories = _export(admin_client, "stories")
    authors = _export(admin_client, "authors", window="90")

    assert stories["Content-Type"] == "text/csv; charset=utf-8"
    assert stories["Content-Disposition"] == (
        'attachment; filename="revenue-stories-30d-2026-03-20.csv"'
    )
    assert _csv(stories) == [
        ["headline", "url", "section", "currency", "gifts", "amount"],
        ["Harbour wall repairs begin", article.get_absolute_url(), "Environment", "EUR", "1", "5"],
        [
            "Harbour wall repairs begin",
            article.get_absolute_url(),
            "Environment",
            "USD",
            "1",
            "10.50",
        ],
    ]
    assert _csv(authors) == [
        ["author", "currency", "gifts", "amount"],
        ["Ines Marlow", "EUR", "1", "5"],
        ["Ines Marlow", "USD", "1", "10.50"],
    ]
    assert _csv(_export(admin_client, "sections"))[1] == ["Environment", "EUR", "1", "5"]


@pytest.mark.parametrize("headline", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_a_headline_a_spreadsheet_would_run_is_exported_as_text(clock, admin_client, headline):
    article = ArticleFactory(headline=headline)  # its quotes made typographic on save
    DonationFactory(article=article)

    assert _csv(_export(admin_client, "stories"))[1][0] == "'" + article.headline


def test_no_donor_is_named_on_the_revenue_tables_or_in_their_exports(clock, admin_client):
    donation = DonationFactory(article=ArticleFactory())
    donation.donor.name = "Rosa Reader"
    donation.donor.save()

    section = _revenue_section(admin_client.get(DASHBOARD).content.decode())
    exports = [
        _export(admin_client, table).content.decode()
        for table in ["stories", "authors", "sections"]
    ]

    for text in [section, *exports]:
        assert donation.donor.email not in text
        assert "Rosa Reader" not in text


def test_a_bad_window_or_table_is_refused_with_a_reason(clock, admin_client):
    bad_window = _export(admin_client, "stories", window="7")

    assert bad_window.status_code == 400
    assert "30 or 90" in bad_window.content.decode()
    assert _export(admin_client, "donors").status_code == 404


def test_fundraising_and_editors_may_export_what_the_dashboard_shows(clock, client):
    staff_log_in(client, role_user("Fundraising", username="fran"))
    assert _export(client, "stories").status_code == 200

    client.force_login(role_user("Editor", username="eda"))
    assert _export(client, "authors").status_code == 200


def test_others_may_not_export_the_revenue_tables(clock, client):
    anonymous = _export(client, "stories")
    client.force_login(UserFactory(is_staff=True))
    staff_without_the_dashboard = _export(client, "stories")

    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert staff_without_the_dashboard.status_code == 403
