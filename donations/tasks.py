"""Work for the queue: what happens after Stripe or a reader has had their answer.

Django's Tasks API: `task.enqueue(...)` stores the call (TASKS_BACKEND: the database, or Redis)
and `manage.py worker` runs it, perhaps on another machine. So a task takes plain values (ids,
an address), never objects, and reads the current rows when it runs; and each is safe to run
twice, since a worker that dies mid-task leaves its task to be run again.
"""

import functools
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import pre_save
from django.utils import timezone

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

from donations import webhooks
from donations.models import Donation, RecurringDonation
from donations.services import mail, notices, reminders, statements

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


def insert_and_enqueue(task, *, insert: str, params: list) -> int | None:
    """Run `insert` (an INSERT ... RETURNING the new row's id, or no row) and, in the same
    statement, queue `task` with that id as its argument if a row was inserted. Returns the id.

    One statement in autocommit is one round trip and one commit, where the insert and
    `task.enqueue` in a transaction take four (BEGIN, two inserts, COMMIT): a webhook delivery
    waits for nothing else. PostgreSQL with the queue in the database only (data-modifying WITH);
    see `enqueues_with_insert`. The task's row is the one the backend's enqueue writes (below);
    the task_enqueued signal, which django-tasks only logs at DEBUG, is not sent.
    """
    sql, template = _task_row(task, insert)
    task_params = [
        value if make is None else make[0].get_db_prep_save(make[1](), connection)
        for value, make in template
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *task_params])
        inserted = cursor.fetchone()
    return None if inserted is None else inserted[0]


@functools.cache
def _task_row(task, insert: str) -> tuple[str, list]:
    """The statement for insert_and_enqueue, and its task row's values, made once per process.

    The row is the one django-tasks-db's DatabaseBackend.enqueue creates (the same constructor
    arguments, the model's defaults and pre_save), with the argument left for PostgreSQL to fill
    in with the inserted id. Each value comes with how to make it afresh for each row (the id,
    `enqueued_at`: its field and a function), or None when it is the same for every row.
    """
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    backend.validate_task(task)
    row = DBTaskResult(
        id=backend._get_id(),
        args_kwargs={"args": [0], "kwargs": {}},  # the 0 becomes the inserted row's id
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=backend.alias,
    )
    pre_save.send(DBTaskResult, instance=row, raw=False, using=connection.alias, update_fields=None)
    quote = connection.ops.quote_name
    columns, values, template = [], [], []
    for field in DBTaskResult._meta.concrete_fields:
        columns.append(quote(field.column))
        value = field.get_db_prep_save(field.pre_save(row, add=True), connection)
        if field.primary_key:
            template.append((value, (field, backend._get_id)))
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            template.append((value, (field, timezone.now)))
        else:
            template.append((value, None))
        if field.name == "args_kwargs":
            values.append("jsonb_set(%s, '{args,0}', to_jsonb(inserted.id))")
        else:
            values.append("%s")
    sql = (
        f"WITH inserted(id) AS ({insert}), "
        f"queued AS (INSERT INTO {quote(DBTaskResult._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM inserted) "
        "SELECT id FROM inserted"
    )
    return sql, template


def enqueues_with_insert() -> bool:
    """Whether `insert_and_enqueue` can be used here: the queue in the database, on PostgreSQL."""
    return settings.TASKS_BACKEND == "database" and connection.vendor == "postgresql"


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
