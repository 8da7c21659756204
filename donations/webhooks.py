"""Stripe webhooks: verify, store, then process through a table of handlers.

Fetch, then write. A handler first reads from Stripe whatever its write needs, with no
transaction open; then one short transaction inserts the event by its id, locks that row, runs
the write and marks the event processed. A delivery is acknowledged only once its effects are
committed, and concurrent deliveries of one event write once: the second waits on the row lock
and finds the event processed. A failure is stored on the event (so it is never lost) and
answered with a 5xx; Stripe delivers it again, as `reconcile_stripe` and the admin's replay can.

Objects on the account that are not ours (a shop's sales, another tool's subscriptions) are
stored and acknowledged like any event; their handlers find nothing of ours to write, and the
answer says "nothing to record".
"""

import enum
import logging
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from donations import alerts, gateway
from donations.models import WebhookEvent
from donations.services import recording

logger = logging.getLogger(__name__)

# Stripe's objects nest a dozen levels at most; far deeper is no event of Stripe's, and nears
# what Python's JSON encoder (and then PostgreSQL's jsonb) can take.
MAX_PAYLOAD_DEPTH = 64


class Outcome(enum.StrEnum):
    PROCESSED = "processed"
    # A type we act on, about nothing we record: another tool's object on the account, an
    # invoice no money paid. Stored and acknowledged; answered as such, so that Stripe's delivery
    # log does not say "processed" of a sale that is not ours.
    NOTHING_TO_RECORD = "nothing to record"
    IGNORED = "ignored"  # a type we do not act on: stored and acknowledged
    DUPLICATE = "duplicate"  # already processed: acknowledged, not processed again
    FAILED = "failed"


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


def _subscription_changed(subscription: dict, event: dict) -> Write:
    return lambda: recording.recurring_sync(subscription=subscription, version=event["created"])


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
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "charge.refunded": _charge_refunded,
}


def webhook_receive(*, payload: bytes, signature: str | None) -> Outcome:
    """Verify a delivery and handle its event.

    Raises WebhookSignatureInvalid, and EventUnstorable for a signed event we cannot store.
    """
    return webhook_event_handle(event=gateway.webhook_event_verify(payload, signature))


def webhook_event_handle(*, event: dict) -> Outcome:
    """Fetch what the event needs from Stripe, then store it and write, once.

    The insert ignores a conflict, and the row is then locked: a concurrent delivery of the same
    event waits for the first to commit and finds it processed. If the handler fails, nothing it
    did is kept, and the event is stored with the error in a transaction of its own. Raises
    EventUnstorable, before anything is stored or fetched.
    """
    reason = event_unstorable_reason(event)
    if reason:
        raise EventUnstorable(reason)
    done = WebhookEvent.objects.filter(stripe_event_id=event["id"], processed_at__isnull=False)
    if done.exists():
        return Outcome.DUPLICATE  # and no Stripe call for it
    handler = HANDLERS.get(event["type"])
    try:
        write = handler(event["data"]["object"], event) if handler is not None else None
        with transaction.atomic():
            WebhookEvent.objects.bulk_create(
                [
                    WebhookEvent(
                        stripe_event_id=event["id"],
                        type=event["type"],
                        payload=event,
                        created=event["created"],
                    )
                ],
                ignore_conflicts=True,
            )
            stored = WebhookEvent.objects.select_for_update().get(stripe_event_id=event["id"])
            if stored.processed_at is not None:
                return Outcome.DUPLICATE
            recorded = write() if write is not None else None
            stored.processed_at = timezone.now()
            stored.attempts += 1
            stored.last_error = ""
            stored.save(update_fields=["processed_at", "attempts", "last_error"])
    except Exception:
        _record_failure(event=event)
        return Outcome.FAILED
    if handler is None:
        return Outcome.IGNORED
    if recorded is None:
        logger.debug("Stripe event %s (%s): nothing to record", event["id"], event["type"])
        return Outcome.NOTHING_TO_RECORD
    return Outcome.PROCESSED


def webhook_event_replay(*, event_pk: int) -> Outcome:
    """Process a stored event again (the admin's replay); a processed one is left alone."""
    return webhook_event_handle(event=WebhookEvent.objects.get(pk=event_pk).payload)


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


def _record_failure(*, event: dict) -> None:
    # Not swallowed: the error is logged, kept on the event for the admin, and the caller
    # answers 5xx so that Stripe delivers the event again.
    logger.exception("Stripe event %s (%s) failed", event.get("id"), event.get("type"))
    stored, _ = WebhookEvent.objects.get_or_create(
        stripe_event_id=event["id"],
        defaults={"type": event["type"], "payload": event, "created": event["created"]},
    )
    error = traceback.format_exc(limit=8)[-4000:]
    # ADMINS hear of an event once, when it first fails: the conditional update lets exactly
    # one of any racing deliveries take attempts from 0 to 1. Retries only count.
    if WebhookEvent.objects.filter(pk=stored.pk, attempts=0).update(attempts=1, last_error=error):
        alerts.admins_tell_event_failed(
            event_pk=stored.pk, event_id=event["id"], event_type=event["type"], error=error
        )
    else:
        WebhookEvent.objects.filter(pk=stored.pk).update(
            attempts=F("attempts") + 1, last_error=error
        )
