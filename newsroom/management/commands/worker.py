"""`manage.py worker`: one worker for the task queue, whichever backend holds it.

The backends' own workers do the work (django-tasks-db's `db_worker`, django-rq's `rqworker`);
this command picks the one TASKS_BACKEND names, with the options this project needs, and adds
the one thing neither does: a sweep, at start and every minute, that queues again what a queue
can lose (see donations.webhooks.webhook_events_requeue) and queues the periodic jobs whose
period has come (donations.schedule). Run as many as you like, on as many machines: they share
the queue, each task runs once (a row lock, or Redis's list pop), and each periodic job once a
period (a unique row).
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
from donations.webhooks import webhook_events_requeue

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks.signals import task_finished, task_started
except ImportError:
    from django_tasks.signals import task_finished, task_started

logger = logging.getLogger(__name__)

SWEEP_SECONDS = 60


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
        if works:
            _sweep()
            if not burst:
                threading.Thread(target=_sweep_every_minute, daemon=True).start()
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
            batch=burst,
            reload=reload,
            startup_delay=not burst,
            verbosity=verbosity,
        )


def _tidy_connections(**kwargs) -> None:
    close_old_connections()


def _sweep() -> None:
    try:
        webhook_events_requeue()
    except Exception:  # the next sweep tries again; the worker itself carries on
        logger.exception("Could not sweep for overdue webhook events")
    try:
        periodic_jobs_run()
    except Exception:  # likewise: the period is still due at the next sweep
        logger.exception("Could not queue the periodic jobs")
    finally:
        connections.close_all()  # this thread's own


def _sweep_every_minute() -> None:
    interval = max(1, min(SWEEP_SECONDS, settings.WEBHOOK_REQUEUE_AFTER))
    while True:
        time.sleep(interval)
        _sweep()
