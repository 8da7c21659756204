"""Stripe webhooks: verify, store, then process through a table of handlers.

An event is inserted by its id and processed under a lock on that row, in one transaction: a
delivery is acknowledged only once its effects are committed, and concurrent deliveries of one
event run its handler exactly once. A handler's failure is stored on the event (so it is never
lost) and answered with a 5xx; Stripe delivers it again, as `reconcile_stripe` and the admin's
replay can.
"""

import enum
import logging
import traceback
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from donations import gateway, services
from donations.models import WebhookEvent

logger = logging.getLogger(__name__)


class Outcome(enum.StrEnum):
    PROCESSED = "processed"
    IGNORED = "ignored"  # a type we do not act on: stored and acknowledged
    DUPLICATE = "duplicate"  # already processed: acknowledged, not processed again
    FAILED = "failed"


def _occurred_at(event: WebhookEvent) -> datetime:
    return datetime.fromtimestamp(event.created, tz=UTC)


def _checkout_completed(session: dict, event: WebhookEvent) -> None:
    services.donation_record_checkout(session=session, occurred_at=_occurred_at(event))


def _checkout_async_failed(session: dict, event: WebhookEvent) -> None:
    services.donation_fail_checkout(session=session, occurred_at=_occurred_at(event))


def _invoice_paid(invoice: dict, event: WebhookEvent) -> None:
    services.donation_record_invoice(invoice=invoice, paid=True, version=event.created)


def _invoice_payment_failed(invoice: dict, event: WebhookEvent) -> None:
    services.donation_record_invoice(invoice=invoice, paid=False, version=event.created)


def _subscription_changed(subscription: dict, event: WebhookEvent) -> None:
    services.recurring_sync(subscription=subscription, version=event.created)


def _charge_refunded(charge: dict, event: WebhookEvent) -> None:
    services.donation_refund(charge=charge)


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
    """Verify a delivery and handle its event. Raises WebhookSignatureInvalid."""
    return webhook_event_handle(event=gateway.webhook_event_verify(payload, signature))


def webhook_event_handle(*, event: dict) -> Outcome:
    """Store an event by its id and process it, once, in one transaction.

    The insert ignores a conflict, and the row is then locked: a concurrent delivery of the same
    event waits for the first to commit and finds it processed. If the handler fails, nothing
    it did is kept, and the event is stored with the error in a transaction of its own.
    """
    try:
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
            return _process(stored)
    except Exception:
        _record_failure(event=event)
        return Outcome.FAILED


def webhook_event_replay(*, event_pk: int) -> Outcome:
    """Process a stored event again (the admin's replay); a processed one is left alone."""
    event = WebhookEvent.objects.get(pk=event_pk)
    try:
        with transaction.atomic():
            return _process(WebhookEvent.objects.select_for_update().get(pk=event_pk))
    except Exception:
        _record_failure(event=event.payload)
        return Outcome.FAILED


def _process(stored: WebhookEvent) -> Outcome:
    if stored.processed_at is not None:
        return Outcome.DUPLICATE
    handler = HANDLERS.get(stored.type)
    if handler is not None:
        handler(stored.payload["data"]["object"], stored)
    stored.processed_at = timezone.now()
    stored.attempts += 1
    stored.last_error = ""
    stored.save(update_fields=["processed_at", "attempts", "last_error"])
    return Outcome.PROCESSED if handler is not None else Outcome.IGNORED


def _record_failure(*, event: dict) -> None:
    # Not swallowed: the error is logged, kept on the event for the admin, and the caller
    # answers 5xx so that Stripe delivers the event again.
    logger.exception("Stripe event %s (%s) failed", event.get("id"), event.get("type"))
    stored, _ = WebhookEvent.objects.get_or_create(
        stripe_event_id=event["id"],
        defaults={"type": event["type"], "payload": event, "created": event["created"]},
    )
    WebhookEvent.objects.filter(pk=stored.pk).update(
        attempts=F("attempts") + 1, last_error=traceback.format_exc(limit=8)[-4000:]
    )
