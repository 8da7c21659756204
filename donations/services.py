"""Every change the giving side makes: starting checkouts, recording gifts, emails, portal links.

Recording is idempotent and order-independent. Each payment is found or created by its Stripe
business key (unique in the database), so the thank-you page and any number of webhook
deliveries, in any order and at the same time, leave exactly one Donation. A subscription's
status and terms carry the `created` time of the Stripe event they came from, and an older event
never overwrites a newer state; cancellation is final.
"""

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from donations import gateway, prompts
from donations.models import Donation, Donor, Prompt, PromptDay, RecurringDonation
from donations.money import format_major, format_money, to_major_units

logger = logging.getLogger(__name__)

FREQUENCY_INTERVALS = {"monthly": "month", "annual": "year"}
INTERVAL_FREQUENCIES = {"month": "monthly", "year": "annual"}
FREQUENCY_LABELS = {"once": "one-off", "monthly": "monthly", "annual": "annual"}
# Stripe's subscription statuses, folded into the four a newsroom acts on.
SUBSCRIPTION_STATUSES = {
    "active": RecurringDonation.Status.ACTIVE,
    "trialing": RecurringDonation.Status.ACTIVE,
    "past_due": RecurringDonation.Status.PAST_DUE,
    "unpaid": RecurringDonation.Status.PAST_DUE,
    "paused": RecurringDonation.Status.PAST_DUE,
    "canceled": RecurringDonation.Status.CANCELED,
    "incomplete_expired": RecurringDonation.Status.CANCELED,
    "incomplete": RecurringDonation.Status.INCOMPLETE,
}
MANAGE_SALT = "donations.manage-link"


# Invoices Stripe makes for a subscription's payments (billing_reason); any other is not a gift.
SUBSCRIPTION_BILLING_REASONS = {
    "subscription",
    "subscription_create",
    "subscription_cycle",
    "subscription_threshold",
    "subscription_update",
}


class DonationNotYetRecorded(Exception):
    """An event refers to a payment we have not recorded yet; Stripe will deliver it again."""


class InvoiceSubscriptionUnknown(Exception):
    """A subscription's invoice that names no subscription, even as Stripe serves it to us."""


@dataclass(frozen=True)
class Gift:
    """What a reader asked to give, validated."""

    frequency: str  # once | monthly | annual
    amount: int  # minor units
    currency: str
    prompt: str = ""
    article_id: int | None = None

    @property
    def metadata(self) -> dict[str, str]:
        metadata = {"frequency": self.frequency}
        if self.prompt:
            metadata["prompt"] = self.prompt
        if self.article_id:
            metadata["article"] = str(self.article_id)
        return metadata


# Starting a checkout


def checkout_start(*, gift: Gift) -> str:
    """Create a Stripe Checkout Session for `gift` and return the address to send the reader to.

    The idempotency key is new for each attempt: it makes the client's own retries of this one
    request safe, while two readers (or one reader twice) always get sessions of their own.
    """
    session = gateway.checkout_session_create(
        params=_checkout_params(gift), idempotency_key=f"checkout-{uuid.uuid4()}"
    )
    return session["url"]


def _checkout_params(gift: Gift) -> dict:
    support_url = settings.SITE_URL + reverse("donations:support")
    cancel_query = urlencode(
        {
            "frequency": gift.frequency,
            "amount": format_major(to_major_units(gift.amount)),
            "currency": gift.currency,
        }
    )
    price_data = {
        "currency": gift.currency,
        "unit_amount": gift.amount,
        "product_data": {
            "name": f"{FREQUENCY_LABELS[gift.frequency].capitalize()} gift to {settings.SITE_NAME}"
        },
    }
    params = {
        # {CHECKOUT_SESSION_ID} is filled in by Stripe: it must reach Stripe unencoded.
        "success_url": settings.SITE_URL
        + reverse("donations:thanks")
        + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": f"{support_url}?{cancel_query}",
        "metadata": gift.metadata,
        "line_items": [{"quantity": 1, "price_data": price_data}],
    }
    if gift.frequency == "once":
        params["mode"] = "payment"
        params["submit_type"] = "donate"
        params["customer_creation"] = "always"
        params["payment_intent_data"] = {"metadata": gift.metadata}
    else:
        params["mode"] = "subscription"
        price_data["recurring"] = {"interval": FREQUENCY_INTERVALS[gift.frequency]}
        params["subscription_data"] = {"metadata": gift.metadata}
    return params


# Recording gifts


