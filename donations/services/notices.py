"""Notices to donors about their recurring gifts: a payment that failed, an annual renewal
coming, a card that expires before the next payment.

Each notice is decided once, by its key (the failed invoice; the gift and its renewal date; the
gift and its card), unique in the database, and its email queued with the commit that records
it: any number of events, retries and workers send it once. The email itself
(donations.services.mail.donor_notice_send) looks again before it goes, so a payment recovered
meanwhile gets no "your payment failed".
"""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import transaction
from django.utils import timezone

from donations import gateway, tasks
from donations.models import Donation, DonorNotice, RecurringDonation

logger = logging.getLogger(__name__)


def notice_once(
    *, kind: str, key: str, recurring: RecurringDonation, details: dict
) -> DonorNotice | None:
    """Record a notice unless its key is recorded already, and queue its email with the commit;
    the new notice, or None if it was decided before."""
    with transaction.atomic():
        notice, created = DonorNotice.objects.get_or_create(
            key=key[:255],
            defaults={
                "kind": kind,
                "donor_id": recurring.donor_id,
                "recurring": recurring,
                "details": details,
            },
        )
        if created:
            tasks.enqueue_with_commit(tasks.donor_notice_send, notice.pk)
    return notice if created else None


def payment_failed_notify(*, donation: Donation) -> DonorNotice | None:
    """One notice per failed invoice, however many times its payment is retried and fails;
    none once the gift is cancelled (Stripe gave up, or the donor stopped it)."""
    if donation.recurring.status == RecurringDonation.Status.CANCELED:
        return None
    return notice_once(
        kind=DonorNotice.Kind.PAYMENT_FAILED,
        key=f"payment_failed:{donation.stripe_invoice_id}",
        recurring=donation.recurring,
        details={
            "invoice": donation.stripe_invoice_id,
            "amount": donation.amount,
            "currency": donation.currency,
        },
    )


# Renewals: Stripe's invoice.upcoming, sent days before a subscription renews, as many as the
# account's Billing settings say (set to 7 or more: README, "What donors receive").


@dataclass(frozen=True)
class Renewal:
    recurring_pk: int
    subscription_id: str
    amount: int
    currency: str
    renews_at: datetime


def renewal_fetch(*, invoice: dict, subscription_id: str | None) -> Renewal | None:
    """The annual gift of ours an upcoming invoice renews, or None (a monthly gift, another
    tool's subscription, a $0 renewal)."""
    if subscription_id is None or not invoice.get("amount_due"):
        return None
    recurring = RecurringDonation.objects.filter(stripe_subscription_id=subscription_id).first()
    if recurring is None or recurring.interval != RecurringDonation.Interval.YEAR:
        return None
    renews = invoice.get("next_payment_attempt") or invoice.get("period_end")
    if not renews:
        return None
    return Renewal(
        recurring_pk=recurring.pk,
        subscription_id=subscription_id,
        amount=invoice["amount_due"],
        currency=invoice["currency"],
        renews_at=datetime.fromtimestamp(renews, tz=UTC),
    )


def renewal_notify(*, renewal: Renewal) -> DonorNotice | None:
    """One notice per gift per renewal date; none for a gift cancelled meanwhile, nor for a
    renewal already past (an event delivered days late, or found by reconcile_stripe)."""
    recurring = RecurringDonation.objects.filter(pk=renewal.recurring_pk).first()
    if (
        renewal.renews_at <= timezone.now()
        or recurring is None
        or recurring.status == RecurringDonation.Status.CANCELED
        or recurring.cancel_at_period_end
    ):
        return None
    return notice_once(
        kind=DonorNotice.Kind.RENEWAL,
        key=f"renewal:{renewal.subscription_id}:{renewal.renews_at.date().isoformat()}",
        recurring=recurring,
        details={
            "amount": renewal.amount,
            "currency": renewal.currency,
            "date": renewal.renews_at.isoformat(),
        },
    )


# Cards that expire before the next payment: checked daily (donations.schedule).


def card_expiry_check() -> int:
    """Give one notice per gift per card to donors of active recurring gifts whose card expires
    before their next payment. Returns how many notices were new.

    Fetch, then write: each gift's subscription is read from Stripe with no transaction open.
    A gift Stripe cannot tell us about today is logged and looked at again tomorrow.
    """
    active = RecurringDonation.objects.filter(
        status=RecurringDonation.Status.ACTIVE, cancel_at_period_end=False
    )
    new = 0
    for recurring in active.order_by("pk").iterator():
        try:
            subscription = gateway.subscription_retrieve_with_card(recurring.stripe_subscription_id)
        except gateway.PaymentProviderError:
            logger.exception("Could not read the card of %s", recurring.stripe_subscription_id)
            continue
        expiring = _card_expiring(subscription)
        if expiring is None:
            continue
        card_id, expires = expiring
        notice = notice_once(
            kind=DonorNotice.Kind.CARD_EXPIRING,
            key=f"card_expiring:{recurring.stripe_subscription_id}:{card_id}",
            recurring=recurring,
            details={"expires": expires.isoformat(), "next_payment": _next_payment(subscription)},
        )
        new += notice is not None
    return new


def _card_expiring(subscription: dict) -> tuple[str, date] | None:
    """(payment method id, expiry month) if the card the next payment will charge expires
    before it. A card works to the end of its expiry month."""
    if subscription.get("status") not in ("active", "trialing") or subscription.get(
        "cancel_at_period_end"
    ):
        return None
    method = subscription.get("default_payment_method")
    if not isinstance(method, dict):
        customer = subscription.get("customer")
        settings = customer.get("invoice_settings") if isinstance(customer, dict) else None
        method = (settings or {}).get("default_payment_method")
    card = method.get("card") if isinstance(method, dict) else None
    next_payment = _next_payment(subscription)
    if not card or not card.get("exp_year") or not card.get("exp_month") or next_payment is None:
        return None
    due = datetime.fromisoformat(next_payment)
    if (card["exp_year"], card["exp_month"]) >= (due.year, due.month):
        return None
    return method["id"], date(card["exp_year"], card["exp_month"], 1)


def _next_payment(subscription: dict) -> str | None:
    """When the subscription next bills (ISO, UTC): its period's end, which since 2025 its
    items carry."""
    items = (subscription.get("items") or {}).get("data") or []
    end = items[0].get("current_period_end") if items else None
    return datetime.fromtimestamp(end, tz=UTC).isoformat() if end else None
