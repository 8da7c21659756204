"""'Email me a reminder': the reader sees what they agree to, gets at most two emails at their
times (once each, whatever the workers do), each linking back to the gift and cancelling in one
click; and the address is deleted after the last, on cancel, or when they give."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from donations.models import PromptDay, Reminder
from donations.schedule import periodic_jobs_run
from donations.services.reminders import reminder_token_make
from donations.tasks import reminders_send_due
from tests.factories import ArticleFactory, DonorFactory, PromptFactory, ReminderFactory

pytestmark = pytest.mark.django_db

# A Monday in London's summer time: "next week" is Monday 14 June, at 09:00 BST (08:00 UTC).
NOW = datetime(2027, 6, 7, 12, 0, tzinfo=UTC)
FIRST = datetime(2027, 6, 14, 8, 0, tzinfo=UTC)
SECOND = datetime(2027, 6, 21, 8, 0, tzinfo=UTC)


@pytest.fixture
def london(settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def appeal(db):
    return PromptFactory(key="article-end-letter", appeal=True)


def _set(client, **data):
    return client.post(
        reverse("donations:reminder"),
        {"email": "sam@example.org", "when": "week", "next": "/", **data},
    )


def _counter(prompt, name: str) -> int:
    return sum(getattr(day, name) for day in PromptDay.objects.filter(prompt=prompt))


def _sweep_at(moment, time_machine, tasks, *, sweeps=2):
    """Workers sweeping at `moment` (several at once), then running the queue."""
    time_machine.move_to(moment, tick=False)
    for _ in range(sweeps):
        periodic_jobs_run()
        reminders_send_due.enqueue()  # a second worker's look, in the same hour
    tasks.run()


def test_the_page_says_exactly_what_the_reader_agrees_to(client, london, appeal):
    response = client.get(
        reverse("donations:reminder"), {"prompt": appeal.key, "frequency": "once", "next": "/x/"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "at most two emails" in page
    assert "nothing else" in page
    assert "Next week" in page and "At the start of next month" in page
    assert "July 2027" in page  # a month of their choosing, from next month on


def test_a_reader_sets_a_reminder_and_the_asks_stay_away_until_then(client, london, appeal):
    response = _set(client, prompt=appeal.key, frequency="once", amount="25", currency="usd")

    page = response.content.decode()
    assert response.status_code == 200
    assert "We’ll email sam@example.org on 14 June 2027" in page
    assert "once more on 21 June 2027" in page
    reminder = Reminder.objects.get()
    assert reminder.due_at == FIRST
    assert (reminder.frequency, reminder.amount, reminder.prompt) == ("once", "25", appeal.key)
    assert _counter(appeal, "reminders_set") == 1
    assert client.get("/").wsgi_request.support.state.snoozed_until >= FIRST - timedelta(days=1)


def test_the_form_answers_alike_for_every_address(client, london):
    DonorFactory(email="donor@example.org")
    ReminderFactory(email="again@example.org")

    pages = [
        _set(client, email=email).content.decode().replace(email, "ADDRESS")
        for email in ("donor@example.org", "again@example.org", "stranger@example.org")
    ]

    assert pages[0] == pages[1] == pages[2]
    assert Reminder.objects.filter(email="again@example.org").count() == 1


def test_setting_reminders_is_rate_limited(client, london, settings):
    settings.REMINDER_RATE_LIMIT = 2
    statuses = [_set(client, email=f"r{n}@example.org").status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert Reminder.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not an address"}, "Enter an email address like name@example.org."),
        ({"when": "someday"}, "Choose when we should remind you."),
        ({"when": "month", "month": ""}, "Choose a month."),
        ({"when": "month", "month": "1999-01"}, "Choose a month."),
    ],
)
def test_bad_input_is_a_clear_400(client, london, data, message):
    response = _set(client, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reminder.objects.exists()


def test_a_month_of_the_readers_choosing_starts_that_month(client, london):
    _set(client, when="month", month="2028-01")

    assert Reminder.objects.get().due_at == datetime(2028, 1, 1, 9, 0, tzinfo=UTC)  # GMT


def test_the_first_email_goes_at_its_time_once_with_several_workers(
    client, london, appeal, time_machine, tasks
):
    article = ArticleFactory()
    _set(client, prompt=appeal.key, frequency="once", amount="25", article=str(article.pk))

    _sweep_at(FIRST - timedelta(minutes=1), time_machine, tasks)
    assert mail.outbox == []
    _sweep_at(FIRST + timedelta(minutes=30), time_machine, tasks)

    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert article.headline in message.body
    assert "21 June" in message.body
    assert _counter(appeal, "reminders_sent") == 1


def test_each_email_carries_a_one_click_cancel(client, london, time_machine, tasks):
    _set(client)
    _sweep_at(FIRST, time_machine, tasks)

    [message] = mail.outbox
    token = reminder_token_make(reminder=Reminder.objects.get())
    cancel = "https://news.example.org" + reverse("donations:reminder_cancel", args=[token])
    assert message.extra_headers["List-Unsubscribe"] == f"<{cancel}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert cancel in message.body


def test_the_emails_link_opens_the_support_page_as_the_reader_left_it(
    client, london, appeal, time_machine, tasks, fake_stripe
):
    _set(client, prompt=appeal.key, frequency="once", amount="25", currency="eur")
    _sweep_at(FIRST, time_machine, tasks)
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "from=reminder" in line
    ).strip()

    page = client.get(link.removeprefix("https://news.example.org")).content.decode()

    assert 'name="frequency" value="once" checked' in page
    assert '<option value="eur" selected>' in page
    assert 'value="25" checked' in page
    assert f'name="prompt" value="{appeal.key}"' in page
    assert _counter(appeal, "reminder_clicks") == 1


def test_a_last_reminder_a_week_later_then_the_address_is_deleted(
    client, london, time_machine, tasks
):
    _set(client)
    _sweep_at(FIRST, time_machine, tasks)
    _sweep_at(SECOND - timedelta(minutes=1), time_machine, tasks)
    assert len(mail.outbox) == 1

    _sweep_at(SECOND, time_machine, tasks)
    _sweep_at(SECOND + timedelta(days=30), time_machine, tasks)

    assert len(mail.outbox) == 2
    assert "last reminder" in mail.outbox[1].body
    assert not Reminder.objects.exists()


def test_a_gift_from_the_address_means_no_last_reminder(
    client, london, appeal, time_machine, tasks, start_checkout, fake_stripe, deliver
):
    _set(client, prompt=appeal.key, email="Sam@Example.org")
    _sweep_at(FIRST, time_machine, tasks)
    mail.outbox.clear()

    session = start_checkout("once", "25", "usd")
    for event in fake_stripe.complete_checkout(session["id"], email="sam@example.org"):
        deliver(event)
    mail.outbox.clear()  # the thank-you
    _sweep_at(SECOND, time_machine, tasks)

    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert _counter(appeal, "reminder_gifts") == 1


def test_one_click_cancel_deletes_the_address_and_may_be_repeated(london):
    reminder = ReminderFactory(email="sam@example.org")
    url = reverse("donations:reminder_cancel", args=[reminder_token_make(reminder=reminder)])
    mail_client = Client(enforce_csrf_checks=True)  # a mail client has no session, no token

    answers = [
        mail_client.post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
        for _ in range(2)
    ]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert "deleted your address" in answers[1].content.decode()
    assert not Reminder.objects.exists()


def test_following_the_cancel_link_asks_before_cancelling(client, london):
    reminder = ReminderFactory()
    url = reverse("donations:reminder_cancel", args=[reminder_token_make(reminder=reminder)])

    page = client.get(url).content.decode()

    assert "Cancel my reminder" in page
    assert Reminder.objects.filter(pk=reminder.pk).exists()


def test_a_cancel_link_that_is_not_ours_is_a_400(client, london):
    reminder = ReminderFactory()
    url = reverse("donations:reminder_cancel", args=["1:forged"])

    assert client.post(url).status_code == 400
    assert Reminder.objects.filter(pk=reminder.pk).exists()


def test_reminders_fall_on_local_days_at_the_calendars_edges(client, calendar_edge):
    today = timezone.localdate()
    _set(client, when="next-month")
    _set(client, email="week@example.org", when="week")

    month = Reminder.objects.get(email="sam@example.org").due_at
    week = Reminder.objects.get(email="week@example.org").due_at
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert timezone.localtime(month).replace(tzinfo=None) == datetime(
        first_of_next.year, first_of_next.month, 1, 9
    )
    assert timezone.localtime(week).replace(tzinfo=None) == datetime.combine(
        today + timedelta(days=7), datetime.min.time()
    ).replace(hour=9)


@pytest.mark.parametrize(
    ("given", "months", "expected"),
    [
        (date(2027, 8, 31), "6", date(2028, 2, 29)),
        (date(2027, 11, 30), "3", date(2028, 2, 29)),
        (date(2027, 1, 15), "12", date(2028, 1, 15)),
    ],
)
def test_a_one_off_donor_is_reminded_months_later_on_a_day_the_month_has(
    client, settings, time_machine, given, months, expected
):
    settings.TIME_ZONE = "Europe/London"
    time_machine.move_to(datetime.combine(given, datetime.min.time()).replace(hour=12, tzinfo=UTC))

    response = _set(client, after="gift", when=months)

    assert response.status_code == 200
    assert timezone.localdate(Reminder.objects.get().due_at) == expected


def test_a_one_off_donor_is_offered_a_reminder_on_the_thank_you_page(
    start_checkout, fake_stripe, visit_thanks, client
):
    session = start_checkout("once", "25", "usd")
    fake_stripe.complete_checkout(session["id"], email="sam@example.org")

    page = visit_thanks(session["id"]).content.decode()
    assert "Remind me to give again in 3, 6 or 12 months" in page
    link = reverse("donations:reminder") + "?after=gift&amp;frequency=once&amp;currency=usd"
    assert link in page

    offer = client.get(reverse("donations:reminder"), {"after": "gift"}).content.decode()
    assert "In 3 months" in offer and "In 12 months" in offer
    assert "Next week" not in offer


def test_the_prompt_admin_counts_reminders_set_sent_followed_and_the_gifts_after(
    london, admin_client, appeal
):
    PromptDay.objects.create(
        prompt=appeal,
        day=timezone.localdate(),
        reminders_set=7,
        reminders_sent=5,
        reminder_clicks=3,
        reminder_gifts=2,
    )

    html = admin_client.get(f"/admin/donations/prompt/{appeal.pk}/change/").content.decode()

    assert "“Email me a reminder”, last 30 days" in html
    assert "<td>7</td>\n      <td>5</td>\n      <td>3</td>\n      <td>2</td>" in html
