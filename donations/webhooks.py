"""Stripe webhooks: verify, store, enqueue, answer; a worker processes the event after.

A delivery is answered as soon as its event is stored (unique by its id) and its processing is
queued, so Stripe waits on a signature check and one insert, never on our handlers or on
Stripe's own API. A duplicate delivery is acknowledged and queues nothing.

A worker (`donations.tasks.webhook_event_process`) then processes the event through a table of
handlers. Fetch, then write: a handler first reads from Stripe whatever its write needs, with no
transaction open; then one short transaction locks the event's row, runs the write and marks the
event processed, so any number of attempts at one event, on any number of workers, write once
(and business keys make two events about one payment one gift). A failed attempt is stored on
the event and queued again with backoff (settings.WEBHOOK_RETRY_DELAYS); when the retries run
out the event is left failed, ADMINS are told once, and Fundraising can replay it.

The event row is the queue's own record: `next_attempt_at` says an attempt is queued. A worker
that dies mid-task, or a Redis that loses its queue, leaves an event overdue, and a worker's
sweep (`webhook_events_requeue`) queues it again. Nothing queued is ever lost for good.

Objects on the account that are not ours (a shop's sales, another tool's subscriptions) are
stored and processed like any event; their handlers find nothing of ours to write, and the event
records "nothing to record".
"""

import enum
import logging
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from donations import alerts, gateway, tasks
from donations.models import WebhookEvent
from donations.services import manage, notices, recording

logger = logging.getLogger(__name__)

# Stripe's objects nest a dozen levels at most; far deeper is no event of Stripe's, and nears
# what Python's JSON encoder (and then PostgreSQL's jsonb) can take.
MAX_PAYLOAD_DEPTH = 64


class Outcome(enum.StrEnum):
    QUEUED = "queued"  # stored, and its processing queued: the answer to a new delivery
    PROCESSED = "processed"
    # A type we act on, about nothing we record: another tool's object on the account, an
    # invoice no money paid. Recorded as such on the event, so that the admin's list of events
    # does not say "processed" of a sale that is not ours.
    NOTHING_TO_RECORD = "nothing to record"
    IGNORED = "ignored"  # a type we do not act on: stored and acknowledged
    DUPLICATE = "duplicate"  # stored before (processed or queued): acknowledged, not queued again
    FAILED = "failed"  # stored with its error; queued again unless its retries have run out


class EventUnstorable(Exception):
    """A validly signed event our database cannot store; the message says why."""


# A handler reads what it needs from Stripe (no transaction open) and returns the write to run
# in the event's transaction, or None when there is nothing of ours to write. A write returns
# what it recorded, or None when it found nothing of ours.
Write = Callable[[], object]


def _occurred_at(event: dict) -> datetime:
    return datetime.fromtimestamp(event["created"], tz=UTC)


def _checkout_completed(session: dict, event: dict) -> Write | None:
    facts = recording.checkout_fetch(session=session)
    if facts is None:
        return None
    return lambda: recording.donation_write_checkout(facts=facts, occurred_at=_occurred_at(event))


def _checkout_async_failed(session: dict, event: dict) -> Write:
    return lambda: recording.donation_fail_checkout(
        session=session, occurred_at=_occurred_at(event)
    )


def _invoice_paid(invoice: dict, event: dict) -> Write | None:
    return _invoice(invoice, event, paid=True)


def _invoice_payment_failed(invoice: dict, event: dict) -> Write | None:
    return _invoice(invoice, event, paid=False)


def _invoice(invoice: dict, event: dict, *, paid: bool) -> Write | None:
    facts = recording.invoice_fetch(invoice=invoice, paid=paid)
    if facts is None:
        return None
    return lambda: recording.donation_write_invoice(
        facts=facts, paid=paid, version=event["created"]
    )