def donor_upsert(*, customer_id: str, email: str = "", name: str = "") -> Donor:
    donor, created = Donor.objects.get_or_create(
        stripe_customer_id=customer_id, defaults={"email": email or "", "name": name or ""}
    )
    if not created and ((email and not donor.email) or (name and not donor.name)):
        donor.email = donor.email or email
        donor.name = donor.name or name
        donor.save(update_fields=["email", "name"])
    return donor


@transaction.atomic  # a savepoint when nested: a Stripe failure midway leaves the caller usable
def donation_record_checkout(*, session: dict, occurred_at: datetime) -> Donation | None:
    """Record the payment a completed Checkout Session stands for; None if it is not paid.

    A monthly gift's first payment needs its subscription and invoice from Stripe, so this can
    raise gateway.PaymentProviderError; then nothing is recorded.
    """
    if (
        session.get("status") != "complete"
        or session.get("payment_status") != "paid"
        or not session.get("amount_total")
    ):
        return None
    if session.get("mode") == "subscription":
        return _record_first_subscription_payment(session=session, occurred_at=occurred_at)
    if session.get("mode") == "payment":
        return _record_one_off(session=session, occurred_at=occurred_at, paid=True)
    return None


def donation_fail_checkout(*, session: dict, occurred_at: datetime) -> Donation | None:
    """A delayed one-off payment (a bank debit, say) that failed after Checkout."""
    if session.get("mode") != "payment":
        return None
    return _record_one_off(session=session, occurred_at=occurred_at, paid=False)


def _customer_details(session: dict) -> tuple[str, str]:
    details = session.get("customer_details") or {}
    return details.get("email") or session.get("customer_email") or "", details.get("name") or ""


def _attribution(metadata: dict | None) -> dict:
    metadata = metadata or {}
    article_id = str(metadata.get("article", ""))
    article = None
    if article_id.isdigit():
        article = Article.objects.filter(pk=int(article_id)).first()
    return {"prompt": str(metadata.get("prompt", ""))[:100], "article": article}


@transaction.atomic(savepoint=False)  # no savepoint when nested: it all commits or not
def _record_one_off(*, session: dict, occurred_at: datetime, paid: bool) -> Donation:
    email, name = _customer_details(session)
    donor = donor_upsert(customer_id=session["customer"], email=email, name=name)
    donation, created = Donation.objects.get_or_create(
        stripe_checkout_session_id=session["id"],
        defaults={
            "donor": donor,
            "kind": Donation.Kind.ONCE,
            "status": Donation.Status.PAID if paid else Donation.Status.FAILED,
            "amount": session["amount_total"],
            "currency": session["currency"],
            "paid_at": occurred_at if paid else None,
            "stripe_payment_intent_id": session.get("payment_intent"),
            **_attribution(session.get("metadata")),
        },
    )
    if not created and paid and donation.status == Donation.Status.FAILED:
        donation.status = Donation.Status.PAID
        donation.paid_at = occurred_at
        donation.stripe_payment_intent_id = session.get("payment_intent")
        donation.save(update_fields=["status", "paid_at", "stripe_payment_intent_id", "updated_at"])
    if donation.status == Donation.Status.PAID:
        _thank_once(donation)
        if created:
            prompts.supporter_mark_accounts(email=donation.donor.email)
    return donation


@transaction.atomic(savepoint=False)
def _record_first_subscription_payment(*, session: dict, occurred_at: datetime) -> Donation:
    email, name = _customer_details(session)
    donor_upsert(customer_id=session["customer"], email=email, name=name)
    recurring = recurring_get_or_fetch(subscription_id=session["subscription"], version=0)
    donation = _record_invoice_payment(
        recurring=recurring,
        invoice_id=session["invoice"],
        amount=session["amount_total"],
        currency=session["currency"],
        paid_at=occurred_at,
    )
    if donation.stripe_checkout_session_id is None:
        donation.stripe_checkout_session_id = session["id"]
        donation.save(update_fields=["stripe_checkout_session_id", "updated_at"])
    return donation


