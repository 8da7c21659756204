"""A donor's own way in: the signed, expiring manage link, our page's changes to a recurring
gift (amount, frequency, pause, cancellation) and Stripe's Billing Portal (card, invoices)."""

import uuid
from calendar import monthrange
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from donations import gateway
from donations.frequencies import Frequency
from donations.models import CancelReason, Donor, GiftChange, RecurringDonation
from donations.services import recording

MANAGE_SALT = "donations.manage-link"
# A link of its own (its salt, its lifetime) in a failed payment's email: it opens only the
# card-update flow, and lives long enough to outlast Stripe's retries.
CARD_SALT = "donations.card-update-link"


def manage_token_make(*, donor: Donor) -> str:
    return signing.dumps(donor.pk, salt=MANAGE_SALT, compress=True)


def manage_token_read(token: str) -> Donor:
    """The donor a link was made for. Raises signing.SignatureExpired or signing.BadSignature."""
    return _donor_from(token, salt=MANAGE_SALT, max_age=settings.MANAGE_LINK_MAX_AGE)


def card_token_make(*, donor: Donor) -> str:
    return signing.dumps(donor.pk, salt=CARD_SALT, compress=True)


def card_token_read(token: str) -> Donor:
    """The donor a card-update link was made for. Raises signing.SignatureExpired or
    signing.BadSignature."""
    return _donor_from(token, salt=CARD_SALT, max_age=settings.CARD_LINK_MAX_AGE)


def _donor_from(token: str, *, salt: str, max_age: int) -> Donor:
    donor_pk = signing.loads(token, salt=salt, max_age=max_age)
    donor = Donor.objects.filter(pk=donor_pk).first()
    if donor is None:
        raise signing.BadSignature("No such donor.")
    return donor


def portal_start(*, donor: Donor, card_only: bool = False) -> str:
    """A Stripe Billing Portal session for the donor: their card and invoices (Stripe's portal
    cannot change the amount of a gift made with an inline price; our manage page can); with
    `card_only`, Stripe's flow for updating the card and nothing else."""
    session = gateway.billing_portal_session_create(
        customer_id=donor.stripe_customer_id,
        # Back to our manage page, on a link of its own (the donor's may be near its expiry).
        return_url=settings.SITE_URL
        + reverse("donations:manage_page", kwargs={"token": manage_token_make(donor=donor)}),
        idempotency_key=f"portal-{uuid.uuid4()}",
        flow_data={"type": "payment_method_update"} if card_only else None,
    )
    return session["url"]


# Changing a recurring gift from our manage page
#
# Fetch, then write: the subscription is read from Stripe, changed there, and only once Stripe
# has accepted the change is it written here, in one short transaction with no Stripe call in
# it. Nothing is recorded as changed unless Stripe said yes. The same change also reaches us as
# a webhook (customer.subscription.updated or .deleted), before or after this write: both record
# it under one unique key (GiftChange.key), so it is recorded once, in either order.
#
# Idempotency keys are made from the change itself (the subscription, the price it replaces,
# the new terms), not at random: a donor who presses the button twice, or whose browser resends
# the form, makes one change at Stripe. Keys begin with MANAGE_KEY_PREFIX, which Stripe copies
# into the event (`request.idempotency_key`), so a webhook knows a change came from our page.

MANAGE_KEY_PREFIX = "manage-"
PAUSE_MONTHS = (1, 2, 3)


class GiftNotChangeable(Exception):
    """Stripe says this gift can no longer be changed (it has ended); the message says so."""


