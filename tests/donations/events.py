"""What became of a Stripe event, as the event records it."""

from donations.models import WebhookEvent


def event_outcome(event_id: str) -> str | None:
    """ "processed", "nothing to record" or "ignored" once processed; "failed" while it waits for
    a retry or once its retries ran out; "queued" before its first attempt; None if never stored.
    """
    stored = WebhookEvent.objects.filter(stripe_event_id=event_id).first()
    if stored is None:
        return None
    if stored.processed_at is not None:
        return stored.outcome
    return "failed" if stored.last_error else "queued"