@transaction.atomic(savepoint=False)
def donation_record_invoice(*, invoice: dict, paid: bool, version: int) -> Donation | None:
    """One payment (or failed attempt) of a recurring gift, from an invoice event."""
    subscription_id = _invoice_subscription_id(invoice)
    if subscription_id is None and _is_subscription_payment(invoice):
        # A webhook endpoint keeps the API version it was created with, so its payloads can be
        # shaped unlike anything we know. Stripe serves the invoice to us in our pinned shape.
        subscription_id = _invoice_subscription_id(gateway.invoice_retrieve(invoice["id"]))
        if subscription_id is None:
            # Failing keeps the event, with this error, for the admin and Stripe's retries:
            # acknowledging it as "not a gift" would lose a donor's payment without a trace.
            raise InvoiceSubscriptionUnknown(
                f"Invoice {invoice['id']} ({invoice.get('billing_reason')}) names no subscription."
            )
    if subscription_id is None:
        return None  # not a gift: some other invoice on the account
    recurring = recurring_get_or_fetch(subscription_id=subscription_id, version=version)
    donor_upsert(
        customer_id=invoice["customer"],
        email=invoice.get("customer_email") or "",
        name=invoice.get("customer_name") or "",
    )
    if paid:
        paid_at = (invoice.get("status_transitions") or {}).get("paid_at") or invoice["created"]
        donation = _record_invoice_payment(
            recurring=recurring,
            invoice_id=invoice["id"],
            amount=invoice["amount_paid"],
            currency=invoice["currency"],
            paid_at=datetime.fromtimestamp(paid_at, tz=UTC),
        )
        _apply_status(recurring, RecurringDonation.Status.ACTIVE, version)
        return donation
    donation, _ = Donation.objects.get_or_create(
        stripe_invoice_id=invoice["id"],
        defaults={
            "donor": recurring.donor,
            "recurring": recurring,
            "kind": Donation.Kind.RECURRING,
            "status": Donation.Status.FAILED,
            "amount": invoice["amount_due"],
            "currency": invoice["currency"],
            "prompt": recurring.prompt,
            "article": recurring.article,
        },
    )
    _apply_status(recurring, RecurringDonation.Status.PAST_DUE, version)
    return donation


def _invoice_subscription_id(invoice: dict) -> str | None:
    """The subscription an invoice bills, wherever its API version puts it.

    Since 2025-03-31 (basil) only under `parent.subscription_details`; before, in a top-level
    `subscription` field, which newer shapes may still carry as null.
    """
    parent = invoice.get("parent") or {}
    subscription = (parent.get("subscription_details") or {}).get("subscription")
    subscription = subscription or invoice.get("subscription")
    if isinstance(subscription, dict):  # expanded
        subscription = subscription.get("id")
    return subscription if isinstance(subscription, str) and subscription else None


def _is_subscription_payment(invoice: dict) -> bool:
    parent = invoice.get("parent") or {}
    return (
        invoice.get("billing_reason") in SUBSCRIPTION_BILLING_REASONS
        or parent.get("type") == "subscription_details"
    )


def _invoice_payment_intent(invoice_id: str) -> str | None:
    """The PaymentIntent that paid an invoice: invoices no longer carry it at the top level,
    and webhook payloads do not expand `payments`, so it is read from Stripe."""
    invoice = gateway.invoice_retrieve(invoice_id)
    for payment in (invoice.get("payments") or {}).get("data", []):
        details = payment.get("payment") or {}
        if payment.get("status") == "paid" and details.get("payment_intent"):
            return details["payment_intent"]
    return None


def _record_invoice_payment(
    *, recurring: RecurringDonation, invoice_id: str, amount: int, currency: str, paid_at
) -> Donation:
    donation, created = Donation.objects.get_or_create(
        stripe_invoice_id=invoice_id,
        defaults={
            "donor": recurring.donor,
            "recurring": recurring,
            "kind": Donation.Kind.RECURRING,
            "status": Donation.Status.PAID,
            "amount": amount,
            "currency": currency,
            "paid_at": paid_at,
            "prompt": recurring.prompt,
            "article": recurring.article,
        },
    )
    if not created and donation.status == Donation.Status.FAILED:
        donation.status = Donation.Status.PAID
        donation.paid_at = paid_at
        donation.amount = amount
        donation.save(update_fields=["status", "paid_at", "amount", "updated_at"])
    if donation.stripe_payment_intent_id is None and donation.status == Donation.Status.PAID:
        donation.stripe_payment_intent_id = _invoice_payment_intent(invoice_id)
        donation.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    _thank_once(recurring)
    return donation


def recurring_get_or_fetch(*, subscription_id: str, version: int) -> RecurringDonation:
    """Our record of a subscription; read from Stripe the first time we hear of it."""
    recurring = RecurringDonation.objects.filter(stripe_subscription_id=subscription_id).first()
    if recurring is not None:
        return recurring
    return recurring_sync(
        subscription=gateway.subscription_retrieve(subscription_id), version=version
    )


