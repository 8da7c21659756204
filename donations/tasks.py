"""Work for the queue: what happens after Stripe or a reader has had their answer.

Django's Tasks API: `task.enqueue(...)` stores the call (TASKS_BACKEND: the database, or Redis)
and `manage.py worker` runs it, perhaps on another machine. So a task takes plain values (ids,
an address), never objects, and reads the current rows when it runs; and each is safe to run
twice, since a worker that dies mid-task leaves its task to be run again.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

from donations import webhooks
from donations.models import Donation, RecurringDonation
from donations.services import mail, notices, reminders

GIFTS = {"donation": Donation, "recurring": RecurringDonation}


def enqueue_with_commit(task, *args, run_after: datetime | None = None) -> None:
    """Queue `task` with the work the current transaction commits, never before it: a worker
    must find what the transaction wrote.

    With the queue in the database, the task's row is part of the transaction: stored and queued
    commit together, or neither does, in one commit. With the queue elsewhere (Redis), the task
    is queued once the transaction has committed; an enqueue that fails then is logged, not
    raised (`robust`): what was committed stands, and whatever needs the task notices its loss
    (an event's due time; see webhooks.webhook_events_requeue).
    """
    if run_after is not None:
        task = task.using(run_after=run_after)
    if settings.TASKS_BACKEND == "database":
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args), robust=True)


@task()
def webhook_event_process(event_pk: int) -> str:
    """One attempt at a stored Stripe event: its failure queues the next (webhooks.py)."""
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
