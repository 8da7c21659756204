"""The periodic schedule: each job queued once per period, however many workers sweep, at the
edges of the calendar (a month's first minute, 29 February, London's clock changes)."""

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from donations.models import PeriodicRun
from donations.schedule import Job, daily, hourly, monthly, periodic_jobs_run, yearly
from donations.tasks import card_expiry_check
from newsroom.management.commands.worker import _sweep

pytestmark = pytest.mark.django_db

CARD_CHECK = "donations.tasks.card_expiry_check"


def _queued(task_path: str) -> int:
    return DBTaskResult.objects.filter(task_path=task_path).count()


@pytest.mark.parametrize("every", ["day", "month"])
def test_a_job_runs_once_per_local_period_at_the_calendars_edges(
    calendar_edge, time_machine, every
):
    """Sweeps an hour before the edge and at it, each twice: one run for each local day (or
    month) the two moments fall in, never two for one, whatever the clocks did."""
    job = Job(name="edge", period=daily() if every == "day" else monthly(), task=card_expiry_check)
    hour_before = calendar_edge.astimezone(UTC) - timedelta(hours=1)
    claimed = []
    for moment in (hour_before, hour_before, calendar_edge, calendar_edge):
        time_machine.move_to(moment.timestamp(), tick=False)
        claimed += periodic_jobs_run(jobs=(job,))

    def period(moment):
        local = timezone.localtime(moment)
        return local.date().isoformat() if every == "day" else local.strftime("%Y-%m")

    expected = sorted({f"edge {period(hour_before)}", f"edge {period(calendar_edge)}"})
    assert sorted(claimed) == expected
    assert _queued(CARD_CHECK) == len(expected)


def test_the_first_minute_of_a_month_in_london_is_a_new_month(settings, time_machine):
    """00:00:30 on 1 April in London is still 31 March in UTC: the month is London's."""
    settings.TIME_ZONE = "Europe/London"
    job = Job(name="statements", period=monthly(), task=card_expiry_check)
    time_machine.move_to(datetime(2027, 3, 31, 23, 0, 30, tzinfo=UTC), tick=False)

    assert periodic_jobs_run(jobs=(job,)) == ["statements 2027-04"]


def test_the_hour_that_happens_twice_runs_a_daily_job_once(settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    job = Job(name="nightly", period=daily(at=time(1)), task=card_expiry_check)
    first_half_past_one = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST
    second_half_past_one = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 01:30 GMT

    runs = []
    for moment in (first_half_past_one, second_half_past_one):
        time_machine.move_to(moment, tick=False)
        runs += periodic_jobs_run(jobs=(job,))

    assert runs == ["nightly 2027-10-31"]


def test_29_february_is_a_day_like_any_other(settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    job = Job(name="nightly", period=daily(), task=card_expiry_check)
    runs = []
    for moment in ("2028-02-28T23:59:30", "2028-02-29T00:00:30", "2028-03-01T00:00:30"):
        time_machine.move_to(datetime.fromisoformat(moment + "+00:00"), tick=False)
        runs += periodic_jobs_run(jobs=(job,))

    assert runs == ["nightly 2028-02-28", "nightly 2028-02-29", "nightly 2028-03-01"]


def test_a_job_waits_for_its_hour_and_a_late_worker_catches_up(settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    job = Job(name="cards", period=daily(at=time(9)), task=card_expiry_check)

    time_machine.move_to(datetime(2027, 6, 1, 7, 59, tzinfo=UTC), tick=False)  # 08:59 BST
    assert periodic_jobs_run(jobs=(job,)) == []
    time_machine.move_to(datetime(2027, 6, 1, 14, 0, tzinfo=UTC), tick=False)  # workers were down
    assert periodic_jobs_run(jobs=(job,)) == ["cards 2027-06-01"]


def test_a_yearly_job_runs_each_january(settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    job = Job(name="statements", period=yearly(month=1, day=1), task=card_expiry_check)
    runs = []
    for moment in ("2027-12-31T23:59:30", "2028-01-01T00:00:30", "2028-06-01T00:00:30"):
        time_machine.move_to(datetime.fromisoformat(moment + "+00:00"), tick=False)
        runs += periodic_jobs_run(jobs=(job,))

    assert runs == ["statements 2028"]


@pytest.mark.parametrize("day", [0, 29, 31])
def test_a_monthly_day_every_month_does_not_have_is_refused(day):
    with pytest.raises(ValueError):
        monthly(day=day)


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_queue_the_daily_card_check_once(settings, time_machine):
    """The workers' own sweep, in two threads (two database connections) released together."""
    settings.TIME_ZONE = "Europe/London"
    time_machine.move_to(datetime(2027, 3, 28, 8, 0, 30, tzinfo=UTC), tick=False)  # 09:00:30 BST
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait(timeout=10)
            _sweep()
        except Exception as error:  # pragma: no cover: shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert list(
        PeriodicRun.objects.filter(job="card-expiry-notices").values_list("job", "period")
    ) == [("card-expiry-notices", "2027-03-28")]
    assert _queued(CARD_CHECK) == 1
    _sweep()  # a minute later, the same day
    assert _queued(CARD_CHECK) == 1
    connection.close()


def test_an_hourly_job_runs_each_hour_once_even_the_hour_that_happens_twice(settings, time_machine):
    settings.TIME_ZONE = "Europe/London"
    job = Job(name="reminders", period=hourly(), task=card_expiry_check)
    runs = []
    for moment in ("00:30", "00:59", "01:30", "01:45"):  # 01:30 BST, then 01:30 GMT
        time_machine.move_to(datetime.fromisoformat(f"2027-10-31T{moment}+00:00"), tick=False)
        runs += periodic_jobs_run(jobs=(job,))

    assert runs == ["reminders 2027-10-31T00", "reminders 2027-10-31T01"]
