"""Periodic jobs: what the site does by the calendar (a daily check of donors' cards, a
yearly statement each January), each defined once, here, and queued once per period.

A job names its period: a function of the local time (TIME_ZONE) that returns the key of the
period due at that moment ("2026-03-01" for a day, "2026-03" for a month), or None while the
period has not come yet (before the job's hour). Every worker's minute sweep
(`manage.py worker`) calls `periodic_jobs_run`, which inserts a row per due (job, period);
the row is unique, so of any number of workers sweeping at once exactly one inserts it, and
queues the job's task with that commit. A worker that was down at the hour catches up at its
next sweep: the period is still due until it ends. Keys are local calendar dates, so a
daylight-saving change, which repeats or skips an hour, never makes a second day, and a month
or 29 February is simply a key.

To add a job, add it to JOBS: a name (stable: it keys the runs), its period, and its task (a
task in donations/tasks.py that takes no arguments, safe to run twice, like every task).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from donations import tasks
from donations.models import PeriodicRun

logger = logging.getLogger(__name__)

Period = Callable[[datetime], str | None]


def daily(*, at: time = time(0)) -> Period:
    """Every day, from `at` local time."""

    def period(local: datetime) -> str | None:
        return local.date().isoformat() if local.time() >= at else None

    return period


def hourly() -> Period:
    """Every hour. Keyed by the hour in UTC, so the local hour that happens twice when the
    clocks go back is two periods, as it is two hours."""

    def period(local: datetime) -> str | None:
        return local.astimezone(UTC).strftime("%Y-%m-%dT%H")

    return period


def monthly(*, day: int = 1, at: time = time(0)) -> Period:
    """Every month, from `day` (1 to 28, a day every month has) at `at` local time."""
    if not 1 <= day <= 28:
        raise ValueError("A monthly job's day is one every month has: 1 to 28.")

    def period(local: datetime) -> str | None:
        return local.strftime("%Y-%m") if (local.day, local.time()) >= (day, at) else None

    return period


def yearly(*, month: int = 1, day: int = 1, at: time = time(0)) -> Period:
    """Every year, from `day` (1 to 28) of `month` at `at` local time, until that month ends: a
    site that starts in June does not send January's work then."""
    if not 1 <= month <= 12 or not 1 <= day <= 28:
        raise ValueError("A yearly job's day is one every month has: 1 to 28.")

    def period(local: datetime) -> str | None:
        due = local.month == month and (local.day, local.time()) >= (day, at)
        return str(local.year) if due else None

    return period


@dataclass(frozen=True)
class Job:
    name: str
    period: Period
    task: object  # a django Tasks API task, taking no arguments


JOBS: tuple[Job, ...] = (
    Job(name="card-expiry-notices", period=daily(at=time(9)), task=tasks.card_expiry_check),
    # Each January from the 2nd (New Year's Day's gifts are still arriving by webhook on the 1st).
    Job(
        name="yearly-statements",
        period=yearly(month=1, day=2, at=time(9)),
        task=tasks.statements_send_last_year,
    ),
    Job(name="reminders", period=hourly(), task=tasks.reminders_send_due),
)


def periodic_jobs_run(*, now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Queue each job whose period is due and not yet claimed; return the claimed
    "job period" names. Safe to call from any number of workers at once."""
    local = timezone.localtime(now or timezone.now())
    claimed = []
    for job in jobs:
        period = job.period(local)
        if period is None:
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.name, period=period)
                tasks.enqueue_with_commit(job.task)
        except IntegrityError:
            continue  # another worker claimed this period first
        logger.info("Queued periodic job %s for %s", job.name, period)
        claimed.append(f"{job.name} {period}")
    return claimed
