"""Stripe webhooks: verify and store, answer; workers then process the stored events in batches.

A delivery is answered as soon as its event is stored, unique by its id, in one statement: the
event's row is its own place in the queue (`next_attempt_at`: when it is due), so Stripe waits on
a signature check and one insert, never on our handlers, on Stripe's own API or on a queue. A
duplicate delivery is acknowledged and changes nothing.

Workers (`manage.py worker`, whichever TASKS_BACKEND) claim due events from the table in batches
(`webhook_events_process_due`): one statement takes up to BATCH_SIZE of them, `FOR UPDATE SKIP
LOCKED`, and leases them (their `next_attempt_at` moved WEBHOOK_REQUEUE_AFTER on), so two workers
never take the same event, and a worker killed mid-batch leaves its events to be taken again
once the lease runs out. Fetch, then write: the batch's handlers first read from Stripe whatever
their writes need, with no transaction open; then one transaction locks the batch's rows, runs
the writes, marks the events processed and commits once. If a write fails, that transaction is
rolled back and the batch run again with each write in a savepoint of its own (savepoints cost
two statements an event, so only batches that need them pay): the failing write is undone
alone and its event retried with backoff (settings.WEBHOOK_RETRY_DELAYS) without failing its
neighbours; when the retries run out the event is left failed, ADMINS are
told once, and Fundraising can replay it. Any number of attempts at one event, on any number of
workers, write once (the row lock, and business keys make two events about one payment one gift).

In a rush nearly every event is a paid one-off Checkout: the batch records each row of them
together (recording.donations_write_one_offs: a dozen statements for fifty gifts, where one at a
time took some 350), and what is unusual among them (a session recorded before, a donor whose
details it would fill, a concurrent insert) goes through its own write, in order, which stays
the reference. Writing them together is never the isolated retry: if it fails, the batch runs
again one write at a time, so a bad event fails alone.

Objects on the account that are not ours (a shop's sales, another tool's subscriptions) are
stored and processed like any event; their handlers find nothing of ours to write, and the event
records "nothing to record".
"""

import codecs
import contextlib
import enum
import functools
import json
import json.scanner
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from donations import alerts, gateway, tasks
from donations.models import WebhookEvent
from donations.services import manage, notices, recording

logger = logging.getLogger(__name__)

# Stripe's objects nest a dozen levels at most; far deeper is no event of Stripe's, and nears
# what Python's JSON encoder (and then PostgreSQL's jsonb) can take.
MAX_PAYLOAD_DEPTH = 64

# Events a worker claims at once: enough that a commit and a claim are shared by many events,
# few enough that a batch's transaction stays short (a fraction of a second) and one worker does
# not hold a burst's events while the others idle.
BATCH_SIZE = 50


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


@dataclass(frozen=True)
class _CheckoutWrite:
    """A paid Checkout Session's write; a batch records its one-off payments together (see
    _write_together), and any other through this call."""

    facts: recording.CheckoutFacts
    occurred_at: datetime

    def __call__(self):
        return recording.donation_write_checkout(facts=self.facts, occurred_at=self.occurred_at)

    @property
    def one_off(self) -> bool:
        return self.facts.session.get("mode") == "payment"


def _checkout_completed(session: dict, event: dict) -> Write | None:
    facts = recording.checkout_fetch(session=session)
    if facts is None:
        return None
    return _CheckoutWrite(facts=facts, occurred_at=_occurred_at(event))


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


def webhook_answer(*, payload: bytes, signature: str | None) -> tuple[int, str]:
    """The HTTP status and text a delivery is answered with, and the delivery stored if it is
    one: what the view and the WSGI entry (newsroom/handlers.py) both answer Stripe with."""
    try:
        return 200, webhook_receive(payload=payload, signature=signature).value
    except gateway.WebhookSignatureInvalid as error:
        logger.warning("Rejected a webhook delivery: %s", error)
        return 400, "Invalid signature or payload."
    except EventUnstorable as error:
        logger.warning("Rejected a webhook delivery we cannot store: %s", error)
        return 400, f"We cannot store this event: {error}."
    except gateway.PaymentProviderNotConfigured:
        return 503, "Webhooks are not configured on this server."