@transaction.atomic(savepoint=False)
def recurring_sync(*, subscription: dict, version: int) -> RecurringDonation:
    """Bring our record of a subscription up to `subscription`, a snapshot at time `version`."""
    terms = _subscription_terms(subscription)
    donor = donor_upsert(customer_id=subscription["customer"])
    recurring, created = RecurringDonation.objects.get_or_create(
        stripe_subscription_id=subscription["id"],
        defaults={
            "donor": donor,
            **terms,
            "started_at": datetime.fromtimestamp(
                subscription.get("start_date") or subscription["created"], tz=UTC
            ),
            "state_version": version,
            **_attribution(subscription.get("metadata")),
        },
    )
    if created:
        return recurring
    recurring = RecurringDonation.objects.select_for_update().get(pk=recurring.pk)
    if recurring.status == RecurringDonation.Status.CANCELED:
        return recurring  # final: nothing Stripe sends about it afterwards can revive it
    if version >= recurring.state_version or terms["status"] == RecurringDonation.Status.CANCELED:
        for field, value in terms.items():
            setattr(recurring, field, value)
        recurring.state_version = max(version, recurring.state_version)
        recurring.save()
    return recurring


def _subscription_terms(subscription: dict) -> dict:
    items = (subscription.get("items") or {}).get("data") or []
    if not items:
        raise ValueError(f"Subscription {subscription.get('id')} has no items.")
    price = items[0]["price"]
    canceled_at = subscription.get("canceled_at") or subscription.get("ended_at")
    return {
        "amount": sum(item["price"]["unit_amount"] * item.get("quantity", 1) for item in items),
        "currency": price["currency"],
        "interval": price["recurring"]["interval"],
        "status": SUBSCRIPTION_STATUSES.get(
            subscription["status"], RecurringDonation.Status.INCOMPLETE
        ),
        "cancel_at_period_end": bool(subscription.get("cancel_at_period_end")),
        "canceled_at": datetime.fromtimestamp(canceled_at, tz=UTC) if canceled_at else None,
    }


def _apply_status(recurring: RecurringDonation, status: str, version: int) -> None:
    """Set a status implied by a payment event, unless a newer state or cancellation holds."""
    updated = (
        RecurringDonation.objects.filter(pk=recurring.pk, state_version__lte=version)
        .exclude(status=RecurringDonation.Status.CANCELED)
        .update(status=status, state_version=version, updated_at=timezone.now())
    )
    if updated:
        recurring.refresh_from_db()


@transaction.atomic(savepoint=False)
def donation_refund(*, charge: dict) -> Donation:
    """Record how much of a payment has been refunded (Stripe's figure is cumulative)."""
    donation = (
        Donation.objects.select_for_update()
        .filter(stripe_payment_intent_id=charge.get("payment_intent"))
        .first()
    )
    if donation is None:
        raise DonationNotYetRecorded(
            f"No donation for PaymentIntent {charge.get('payment_intent')} yet."
        )
    refunded = min(max(donation.amount_refunded, charge["amount_refunded"]), donation.amount)
    donation.amount_refunded = refunded
    if refunded >= donation.amount:
        donation.status = Donation.Status.REFUNDED
    donation.save(update_fields=["amount_refunded", "status", "updated_at"])
    return donation


# Emails


def _thank_once(gift: Donation | RecurringDonation) -> None:
    """Thank the donor once per new gift (a one-off payment, or a recurring gift's start).

    The conditional UPDATE runs in the recording transaction, so "thanked" commits with the gift
    itself: of any number of racing deliveries, exactly one sees a row to update. The email
    leaves after the commit, so a failure there must not reach the caller: the webhook would
    answer 5xx for a gift already committed. `robust` logs whatever _send_thank_you lets out.
    """
    model = type(gift)
    if model.objects.filter(pk=gift.pk, thanked_at__isnull=True).update(thanked_at=timezone.now()):
        transaction.on_commit(lambda: _send_thank_you(model=model, pk=gift.pk), robust=True)


def _send_thank_you(*, model: type[Donation] | type[RecurringDonation], pk: int) -> None:
    gift = model.objects.select_related("donor").get(pk=pk)
    if not gift.donor.email:
        return
    frequency = (
        "once" if isinstance(gift, Donation) else INTERVAL_FREQUENCIES.get(gift.interval, "monthly")
    )
    context = {
        "site_name": settings.SITE_NAME,
        "name": gift.donor.name,
        "amount": format_money(gift.amount, gift.currency),
        "frequency": frequency,
        "manage_url": settings.SITE_URL + reverse("donations:manage"),
    }
    try:
        send_mail(
            subject=f"Thank you for supporting {settings.SITE_NAME}",
            message=render_to_string("donations/email/thank_you.txt", context),
            from_email=None,
            recipient_list=[gift.donor.email],
        )
    except Exception:
        # Any backend's failure (SMTP errors are OSErrors, an email API client's are not). The
        # gift is recorded either way; a lost thank-you is logged, never retried twice.
        logger.exception("Could not send the thank-you email for %s %s", model.__name__, pk)