def _invoice_upcoming(invoice: dict, event: dict) -> Write | None:
    """An annual gift renews in a few days: the donor is told the amount and the date."""
    renewal = notices.renewal_fetch(
        invoice=invoice, subscription_id=recording.invoice_subscription_id(invoice)
    )
    if renewal is None:
        return None
    return lambda: notices.renewal_notify(renewal=renewal)


def _subscription_changed(subscription: dict, event: dict) -> Write:
    def write():
        recurring = recording.recurring_sync(subscription=subscription, version=event["created"])
        if recurring is not None:
            manage.gift_changes_from_event(recurring=recurring, event=event)
        return recurring

    return write


def _charge_refunded(charge: dict, event: dict) -> Write | None:
    facts = recording.refund_fetch(charge=charge)
    if facts is None:
        return None
    return lambda: recording.donation_refund(facts=facts)


HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "checkout.session.async_payment_failed": _checkout_async_failed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_payment_failed,
    "invoice.upcoming": _invoice_upcoming,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "charge.refunded": _charge_refunded,
}


def webhook_receive(*, payload: bytes, signature: str | None) -> Outcome:
    """Verify a delivery, store its event and queue its processing: what Stripe waits for.

    Returns QUEUED, DUPLICATE, or IGNORED for a type we do not act on (stored as processed).
    Raises WebhookSignatureInvalid, and EventUnstorable for a signed event we cannot store.
    """
    event = gateway.webhook_event_verify(payload, signature)
    reason = event_unstorable_reason(event)
    if reason:
        raise EventUnstorable(reason)
    now = timezone.now()
    acted_on = event["type"] in HANDLERS
    fields = {
        "stripe_event_id": event["id"],
        "type": event["type"],
        "payload": event,
        "created": event["created"],
        "received_at": now,
        "processed_at": None if acted_on else now,
        "outcome": "" if acted_on else Outcome.IGNORED,
        "attempts": 0,
        "last_error": "",
        "next_attempt_at": now if acted_on else None,
        "failed_at": None,
    }
    if not acted_on:
        return Outcome.DUPLICATE if _store_new(fields) is None else Outcome.IGNORED
    if tasks.enqueues_with_insert():  # the event and its task in one statement, one commit
        event_pk = _store_new(fields, queue=True)
    elif settings.TASKS_BACKEND == "database":  # SQLite (the demo): one transaction
        with transaction.atomic():
            if (event_pk := _store_new(fields)) is not None:
                _enqueue(event_pk=event_pk)
    elif (event_pk := _store_new(fields)) is not None:  # committed: queued in Redis after it
        _enqueue(event_pk=event_pk)
    if event_pk is not None:
        return Outcome.QUEUED
    return _stored_before(stripe_event_id=event["id"], now=now)


def _stored_before(*, stripe_event_id: str, now: datetime) -> Outcome:
    """A delivery of an event stored before: a duplicate, unless its retries have run out, when
    a delivery now (Stripe's dashboard resends on request) is one more try; one of racing
    deliveries wins the update and queues it. Most are plain duplicates: one read, no transaction.
    """
    stored = WebhookEvent.objects.filter(stripe_event_id=stripe_event_id)
    event_pk, processed_at, next_attempt_at = stored.values_list(
        "pk", "processed_at", "next_attempt_at"
    ).get()
    if processed_at is not None or next_attempt_at is not None:
        return Outcome.DUPLICATE
    given_up = stored.filter(processed_at__isnull=True, next_attempt_at__isnull=True)
    with transaction.atomic():
        if given_up.update(next_attempt_at=now):
            _enqueue(event_pk=event_pk)
            return Outcome.QUEUED
    return Outcome.DUPLICATE