def webhook_receive(*, payload: bytes, signature: str | None) -> Outcome:
    """Verify a delivery and store its event, due now: what Stripe waits for.

    Returns QUEUED, DUPLICATE, or IGNORED for a type we do not act on (stored as processed).
    Raises WebhookSignatureInvalid, and EventUnstorable for a signed event we cannot store.
    """
    event = gateway.webhook_event_verify(payload, signature)
    reason = event_unstorable_reason(event, payload=payload)
    if reason:
        raise EventUnstorable(reason)
    now = timezone.now()
    acted_on = event["type"] in HANDLERS
    fields = {
        "stripe_event_id": event["id"],
        "type": event["type"],
        "payload": _json_text(payload, event),
        "created": event["created"],
        "received_at": now,
        "processed_at": None if acted_on else now,
        "outcome": "" if acted_on else Outcome.IGNORED,
        "attempts": 0,
        "last_error": "",
        "next_attempt_at": now if acted_on else None,
        "failed_at": None,
    }
    if _store(fields) is not None:
        return Outcome.QUEUED if acted_on else Outcome.IGNORED
    return Outcome.DUPLICATE


def _json_text(payload: bytes, event: dict) -> str:
    """The event as JSON text for its column: the body as Stripe signed it (UTF-8, as Stripe
    sends), which the database parses itself, saving an encoding; any other body the JSON
    parser took is encoded again from what it read. That includes UTF-16 or UTF-32 (a zero byte:
    an ASCII body in UTF-16 is valid UTF-8 too, with a NUL after each character) and UTF-8 that
    starts with a byte-order mark, which PostgreSQL's JSON parser refuses."""
    if b"\x00" not in payload and not payload.startswith(codecs.BOM_UTF8):
        with contextlib.suppress(UnicodeDecodeError):
            return payload.decode()
    return json.dumps(event)


def _store(fields: dict) -> int | None:
    """Insert an event unless its id is stored already; its primary key if it is now due.

    An event stored before is due again only if its retries had run out (neither processed nor
    due): a delivery now (Stripe's dashboard resends on request) is one more try. On PostgreSQL
    both are one statement in autocommit (one round trip, one commit; a duplicate writes
    nothing); elsewhere (SQLite, the demo) two. A concurrent insert of the same id waits for the
    first to commit, then inserts nothing. The payload is already JSON. On PostgreSQL the other
    values (text, integers, aware datetimes, None) go to the driver as they are, which is what the
    model's fields would make of them: preparing them through the fields, and building the SQL,
    took 0.09 ms of each delivery's 0.7 (now 0.005, the SQL built once). Elsewhere the fields
    prepare them.
    """
    insert, given_up, on_postgresql = _store_statements(connection.vendor, tuple(fields))
    values, again = list(fields.values()), [fields["received_at"], fields["stripe_event_id"]]
    if not on_postgresql:
        meta = WebhookEvent._meta
        values = [
            value if name == "payload" else meta.get_field(name).get_db_prep_save(value, connection)
            for name, value in fields.items()
        ]
        again[0] = meta.get_field("received_at").get_db_prep_save(again[0], connection)
    with connection.cursor() as cursor:
        if on_postgresql:
            cursor.execute(insert, [*values, *again])
            row = cursor.fetchone()
            return row[0] if row else None
        with transaction.atomic():
            cursor.execute(insert, values)
            row = cursor.fetchone()
            if row:
                return row[0]
            cursor.execute(given_up, again)
            row = cursor.fetchone()
            return row[0] if row else None


@functools.cache
def _store_statements(vendor: str, names: tuple[str, ...]) -> tuple[str, str, bool]:
    """`_store`'s SQL for this database and these fields, built once a process: the insert (on
    PostgreSQL with the update of a given-up event in the same statement), the update alone, and
    whether the insert is that one statement."""
    meta = WebhookEvent._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    insert = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))}) "
        f"ON CONFLICT ({quote('stripe_event_id')}) DO NOTHING RETURNING {pk}"
    )
    given_up = (
        f"UPDATE {table} SET {quote('next_attempt_at')} = %s "
        f"WHERE {quote('stripe_event_id')} = %s AND {quote('processed_at')} IS NULL "
        f"AND {quote('next_attempt_at')} IS NULL"
    )
    if vendor != "postgresql":
        return insert, f"{given_up} RETURNING {pk}", False
    # The update sees the table as it was before the insert, so it never matches the row just
    # inserted; it runs only for an id stored before.
    return (
        f"WITH inserted AS ({insert}), "
        f"again AS ({given_up} AND NOT EXISTS (SELECT 1 FROM inserted) RETURNING {pk}) "
        "SELECT * FROM inserted UNION ALL SELECT * FROM again",
        f"{given_up} RETURNING {pk}",
        True,
    )


@dataclass
class _Attempt:
    """One event in a batch: what its handler fetched, and what became of it."""

    pk: int
    event: dict
    write: Write | None = None
    outcome: Outcome | None = None
    error: str = ""
    calls: list = field(default_factory=list)  # the tasks its write queued


