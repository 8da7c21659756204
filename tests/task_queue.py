"""The task queue in tests: the database backend, run by the worker's own code, in-process.

Tests enqueue exactly as the site does (TASKS_BACKEND=database, rows in the test database), and
`TaskQueue.run()` claims and runs the due tasks with django-tasks-db's own worker code (its
queryset, its claim, its `Worker.run_task`), one after another, as `manage.py worker` would, and
the due Stripe events in batches with the worker's own `webhook_events_process_due`.
What it leaves out is the worker's process: its loop, signals and connection tidying, which
close a test's transaction; tests/test_task_workers.py runs real worker processes.
"""

from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from donations.models import WebhookEvent
from donations.webhooks import webhook_events_process_due

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks import TaskResultStatus
except ImportError:
    from django_tasks import TaskResultStatus


class TaskQueue:
    def __init__(self):
        self.worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
            excluded_queue_names=[],
        )

    def run(self, *, limit: int = 1000) -> list[DBTaskResult]:
        """Run every due event and task, and the tasks they queue, until none is; return the
        tasks run.

        A test's own transaction never commits, so the work a task leaves for its commit (the
        thank-you email it queues) is run as its commit would run it, when the task ends.
        """
        done = []
        for _ in range(limit):
            with TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True):
                if webhook_events_process_due():
                    continue
            with transaction.atomic():
                task = self.due().select_for_update(skip_locked=True).first()
                if task is None:
                    return done
                task.claim(self.worker.worker_id)
            with TestCase.captureOnCommitCallbacks(using=connection.alias, execute=True):
                self.worker.run_task(task)
            done.append(task)
        raise AssertionError(f"More than {limit} tasks: is a task queueing itself?")

    def run_retries(self) -> list[DBTaskResult]:
        """Run the tasks queued for later (retries after their backoff) as though their time had
        come, and whatever is due; tests of the backoff itself move the clock instead."""
        self.queued().update(run_after=timezone.now())
        self.events_queued().update(next_attempt_at=timezone.now())
        return self.run()

    def run_until_idle(self, *, rounds: int = 20) -> list[DBTaskResult]:
        """Run everything, each retry as soon as it is queued, until nothing is left queued:
        a failing event's retries, run until they run out."""
        done = []
        for _ in range(rounds):
            if not self.queued().exists() and not self.events_queued().exists():
                return done
            done += self.run_retries()
        raise AssertionError(f"Still queued after {rounds} rounds of retries")

    def due(self):
        return DBTaskResult.objects.ready()

    def queued(self):
        """Every task not run yet, due or not."""
        return DBTaskResult.objects.filter(status=TaskResultStatus.READY)

    def events_queued(self):
        """Every Stripe event with an attempt to come, due or not."""
        return WebhookEvent.objects.filter(processed_at__isnull=True, next_attempt_at__isnull=False)
