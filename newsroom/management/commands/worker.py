"""`manage.py worker`: one worker for the task queue, whichever backend holds it.

The backends' own workers do the work (django-tasks-db's `db_worker`, django-rq's `rqworker`);
this command picks the one TASKS_BACKEND names, with the options this project needs, and adds
what neither does: a thread that claims Stripe's stored events from their own table in batches
and processes them (donations.webhooks.webhook_events_process_due), and a sweep, at start and
every minute, that queues the periodic jobs whose period has come (donations.schedule). Run as
many as you like, on as many machines: they share the queue, each task runs once (a row lock, or
Redis's list pop), each event is claimed by one worker at a time (a row lock and a lease), and
each periodic job runs once a period (a unique row).
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from donations.schedule import periodic_jobs_run
from donations.webhooks import webhook_events_process_due

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks.signals import task_finished, task_started
except ImportError:
    from django_tasks.signals import task_finished, task_started

logger = logging.getLogger(__name__)

SWEEP_SECONDS = 60
# How often an idle worker looks for due webhook events: one indexed read, on a partial index
# that holds only the events not processed yet.
EVENTS_POLL_SECONDS = 0.5
# How often an idle worker looks for due tasks (db_worker's own default: a second). A batch of
# events queues its thank-you emails as one task as it commits: a quarter of a second is how
# long they may wait for an idle worker, for one indexed read four times a second.
TASKS_POLL_SECONDS = 0.25


class Command(BaseCommand):
    help = (
        "Run one worker for the task queue (TASKS_BACKEND): Stripe webhook processing, donors' "
        "emails, photo renditions. Stop it with Ctrl-C or SIGTERM: it finishes its current task."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst", action="store_true", help="Run every task that is due, then stop."
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            default=None,
            help="Restart when code changes (the database backend only; default: DEBUG).",
        )

    def handle(self, *args, burst, reload, verbosity, **options):
        reload = settings.DEBUG if reload is None else reload
        reload = reload and not burst and settings.TASKS_BACKEND == "database"
        # With --reload this process only watches and restarts the one that works.
        works = not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        stopping = threading.Event()
        events = None
        if works:
            _sweep()
            if burst:
                _process_due_events(stopping)
            else:
                threading.Thread(target=_sweep_every_minute, daemon=True).start()
                events = threading.Thread(target=_events_loop, args=[stopping], daemon=True)
                events.start()
        try:
            self._run_tasks(burst=burst, reload=reload, verbosity=verbosity)
        finally:
            # Let the batch in hand commit (its events would otherwise wait for their lease).
            stopping.set()
            if events is not None:
                events.join(timeout=60)

    def _run_tasks(self, *, burst, reload, verbosity):
        if settings.TASKS_BACKEND == "rq":
            # Tasks run one after another in this process (no fork per task), so each starts and
            # ends as a request does: with database connections checked, like Django's own.
            task_started.connect(_tidy_connections)
            task_finished.connect(_tidy_connections)
            call_command(
                "rqworker",
                "default",
                worker_class="rq.worker.SimpleWorker",
                job_class="django_tasks_rq.Job",  # runs a django.tasks Task, not a function
                with_scheduler=True,  # moves retries queued for later onto the queue when due
                burst=burst,
                verbosity=verbosity,
            )
            return
        call_command(
            "db_worker",
            queue_name="default",
            interval=TASKS_POLL_SECONDS,
            batch=burst,
            reload=reload,
            startup_delay=not burst,
            verbosity=verbosity,
        )


def _tidy_connections(**kwargs) -> None:
    close_old_connections()


def _process_due_events(stopping: threading.Event) -> None:
    """Process batches of due events until none is left (or the worker stops)."""
    while not stopping.is_set() and webhook_events_process_due():
        pass


def _events_loop(stopping: threading.Event) -> None:
    """The worker's webhook events: batch after batch while any is due, else a look every
    EVENTS_POLL_SECONDS. A failure of the loop itself (the database away) is logged, and the
    loop carries on with a fresh connection; an event's own failure never reaches here."""
    while not stopping.is_set():
        try:
            _process_due_events(stopping)
        except Exception:
            logger.exception("Could not process webhook events")
            connections.close_all()
            stopping.wait(5)
        close_old_connections()
        stopping.wait(EVENTS_POLL_SECONDS)
    connections.close_all()  # this thread's own


def _sweep() -> None:
    try:
        periodic_jobs_run()
    except Exception:  # likewise: the period is still due at the next sweep
        logger.exception("Could not queue the periodic jobs")
    finally:
        connections.close_all()  # this thread's own


def _sweep_every_minute() -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        _sweep()