def webhook_events_process_due(*, limit: int = BATCH_SIZE) -> list[int]:
    """Claim up to `limit` due events and process them as one batch (a worker's loop calls this
    until it claims none). Returns the claimed events' primary keys."""
    claimed = _claim(limit=limit)
    if claimed:
        _process(claimed, retry=True)
    return [pk for pk, _ in claimed]


def _claim(*, limit: int) -> list[tuple[int, dict]]:
    """Take due events for this worker: leased, in one statement in autocommit, so that no other
    worker takes them until the lease runs out (this worker killed: another takes them then)."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.WEBHOOK_REQUEUE_AFTER)
    due = WebhookEvent.objects.filter(processed_at__isnull=True, next_attempt_at__lte=now)
    if connection.vendor != "postgresql":  # SQLite (the demo): one writer at a time anyway
        with transaction.atomic():
            pks = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
            WebhookEvent.objects.filter(pk__in=pks).update(next_attempt_at=lease)
            claimed = WebhookEvent.objects.filter(pk__in=pks).values_list("pk", "payload")
            return sorted(claimed)
    prepare = WebhookEvent._meta.get_field("next_attempt_at").get_db_prep_save
    with connection.cursor() as cursor:
        # The table's name and columns are the model's (migrations keep them so).
        cursor.execute(
            "UPDATE donations_webhookevent SET next_attempt_at = %s WHERE id IN ("
            "  SELECT id FROM donations_webhookevent"
            "  WHERE processed_at IS NULL AND next_attempt_at <= %s"
            "  ORDER BY next_attempt_at LIMIT %s FOR UPDATE SKIP LOCKED"
            ") RETURNING id, payload",
            [prepare(lease, connection), prepare(now, connection), limit],
        )
        rows = cursor.fetchall()
    return [(pk, _json(payload)) for pk, payload in sorted(rows)]


def _json(payload) -> dict:
    return json.loads(payload) if isinstance(payload, str | bytes) else payload


def webhook_event_process(*, event_pk: int) -> Outcome:
    """An attempt at one stored event, now (a task queued before batches, a test); a failure is
    retried with backoff like a worker's."""
    event = (
        WebhookEvent.objects.filter(pk=event_pk, processed_at__isnull=True)
        .values_list("payload", flat=True)
        .first()
    )
    if event is None:
        return Outcome.DUPLICATE  # processed already (or by a replay), and no Stripe call for it
    return _process([(event_pk, event)], retry=True)[0]


def webhook_event_handle(*, event: dict) -> Outcome:
    """Store an event if it is new and process it now, in this process (`reconcile_stripe`,
    which reads events from Stripe's API rather than receiving them). A failure is retried as a
    worker's would be. Raises EventUnstorable, before anything is stored or fetched.
    """
    reason = event_unstorable_reason(event)
    if reason:
        raise EventUnstorable(reason)
    if WebhookEvent.objects.filter(stripe_event_id=event["id"], processed_at__isnull=False):
        return Outcome.DUPLICATE  # and no Stripe call for it
    stored, _ = WebhookEvent.objects.get_or_create(
        stripe_event_id=event["id"],
        defaults={
            "type": event["type"],
            "payload": event,
            "created": event["created"],
            # Leased to this process, as a worker's claim leases it.
            "next_attempt_at": timezone.now() + timedelta(seconds=settings.WEBHOOK_REQUEUE_AFTER),
        },
    )
    return _process([(stored.pk, event)], retry=True)[0]


def webhook_event_replay(*, event_pk: int) -> Outcome:
    """Process a stored event again, now (the admin's replay); a processed one is left alone.

    A replay that fails is stored on the event like any attempt, but neither schedules a retry
    nor tells ADMINS again: staff are looking at it.
    """
    event = WebhookEvent.objects.get(pk=event_pk)
    if event.processed_at is not None:
        return Outcome.DUPLICATE
    return _process([(event.pk, event.payload)], retry=False)[0]