def gift_change_terms(
    *, recurring: RecurringDonation, amount: int, frequency: Frequency
) -> GiftChange | None:
    """A new amount or frequency from the next payment on, without proration: the
    subscription's item gets a new inline price. A new frequency starts at the next payment
    date too (a trial until then, so nothing is charged now). None if nothing changes."""
    subscription = _subscription_to_change(recurring)
    item = subscription["items"]["data"][0]
    price = item["price"]
    interval = frequency.interval
    if price["unit_amount"] == amount and price["recurring"]["interval"] == interval:
        return None
    params = {
        "items": [
            {
                "id": item["id"],
                "price_data": {
                    "currency": price["currency"],
                    "product": price["product"],  # an id: never expanded here
                    "recurring": {"interval": interval},
                    "unit_amount": amount,
                },
            }
        ],
        "proration_behavior": "none",
    }
    if interval != price["recurring"]["interval"]:
        # A new interval would start a new period now and charge it at once; a trial to the
        # end of the period the donor has paid for keeps the next payment where it was.
        params["trial_end"] = item["current_period_end"]
    updated = gateway.subscription_update(
        subscription_id=subscription["id"],
        params=params,
        idempotency_key=f"{MANAGE_KEY_PREFIX}terms-{price['id']}-{amount}-{interval}",
    )
    change = _terms_change(before=subscription, after=updated)
    return _write(subscription=updated, change=change, source=GiftChange.Source.DONOR)


def gift_pause(*, recurring: RecurringDonation, months: int) -> GiftChange:
    """No payment for `months` months from today; Stripe resumes collecting by itself after."""
    if months not in PAUSE_MONTHS:
        raise ValueError(f"Pauses last {PAUSE_MONTHS} months, not {months}.")
    subscription = _subscription_to_change(recurring)
    resumes_at = int(add_months(timezone.now(), months).timestamp())
    updated = gateway.subscription_update(
        subscription_id=subscription["id"],
        params={"pause_collection": {"behavior": "void", "resumes_at": resumes_at}},
        idempotency_key=f"{MANAGE_KEY_PREFIX}pause-{subscription['id']}-{resumes_at}",
    )
    change = _pause_change(before=subscription.get("pause_collection"), after=updated)
    return _write(subscription=updated, change=change, source=GiftChange.Source.DONOR)


def gift_resume(*, recurring: RecurringDonation) -> GiftChange | None:
    """Payments start again now, before the pause would have ended. None if not paused."""
    subscription = _subscription_to_change(recurring)
    pause = subscription.get("pause_collection")
    if not pause:
        return None
    updated = gateway.subscription_update(
        subscription_id=subscription["id"],
        params={"pause_collection": ""},
        idempotency_key=f"{MANAGE_KEY_PREFIX}resume-{subscription['id']}-{pause['resumes_at']}",
    )
    change = _pause_change(before=pause, after=updated)
    return _write(subscription=updated, change=change, source=GiftChange.Source.DONOR)


def gift_cancel(*, recurring: RecurringDonation, reason: CancelReason) -> GiftChange:
    """The gift ends now, with the donor's reason (Stripe's cancellation feedback)."""
    subscription = _subscription_to_change(recurring)
    ended = gateway.subscription_cancel(
        subscription_id=subscription["id"],
        params={"cancellation_details": {"feedback": reason.value}},
        idempotency_key=f"{MANAGE_KEY_PREFIX}cancel-{subscription['id']}",
    )
    change = _cancel_change(ended)
    return _write(subscription=ended, change=change, source=GiftChange.Source.DONOR)