def _store_new(fields: dict, *, queue: bool = False) -> int | None:
    """Insert an event unless its id is stored already; its primary key if it was inserted.
    With `queue`, its processing is queued in the same statement (tasks.insert_and_enqueue).

    One statement (INSERT ... ON CONFLICT DO NOTHING RETURNING, PostgreSQL's and SQLite's),
    where get_or_create takes four (a select, a savepoint, the insert and its release): this is
    the whole of what a delivery waits for. A concurrent insert of the same id waits for the
    first to commit, then inserts nothing (and queues nothing). Values are prepared by the
    model's own fields, as the ORM prepares them.
    """
    meta = WebhookEvent._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote('stripe_event_id')}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    values = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(columns, fields.values(), strict=True)
    ]
    if queue:
        return tasks.insert_and_enqueue(tasks.webhook_event_process, insert=sql, params=values)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def webhook_event_process(*, event_pk: int) -> Outcome:
    """A worker's attempt at a stored event; a failure is queued again with backoff, and the
    last one leaves the event failed and tells ADMINS."""
    event = (
        WebhookEvent.objects.filter(pk=event_pk, processed_at__isnull=True)
        .values_list("payload", flat=True)
        .first()
    )
    if event is None:
        return Outcome.DUPLICATE  # processed already (or by a replay), and no Stripe call for it
    return _process(event=event, retry=True)


def webhook_event_handle(*, event: dict) -> Outcome:
    """Store an event if it is new and process it now, in this process (`reconcile_stripe`,
    which reads events from Stripe's API rather than receiving them). A failure is queued for
    retry as a worker's would be. Raises EventUnstorable, before anything is stored or fetched.
    """
    reason = event_unstorable_reason(event)
    if reason:
        raise EventUnstorable(reason)
    if WebhookEvent.objects.filter(stripe_event_id=event["id"], processed_at__isnull=False):
        return Outcome.DUPLICATE  # and no Stripe call for it
    WebhookEvent.objects.get_or_create(
        stripe_event_id=event["id"],
        defaults={
            "type": event["type"],
            "payload": event,
            "created": event["created"],
            "next_attempt_at": timezone.now(),
        },
    )
    return _process(event=event, retry=True)


def webhook_event_replay(*, event_pk: int) -> Outcome:
    """Process a stored event again, now (the admin's replay); a processed one is left alone.

    A replay that fails is stored on the event like any attempt, but neither queues a retry nor
    tells ADMINS again: staff are looking at it.
    """
    event = WebhookEvent.objects.get(pk=event_pk)
    if event.processed_at is not None:
        return Outcome.DUPLICATE
    return _process(event=event.payload, retry=False)