def _process(claimed: list[tuple[int, dict]], *, retry: bool) -> list[Outcome]:
    """Fetch what each event needs from Stripe, then write them all and mark them processed in
    one transaction that holds their rows' locks (a concurrent attempt at one of them waits,
    then finds it processed), each write in a savepoint: one that fails is undone alone.
    Returns each event's outcome, in order."""
    attempts = [_Attempt(pk=pk, event=event) for pk, event in claimed]
    for attempt in attempts:
        handler = HANDLERS.get(attempt.event["type"])
        if handler is None:
            continue
        try:
            attempt.write = handler(attempt.event["data"]["object"], attempt.event)
        except Exception:
            _failed(attempt)
    fetched = [(attempt.outcome, attempt.error) for attempt in attempts]
    try:
        failed, rows, told = _commit(attempts, retry=retry, isolated=False)
    except Exception:
        # A write failed, and took the batch's transaction with it: nothing was kept. The
        # batch again, each write in a savepoint of its own, so the failing one is undone alone.
        together_error = traceback.format_exc(limit=8)
        for attempt, (outcome, error) in zip(attempts, fetched, strict=True):
            attempt.outcome, attempt.error, attempt.calls = outcome, error, []
        failed, rows, told = _commit(attempts, retry=retry, isolated=True)
        if len(failed) <= sum(1 for _, error in fetched if error):
            # No write failed alone: what failed was writing them together, a fault of ours that
            # costs every batch its speed until it is fixed.
            logger.warning("A batch was written one event at a time:\n%s", together_error)
    for attempt, tell_admins in zip(failed, told, strict=True):
        _report_failure(attempt, rows[attempt.pk], retry=retry, tell_admins=tell_admins)
    return [attempt.outcome for attempt in attempts]


def _commit(attempts: list[_Attempt], *, retry: bool, isolated: bool):
    """The batch's one transaction: lock the events' rows, write each event not processed
    meanwhile, and mark them all. A write that fails raises unless `isolated`, when each write
    has a savepoint of its own (two more statements each) and a failure is kept on its event."""
    failed = []
    calls = []
    with transaction.atomic():
        rows = {
            row["pk"]: row
            for row in WebhookEvent.objects.select_for_update()
            .filter(pk__in=[attempt.pk for attempt in attempts])
            .values("pk", "processed_at", "attempts", "failed_at")
        }
        together = []  # one-off payments in a row, recorded at once when the row ends
        # Not on SQLite (the demo), whose few events a time need it not, and which lacks the
        # arrays the grouped statements take.
        grouped = not isolated and connection.vendor == "postgresql"
        for attempt in attempts:
            if rows[attempt.pk]["processed_at"] is not None:
                attempt.outcome = Outcome.DUPLICATE  # processed by another attempt meanwhile
                attempt.error = ""
            elif attempt.error:
                pass
            elif attempt.write is None:  # nothing to write: no row of ours, no need to wait
                _write(attempt, isolated=isolated)
            elif grouped and isinstance(attempt.write, _CheckoutWrite) and attempt.write.one_off:
                together.append(attempt)
            else:
                _write_together(together)
                together = []
                _write(attempt, isolated=isolated)
        _write_together(together)
        for attempt in attempts:
            if attempt.error:
                failed.append(attempt)
            calls += attempt.calls
        _mark_processed(attempts)
        told = [_mark_failed(attempt, rows[attempt.pk], retry=retry) for attempt in failed]
        if calls:  # the batch's thank-you emails and notices: one task for them all
            tasks.enqueue_with_commit(tasks.tasks_run, calls)
    return failed, rows, told


def _write_together(attempts: list[_Attempt]) -> None:
    """Record a row of paid one-off Checkout events at once (recording.donations_write_one_offs),
    each left to it written after, in order, through its own write; a single one through its
    own write. Never isolated: a failure raises, and the batch is run again one write at a time."""
    if len(attempts) < 2:
        for attempt in attempts:
            _write(attempt, isolated=False)
        return
    with tasks.enqueues_collected() as calls:
        recorded = recording.donations_write_one_offs(
            payments=[
                (attempt.write.facts.session, attempt.write.occurred_at) for attempt in attempts
            ]
        )
    attempts[0].calls += calls
    for attempt, donation in zip(attempts, recorded, strict=True):
        if donation is None:
            _write(attempt, isolated=False)
        else:
            attempt.outcome = Outcome.PROCESSED


def _write(attempt: _Attempt, *, isolated: bool) -> None:
    event = attempt.event
    savepoint = transaction.atomic() if isolated else contextlib.nullcontext()
    try:
        with tasks.enqueues_collected() as calls, savepoint:
            recorded = attempt.write() if attempt.write is not None else None
    except Exception:
        if not isolated:
            raise
        _failed(attempt)
        return
    attempt.calls += calls
    if event["type"] not in HANDLERS:
        attempt.outcome = Outcome.IGNORED
    elif recorded is None:
        logger.debug("Stripe event %s (%s): nothing to record", event["id"], event["type"])
        attempt.outcome = Outcome.NOTHING_TO_RECORD
    else:
        attempt.outcome = Outcome.PROCESSED


