"""Work for the queue: what happens after Stripe or a reader has had their answer.

Django's Tasks API: `task.enqueue(...)` stores the call (TASKS_BACKEND: the database, or Redis)
and `manage.py worker` runs it, perhaps on another machine. So a task takes plain values (ids,
an address), never objects, and reads the current rows when it runs; and each is safe to run
twice, since a worker that dies mid-task leaves its task to be run again.
"""

import contextlib
import contextvars
import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

from donations import webhooks
from donations.models import Donation, RecurringDonation
from donations.services import mail, notices, reminders, statements

logger = logging.getLogger(__name__)

GIFTS = {"donation": Donation, "recurring": RecurringDonation}


# While set (enqueues_collected), the calls enqueue_with_commit would queue, collected instead.
_collected: contextvars.ContextVar[list | None] = contextvars.ContextVar("collected", default=None)


def enqueue_with_commit(task, *args, run_after: datetime | None = None) -> None:
    """Queue `task` with the work the current transaction commits, never before it: a worker
    must find what the transaction wrote.

    With the queue in the database, the task's row is part of the transaction: stored and queued
    commit together, or neither does, in one commit. With the queue elsewhere (Redis), the task
    is queued once the transaction has committed; an enqueue that fails then is logged, not
    raised (`robust`): what was committed stands, and this task is lost (an email not sent).

    Inside `enqueues_collected`, a call due now is collected instead, for its caller to queue.
    """
    collected = _collected.get()
    if collected is not None and run_after is None:
        collected.append([task.module_path, list(args)])
        return
    if run_after is not None:
        task = task.using(run_after=run_after)
    if settings.TASKS_BACKEND == "database":
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args), robust=True)


@contextlib.contextmanager
def enqueues_collected():
    """Collect, rather than queue, the tasks enqueued within (as [task path, args] lists): a
    batch of webhook events queues its thank-you emails and notices as one `tasks_run`, one
    task row and one claim where each email would take its own."""
    collected = []
    token = _collected.set(collected)
    try:
        yield collected
    finally:
        _collected.reset(token)


@task()
def tasks_run(calls: list) -> int:
    """Run tasks queued together (see enqueues_collected), one after another. One that fails is
    logged, and the others still run: each is one email that its own task would have lost too.
    Returns how many succeeded.

    The thank-you emails among them go together (mail.thank_yous_send: one query, one template,
    one connection to the mail server, where each would take its own); should that fail as a
    whole (the database away a moment), each is tried again alone."""
    succeeded = 0
    thanks = [args for path, args in calls if path == thank_you_send.module_path]
    if len(thanks) > 1:
        try:
            mail.thank_yous_send(gifts=[(GIFTS[gift], pk) for gift, pk in thanks])
        except Exception:
            logger.exception("Could not send %d thank-you emails together", len(thanks))
        else:
            succeeded += len(thanks)
            calls = [call for call in calls if call[0] != thank_you_send.module_path]
    for path, args in calls:
        try:
            import_string(path).call(*args)
        except Exception:
            logger.exception("Task %s%r failed", path, tuple(args))
        else:
            succeeded += 1
    return succeeded


@task()
def webhook_event_process(event_pk: int) -> str:
    """One attempt at a stored Stripe event. Workers now claim events from their table in
    batches (webhooks.webhook_events_process_due); this stays for tasks queued before that."""
    return webhooks.webhook_event_process(event_pk=event_pk).value


@task()
def thank_you_send(gift: str, pk: int) -> None:
    """Thank a donor for a new gift (`gift`: a key of GIFTS). Queued once per gift, when its
    recording commits; a mail server that fails loses this one email, logged, never the gift."""
    mail.thank_you_send(model=GIFTS[gift], pk=pk)


@task()
def manage_link_send(email: str) -> None:
    """Mail the manage link to the donors with this address, if any. Queued for every address
    asked about, so the page answers alike, and as fast, for a donor and a stranger."""
    mail.manage_link_send(email=email)


@task()
def donor_notice_send(pk: int) -> None:
    """Send a notice about a recurring gift (donations.services.notices): queued once per
    notice, when it is recorded."""
    mail.donor_notice_send(pk=pk)


@task()
def card_expiry_check() -> int:
    """The daily look at donors' cards (donations.schedule): a notice for each gift whose card
    expires before its next payment, once per card."""
    return notices.card_expiry_check()


@task()
def statements_send(year: int) -> int:
    """Email each donor who gave in `year` their statement, once (see
    services.statements.statement_send); returns how many were sent."""
    return statements.statements_send(year=year)


@task()
def statements_send_last_year() -> int:
    """For the schedule, each January: last year's statements."""
    return statements.statements_send_last_year()


@task()
def reminders_send_due() -> int:
    """The hourly look for reminders due (donations.schedule): a send task for each. A
    reminder queued twice (its task still waiting at the next sweep) is sent once."""
    due = reminders.reminders_due()
    for pk in due:
        reminder_send.enqueue(pk)
    return len(due)


@task()
def reminder_send(pk: int) -> None:
    """Send a reader's reminder email, if still due (donations.services.reminders)."""
    reminders.reminder_send(pk=pk)