def manage_link_send(*, email: str) -> int:
    """Email every donor record with this address a signed, expiring link to their gifts.

    Returns how many were sent; callers must not show it, so the answer never reveals whether
    an address belongs to a donor.
    """
    donors = list(Donor.objects.filter(email__iexact=email.strip()))
    if not donors:
        return 0
    links = [
        settings.SITE_URL
        + reverse("donations:manage_portal", kwargs={"token": manage_token_make(donor=donor)})
        for donor in donors
    ]
    context = {
        "site_name": settings.SITE_NAME,
        "links": links,
        "hours": settings.MANAGE_LINK_MAX_AGE // 3600,
    }
    try:
        send_mail(
            subject=f"Manage your support for {settings.SITE_NAME}",
            message=render_to_string("donations/email/manage_link.txt", context),
            from_email=None,
            recipient_list=[donors[0].email],
        )
    except Exception:
        # Logged, not raised: an error page here, and only here, would tell anyone who asks
        # that the address belongs to a donor.
        logger.exception("Could not send the manage link to donor %s", donors[0].pk)
        return 0
    return 1


def manage_token_make(*, donor: Donor) -> str:
    return signing.dumps(donor.pk, salt=MANAGE_SALT, compress=True)


def manage_token_read(token: str) -> Donor:
    """The donor a link was made for. Raises signing.SignatureExpired or signing.BadSignature."""
    donor_pk = signing.loads(token, salt=MANAGE_SALT, max_age=settings.MANAGE_LINK_MAX_AGE)
    donor = Donor.objects.filter(pk=donor_pk).first()
    if donor is None:
        raise signing.BadSignature("No such donor.")
    return donor


def portal_start(*, donor: Donor) -> str:
    """A Stripe Billing Portal session for the donor: cancel, change card, see receipts."""
    session = gateway.billing_portal_session_create(
        customer_id=donor.stripe_customer_id,
        return_url=settings.SITE_URL + reverse("donations:support"),
        idempotency_key=f"portal-{uuid.uuid4()}",
    )
    return session["url"]


# Readers' prompt state and the prompt funnel


def support_snooze(*, request, days: int) -> prompts.SupportState:
    """ "Remind me later": no asks anywhere until the date."""
    state = replace(
        prompts.state_for(request),
        snoozed_until=timezone.now() + timedelta(days=days),
        notice="snoozed",
    )
    prompts.state_set(request, state)
    return state


def support_unsnooze(*, request) -> prompts.SupportState:
    state = replace(prompts.state_for(request), snoozed_until=None, notice="")
    prompts.state_set(request, state)
    return state


def support_close_banner(*, request, days: int) -> prompts.SupportState:
    state = replace(
        prompts.state_for(request), banner_hidden_until=timezone.now() + timedelta(days=days)
    )
    prompts.state_set(request, state)
    return state


def support_already(*, request) -> prompts.SupportState:
    """ "I already support you": trust the reader, and stop asking for a while."""
    return _supporter_for(request, days=prompts.SUPPORTER_DAYS_WHEN_ALREADY)


def support_confirmed_gift(*, request) -> prompts.SupportState:
    """A gift we have confirmed: no asks for this reader for a good while."""
    return _supporter_for(request, days=prompts.SUPPORTER_DAYS_AFTER_GIFT)


def _supporter_for(request, *, days: int) -> prompts.SupportState:
    current = prompts.state_for(request)
    until = timezone.now() + timedelta(days=days)
    state = replace(current, supporter_until=max(until, current.supporter_until or until))
    prompts.state_set(request, state)
    return state


def prompt_count(*, key: str, counter: str) -> None:
    """Add one to today's impressions, clicks or checkouts of the prompt named `key`."""
    if counter not in {"impressions", "clicks", "checkouts"}:
        raise ValueError(counter)
    prompt_id = Prompt.objects.filter(key=key).values_list("pk", flat=True).first()
    if prompt_id is None:
        return
    day = timezone.localdate()
    updated = PromptDay.objects.filter(prompt_id=prompt_id, day=day).update(
        **{counter: F(counter) + 1}
    )
    if not updated:
        _, created = PromptDay.objects.get_or_create(
            prompt_id=prompt_id, day=day, defaults={counter: 1}
        )
        if not created:  # another request made today's row first
            PromptDay.objects.filter(prompt_id=prompt_id, day=day).update(
                **{counter: F(counter) + 1}
            )