def _failed(attempt: _Attempt) -> None:
    """Called in the handler's `except`: keep the error for the event (and the log)."""
    attempt.outcome = Outcome.FAILED
    attempt.error = traceback.format_exc(limit=8)[-4000:]


def _mark_processed(attempts: list[_Attempt]) -> None:
    """One update per outcome (most batches: one) for every event written."""
    now = timezone.now()
    by_outcome: dict[Outcome, list[int]] = {}
    for attempt in attempts:
        if attempt.outcome in (Outcome.PROCESSED, Outcome.NOTHING_TO_RECORD, Outcome.IGNORED):
            by_outcome.setdefault(attempt.outcome, []).append(attempt.pk)
    for outcome, pks in by_outcome.items():
        WebhookEvent.objects.filter(pk__in=pks).update(
            processed_at=now,
            outcome=outcome,
            attempts=F("attempts") + 1,
            last_error="",
            next_attempt_at=None,
        )


def _mark_failed(attempt: _Attempt, row: dict, *, retry: bool) -> bool:
    """Keep the error on the event (for the admin) and, for a worker's attempt, make it due again
    after its delay, or leave it failed when the retries have run out. Returns whether ADMINS are
    to be told (the first time they run out)."""
    now = timezone.now()
    row["attempts"] += 1
    changes = {"attempts": row["attempts"], "last_error": attempt.error}
    tell_admins = False
    if retry:
        # A delay per attempt made, whoever made it: replays count too.
        delays = settings.WEBHOOK_RETRY_DELAYS
        if row["attempts"] <= len(delays):
            changes["next_attempt_at"] = now + timedelta(seconds=delays[row["attempts"] - 1])
        else:
            changes["next_attempt_at"] = None
            tell_admins = row["failed_at"] is None
            changes["failed_at"] = row["failed_at"] or now
    row.update(changes)
    WebhookEvent.objects.filter(pk=attempt.pk).update(**changes)
    return tell_admins


def _report_failure(attempt: _Attempt, row: dict, *, retry: bool, tell_admins: bool) -> None:
    """Not swallowed: logged with its traceback, kept on the event, and retried or told."""
    event = attempt.event
    if retry and row.get("next_attempt_at") is not None:
        logger.warning(
            "Stripe event %s (%s) failed (attempt %d); retrying at %s\n%s",
            event["id"],
            event["type"],
            row["attempts"],
            row["next_attempt_at"].isoformat(timespec="seconds"),
            attempt.error,
        )
        return
    logger.error(
        "Stripe event %s (%s) failed (attempt %d)\n%s",
        event["id"],
        event["type"],
        row["attempts"],
        attempt.error,
    )
    if tell_admins:
        alerts.admins_tell_event_failed(
            event_pk=attempt.pk,
            event_id=event["id"],
            event_type=event["type"],
            error=attempt.error,
            attempts=row["attempts"],
        )


def event_unstorable_reason(event: dict, *, payload: bytes | None = None) -> str:
    """Why the database could not store this event, or "" if it can.

    Checked before anything is stored: a signed payload PostgreSQL refuses would otherwise fail
    on every delivery with a 500, and never be kept for anyone to see. Given the body the event
    was parsed from, most events are cleared by looking at its bytes (`_payload_is_storable`),
    without walking what was parsed from it.
    """
    for name, column in (("id", "stripe_event_id"), ("type", "type")):
        limit = WebhookEvent._meta.get_field(column).max_length
        if len(event[name]) > limit:
            return f"its {name} is longer than {limit} characters"
    if payload is not None and _payload_is_storable(payload):
        return ""
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


def _payload_is_storable(payload: bytes) -> bool:
    """Whether the event json.loads parsed from these bytes surely has no NUL character and
    nothing deeper than MAX_PAYLOAD_DEPTH; False means "walk the event to know".

    No NUL: a body without a zero byte is UTF-8 (a JSON text in UTF-16 or UTF-32 has zero bytes
    in its every ASCII character), in which a NUL is a zero byte, or else the escape \\u0000
    (hex digits have no case when they are zeros). That holds for the C parser, which takes
    exactly four hex digits after \\u; Python's own (used only when the C module is missing)
    takes whatever int() does ("\\u 000", "\\u0_00"), so without the C parser nothing is cleared.
    Not too deep: every object and array is opened by a byte { or [, so their count bounds the
    nesting, and a value inside the deepest is one level more.
    """
    return (
        json.scanner.c_make_scanner is not None
        and b"\x00" not in payload
        and b"\\u0000" not in payload
        and payload.count(b"{") + payload.count(b"[") < MAX_PAYLOAD_DEPTH
    )