def gift_changes_from_event(*, recurring: RecurringDonation, event: dict) -> list[GiftChange]:
    """What a customer.subscription.* event says was changed, recorded (once) beside our record
    of the subscription: a change from our page whose webhook came first or second, or one made
    in Stripe's dashboard or portal, which we learn of only this way. Runs in the event's
    transaction, after recording.recurring_sync."""
    subscription = event["data"]["object"]
    previous = event["data"].get("previous_attributes") or {}
    changes = []
    if event["type"] == "customer.subscription.deleted" or (
        previous.get("cancel_at_period_end") is False and subscription.get("cancel_at_period_end")
    ):
        changes.append(_cancel_change(subscription))
    if "items" in previous:
        before = {**subscription, "items": previous["items"]}
        changes.append(_terms_change(before=before, after=subscription))
    if "pause_collection" in previous:
        changes.append(_pause_change(before=previous["pause_collection"], after=subscription))
    key = (event.get("request") or {}).get("idempotency_key") or ""
    source = (
        GiftChange.Source.DONOR if key.startswith(MANAGE_KEY_PREFIX) else GiftChange.Source.STRIPE
    )
    occurred_at = datetime.fromtimestamp(event["created"], tz=UTC)
    return [
        _change_record(recurring=recurring, change=change, source=source, occurred_at=occurred_at)
        for change in changes
        if change is not None
    ]


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, on a shorter month's last day (31 January + 1 is
    28 or 29 February), as Stripe counts its months."""
    local = timezone.localtime(moment)
    year, month = divmod(local.month - 1 + months, 12)
    year, month = local.year + year, month + 1
    day = min(local.day, monthrange(year, month)[1])
    naive = local.replace(tzinfo=None, year=year, month=month, day=day)
    return timezone.make_aware(naive, local.tzinfo)


def _subscription_to_change(recurring: RecurringDonation) -> dict:
    subscription = gateway.subscription_retrieve(recurring.stripe_subscription_id)
    if subscription["status"] in ("canceled", "incomplete_expired"):
        raise GiftNotChangeable("This gift has already ended.")
    return subscription


def _terms_change(*, before: dict, after: dict) -> dict | None:
    old, new = before["items"]["data"][0]["price"], after["items"]["data"][0]["price"]
    if old["id"] == new["id"]:
        return None
    interval_before, interval_after = old["recurring"]["interval"], new["recurring"]["interval"]
    kind = (
        GiftChange.Kind.AMOUNT if interval_before == interval_after else GiftChange.Kind.FREQUENCY
    )
    return {
        "key": f"price:{after['id']}:{new['id']}",
        "kind": kind,
        "amount_before": old["unit_amount"],
        "amount_after": new["unit_amount"],
        "interval_before": interval_before,
        "interval_after": interval_after,
        "currency": new["currency"],
    }


def _pause_change(*, before: dict | None, after: dict) -> dict | None:
    pause = after.get("pause_collection")
    currency = after["items"]["data"][0]["price"]["currency"]
    if pause:
        resumes_at = pause.get("resumes_at")
        return {
            "key": f"pause:{after['id']}:{resumes_at or 'open'}",
            "kind": GiftChange.Kind.PAUSE,
            "paused_until": datetime.fromtimestamp(resumes_at, tz=UTC) if resumes_at else None,
            "currency": currency,
        }
    if before:
        return {
            "key": f"resume:{after['id']}:{before.get('resumes_at') or 'open'}",
            "kind": GiftChange.Kind.RESUME,
            "currency": currency,
        }
    return None


def _cancel_change(subscription: dict) -> dict:
    feedback = (subscription.get("cancellation_details") or {}).get("feedback")
    return {
        "key": f"cancel:{subscription['id']}",
        "kind": GiftChange.Kind.CANCEL,
        "reason": CancelReason.from_feedback(feedback),
        "currency": subscription["items"]["data"][0]["price"]["currency"],
    }


def _write(*, subscription: dict, change: dict | None, source: str) -> GiftChange | None:
    """Our record of the subscription as Stripe now has it, and the change, in one commit.

    What Stripe has just answered is the newest state we know, so it is written whatever the
    events recorded so far say: its version is now, or the newest event's time where Stripe's
    clock runs ahead of ours. Stripe made its event for this change before it answered us, so
    that event, wherever it is on its way, brings nothing newer; a later change's event does."""
    now = timezone.now()
    with transaction.atomic():
        newest = RecurringDonation.objects.filter(
            stripe_subscription_id=subscription["id"]
        ).values_list("state_version", flat=True)
        version = max([int(now.timestamp()), *newest])
        recurring = recording.recurring_sync(subscription=subscription, version=version)
        if change is None or recurring is None:
            return None
        return _change_record(recurring=recurring, change=change, source=source, occurred_at=now)


def _change_record(
    *, recurring: RecurringDonation, change: dict, source: str, occurred_at: datetime
) -> GiftChange:
    fields = {key: value for key, value in change.items() if key != "key"}
    record, _ = GiftChange.objects.get_or_create(
        key=change["key"],
        defaults={
            "recurring": recurring,
            "source": source,
            "occurred_at": occurred_at,
            **fields,
        },
    )
    return record
