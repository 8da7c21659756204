"""Figures and dates at the edges of the calendar (tests/conftest.py, CALENDAR_EDGES): a month's
first and last minute, 29 February, London's clock changes; with the site in UTC and in
Europe/London. "This month" and "today" are the site's own, never UTC's; "in 7 days" is the
same clock time 7 days on in the reader's calendar."""

import csv
import io
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import DonationFactory, role_user, staff_log_in

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/donations/donation/dashboard/"
EXPORT = "/admin/donations/donation/export.csv"
BANNER = 'class="support-banner"'


def _month_start(moment: datetime) -> datetime:
    return datetime(moment.year, moment.month, 1, tzinfo=moment.tzinfo)


def _just_now() -> datetime:
    # From the (stopped) clock, not by arithmetic on the local time: in the hour that happens
    # twice, local arithmetic would land in its first pass, an hour early.
    return timezone.now() - timedelta(seconds=20)


@pytest.fixture
def gifts_around_the_month_start(calendar_edge):
    """$10 paid at local midnight on the first, $5 just now, and $1,000 a second before the
    month began (last month's)."""
    start = _month_start(calendar_edge)
    return {
        "at-the-start": DonationFactory(amount=1000, paid_at=start),
        "just-now": DonationFactory(amount=500, paid_at=_just_now()),
        "last-month": DonationFactory(amount=100_000, paid_at=start - timedelta(seconds=1)),
    }


# The clock fixtures come first: a session begun at the real time would have expired by then.


def test_the_dashboard_counts_one_off_gifts_from_local_midnight_on_the_first(
    gifts_around_the_month_start, admin_client
):
    html = admin_client.get(DASHBOARD).content.decode()

    assert "$15 <small>USD</small></p><p>2 gifts, net of refunds" in html


def test_the_dashboards_chart_puts_each_gift_on_its_local_day(calendar_edge, admin_client):
    today = calendar_edge.date()
    local_midnight = datetime.combine(today, time(0), tzinfo=calendar_edge.tzinfo)
    DonationFactory(paid_at=_just_now())
    DonationFactory(paid_at=local_midnight - timedelta(seconds=1))
    DonationFactory(paid_at=local_midnight - timedelta(seconds=2))

    html = admin_client.get(DASHBOARD).content.decode()

    yesterday = today - timedelta(days=1)
    assert f'<th scope="row">{today:%Y-%m-%d}</th><td>0</td><td>1</td></tr>' in html
    assert f'<th scope="row">{yesterday:%Y-%m-%d}</th><td>0</td><td>2</td></tr>' in html


def test_the_banner_meter_counts_one_off_gifts_from_local_midnight_on_the_first(
    client, gifts_around_the_month_start, asks
):
    html = client.get("/").content.decode()

    assert "$15 of $18,000 covered this month" in html


@pytest.mark.parametrize(
    ("last_minute", "next_month"),
    [
        (datetime(2027, 3, 31, 23, 59, 30), datetime(2027, 4, 1, 0, 1)),
        (datetime(2028, 2, 29, 23, 59, 30), datetime(2028, 3, 1, 0, 1)),
        (datetime(2027, 10, 31, 23, 59, 30), datetime(2027, 11, 1, 0, 1)),
    ],
    ids=["into-april-in-summer-time", "after-29-february", "the-month-the-clocks-went-back"],
)
def test_the_banner_meter_starts_again_from_nothing_when_a_month_begins(
    client, site_time_zone, time_machine, last_minute, next_month, asks
):
    last_minute = last_minute.replace(tzinfo=site_time_zone)
    time_machine.move_to(last_minute.timestamp(), tick=False)
    DonationFactory(amount=2500, paid_at=last_minute - timedelta(seconds=20))
    assert "$25 of $18,000 covered this month" in client.get("/").content.decode()

    # 90 seconds on: past the minute a cached page may be kept (PAGE_CACHE_SECONDS), but not
    # past the meter's own two minutes.
    time_machine.move_to(next_month.replace(tzinfo=site_time_zone).timestamp(), tick=False)

    assert "$0 of $18,000 covered this month" in client.get("/").content.decode()


def _export(client, period):
    response = client.get(EXPORT, {"period": period})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    return response, {row["stripe_checkout_session_id"]: row for row in rows}


def _period_start(period: str, moment: datetime) -> datetime:
    """What an editor means by each window, spelled out apart from the code."""
    if period == "month":
        return _month_start(moment)
    if period == "30d":
        return timezone.now() - timedelta(days=30)  # 30 times 24 hours, whatever the clocks did
    first_day = moment.date() - timedelta(days=89)  # 90 days, today included
    return datetime.combine(first_day, time(0), tzinfo=moment.tzinfo)


@pytest.mark.parametrize("period", ["month", "30d", "90d"])
def test_a_periods_export_lists_the_gifts_from_its_first_moment_on(calendar_edge, client, period):
    staff_log_in(client, role_user("Fundraising", username="fran"))
    start = _period_start(period, calendar_edge)
    first = DonationFactory(paid_at=start)
    latest = DonationFactory(paid_at=_just_now())
    DonationFactory(paid_at=start - timedelta(seconds=1))

    response, rows = _export(client, period)

    assert set(rows) == {first.stripe_checkout_session_id, latest.stripe_checkout_session_id}
    # Dated as the editor's calendar has them, with the offset that makes them exact.
    assert rows[latest.stripe_checkout_session_id]["paid_at"] == (
        latest.paid_at.astimezone(calendar_edge.tzinfo).isoformat()
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="donations-{calendar_edge:%Y-%m-%d}.csv"'
    )


def _seven_days_on(moment: datetime) -> datetime:
    """The same clock time, 7 calendar days on (aware arithmetic in one zone keeps the clock)."""
    return moment + timedelta(days=7)


def test_remind_me_later_names_the_day_seven_days_on_in_the_readers_calendar(
    calendar_edge, client, asks
):
    day = date_format(_seven_days_on(calendar_edge), "j F")

    answer = client.post(
        "/support/remind-me-later/",
        {"prompt": "article-end-letter"},
        HTTP_ACCEPT="application/json",
    )
    without_javascript = type(client)()
    without_javascript.post("/support/remind-me-later/", {"prompt": "article-end-letter"})

    assert answer.json()["message"] == f"We’ll ask again on {day}."
    assert f"We’ll ask again on {day}." in without_javascript.get("/").content.decode()


def test_remind_me_later_brings_the_asks_back_at_the_same_clock_time_seven_days_on(
    client, calendar_edge, time_machine, asks
):
    client.post("/support/remind-me-later/", {"prompt": "article-end-letter"})
    back = _seven_days_on(calendar_edge)

    time_machine.move_to((back - timedelta(seconds=1)).timestamp(), tick=False)
    assert BANNER not in client.get("/").content.decode()
    time_machine.move_to(back.timestamp(), tick=False)
    assert BANNER in client.get("/").content.decode()


def test_closing_the_banner_hides_it_until_the_same_clock_time_tomorrow(
    client, calendar_edge, time_machine, asks
):
    client.post("/support/banner/close/", {"prompt": "ad-free-banner"})
    back = calendar_edge + timedelta(days=1)

    time_machine.move_to((back - timedelta(seconds=1)).timestamp(), tick=False)
    assert BANNER not in client.get("/").content.decode()
    time_machine.move_to(back.timestamp(), tick=False)
    assert BANNER in client.get("/").content.decode()