def webhook_events_requeue(*, now: datetime | None = None) -> int:
    """Queue again every event whose queued attempt is overdue by WEBHOOK_REQUEUE_AFTER: its
    task was lost (a worker killed mid-task, a Redis that lost its data). Returns how many.

    Each is moved on to now as it is queued, so workers sweeping at once queue it once, and a
    long backlog is queued again at most once per WEBHOOK_REQUEUE_AFTER. An attempt that was not
    lost after all finds the event processed and does nothing.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WEBHOOK_REQUEUE_AFTER)
    overdue = WebhookEvent.objects.filter(processed_at__isnull=True, next_attempt_at__lt=cutoff)
    requeued = 0
    for pk in overdue.order_by("next_attempt_at").values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            if overdue.filter(pk=pk).update(next_attempt_at=now):
                _enqueue(event_pk=pk)
                requeued += 1
    if requeued:
        logger.warning("Queued %d overdue Stripe event(s) again", requeued)
    return requeued


def _enqueue(*, event_pk: int, run_after: datetime | None = None) -> None:
    """Queue an attempt with the commit that stores the event's due time. An enqueue that fails
    after the commit (Redis down) is logged, and the event is queued again by a worker's sweep
    once overdue."""
    tasks.enqueue_with_commit(tasks.webhook_event_process, event_pk, run_after=run_after)


def _process(*, event: dict, retry: bool) -> Outcome:
    """Fetch what the event needs from Stripe, then write it and mark the event processed, in
    one transaction that holds the event's row lock: a concurrent attempt waits for it, then
    finds the event processed. If anything fails, nothing the write did is kept."""
    handler = HANDLERS.get(event["type"])
    try:
        write = handler(event["data"]["object"], event) if handler is not None else None
        with transaction.atomic():
            locked = WebhookEvent.objects.select_for_update().only("processed_at", "attempts")
            stored = locked.get(stripe_event_id=event["id"])  # the payload is read already
            if stored.processed_at is not None:
                return Outcome.DUPLICATE
            recorded = write() if write is not None else None
            if handler is None:
                outcome = Outcome.IGNORED
            elif recorded is None:
                logger.debug("Stripe event %s (%s): nothing to record", event["id"], event["type"])
                outcome = Outcome.NOTHING_TO_RECORD
            else:
                outcome = Outcome.PROCESSED
            stored.processed_at = timezone.now()
            stored.outcome = outcome
            stored.attempts += 1
            stored.last_error = ""
            stored.next_attempt_at = None
            fields = ["processed_at", "outcome", "attempts", "last_error", "next_attempt_at"]
            stored.save(update_fields=fields)
    except Exception:
        _record_failure(event=event, retry=retry)
        return Outcome.FAILED
    return outcome


def event_unstorable_reason(event: dict) -> str:
    """Why the database could not store this event, or "" if it can.

    Checked before anything is stored: a signed payload PostgreSQL refuses would otherwise fail
    on every delivery with a 500, and never be kept for anyone to see.
    """
    for name, column in (("id", "stripe_event_id"), ("type", "type")):
        limit = WebhookEvent._meta.get_field(column).max_length
        if len(event[name]) > limit:
            return f"its {name} is longer than {limit} characters"
    # Iterative, so a deep payload cannot exhaust the stack while we look at it.
    pending = [(event, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_PAYLOAD_DEPTH:
            return f"it is nested deeper than {MAX_PAYLOAD_DEPTH} levels"
        if isinstance(value, dict):
            if any("\x00" in key for key in value):
                return "it has a NUL character, which PostgreSQL cannot store"
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and "\x00" in value:
            return "it has a NUL character, which PostgreSQL cannot store"
    return ""


def _record_failure(*, event: dict, retry: bool) -> None:
    """Keep the error on the event (for the admin) and, for a queued attempt, queue the next one
    after its delay, or leave the event failed and tell ADMINS once when the retries run out."""
    error = traceback.format_exc(limit=8)[-4000:]
    now = timezone.now()
    with transaction.atomic():
        stored = WebhookEvent.objects.select_for_update().get(stripe_event_id=event["id"])
        if stored.processed_at is not None:
            return  # another attempt got there first
        stored.attempts += 1
        stored.last_error = error
        tell_admins = False
        if retry:
            # A delay per attempt made, whoever made it: replays count too.
            delays = settings.WEBHOOK_RETRY_DELAYS
            if stored.attempts <= len(delays):
                delay = timedelta(seconds=delays[stored.attempts - 1])
                stored.next_attempt_at = now + delay
                _enqueue(event_pk=stored.pk, run_after=stored.next_attempt_at)
            else:
                stored.next_attempt_at = None
                tell_admins = stored.failed_at is None
                stored.failed_at = stored.failed_at or now
        stored.save(update_fields=["attempts", "last_error", "next_attempt_at", "failed_at"])
    # Not swallowed: logged with its traceback, kept on the event, and retried or told.
    if retry and not tell_admins and stored.next_attempt_at is not None:
        logger.warning(
            "Stripe event %s (%s) failed (attempt %d); retrying at %s",
            event["id"],
            event["type"],
            stored.attempts,
            stored.next_attempt_at.isoformat(timespec="seconds"),
            exc_info=True,
        )
        return
    logger.error(
        "Stripe event %s (%s) failed (attempt %d)",
        event["id"],
        event["type"],
        stored.attempts,
        exc_info=True,
    )
    if tell_admins:
        alerts.admins_tell_event_failed(
            event_pk=stored.pk,
            event_id=event["id"],
            event_type=event["type"],
            error=error,
            attempts=stored.attempts,
        )
