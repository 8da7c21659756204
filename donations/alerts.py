"""Telling the people who run the site (settings.ADMINS) about money that needs a hand: a Stripe
event whose retries ran out, or events that only `reconcile_stripe` found.

Sent from where the news is found, not queued: a worker that has just given up on an event, or
the reconciliation command; neither is anyone's request, and an alert about the queue should not
wait in it. A mail that cannot leave is logged, never raised: a worker's bookkeeping and a
reconciliation must not depend on the mail server. With ADMINS empty, nothing is sent.
"""

import logging

from django.conf import settings
from django.core.mail import mail_admins
from django.urls import reverse

logger = logging.getLogger(__name__)


def _send(*, subject: str, message: str) -> None:
    try:
        mail_admins(subject, message, fail_silently=False)
    except Exception:
        # Any backend's failure (SMTP errors are OSErrors, an email API client's are not).
        logger.exception("Could not tell ADMINS: %s", subject)


def admins_tell_event_failed(
    *, event_pk: int, event_id: str, event_type: str, error: str, attempts: int
) -> None:
    """An event's retries ran out. Said once per event: replays that fail again are on the
    event's page, not in more mail."""
    page = settings.SITE_URL + reverse("admin:donations_webhookevent_change", args=[event_pk])
    _send(
        subject=f"Stripe event {event_id} ({event_type}) failed",
        message=(
            f"A Stripe event could not be processed, after {attempts} attempts.\n\n"
            f"Event: {event_id}\nType: {event_type}\n\nLast error:\n{error.strip()}\n\n"
            "It is kept, and will not be tried again by itself. Once the cause is fixed, replay "
            'it from the admin (Webhook events, action "Replay the selected events"):\n'
            f"{page}\n"
        ),
    )


def admins_tell_events_recovered(*, events: list[dict]) -> None:
    """`reconcile_stripe` processed events the webhooks had missed: each a dict with id, type
    and whether it had arrived (and failed) before. Worth a look at the webhook endpoint."""
    if not events:
        return
    lines = [
        f"- {event['id']} ({event['type']}): "
        + ("had arrived but not been processed" if event["received"] else "never arrived")
        for event in events
    ]
    _send(
        subject=f"reconcile_stripe processed {len(events)} Stripe event(s) the webhooks missed",
        message=(
            "These events were processed by reconcile_stripe, not by the webhook endpoint:\n\n"
            + "\n".join(lines)
            + "\n\nIf they never arrived, check the endpoint in Stripe's dashboard (Developers > "
            "Webhooks): its address, its events and its signing secret (STRIPE_WEBHOOK_SECRET).\n"
        ),
    )
