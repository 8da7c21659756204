"""Recording gifts from what Stripe tells us (webhooks, the thank-you page, reconciliation).

Recording is idempotent and order-independent. Each payment is found or created by its Stripe
business key (unique in the database), so the thank-you page and any number of webhook
deliveries, in any order and at the same time, leave exactly one Donation. A subscription's
status and terms carry the `created` time of the Stripe event they came from, and an older event
never overwrites a newer state; cancellation is final."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from donations import gateway, support, tasks
from donations.frequencies import INTERVALS, Frequency
from donations.models import Donation, Donor, RecurringDonation
from donations.services import notices, reminders
from donations.services.checkout import (
    FEE_COVERED_KEY,
    GIFT_AMOUNT_KEY,
    LEGACY_METADATA_KEYS,
    OWN_MARKER_KEY,
    OWN_MARKER_VALUE,
)

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


# Recording gifts
#
# Fetch, then write. What recording needs from Stripe (a subscription we have no record of, the
# PaymentIntent behind an invoice, whether a payment is ours at all) is read first, with no
# transaction open: a transaction held across a network call keeps its row locks for as long as
# Stripe takes, and stalls every delivery and page that needs those rows. So `*_fetch` functions
# read (our tables and Stripe) and write nothing; `*_write` functions, and the others below that
# take only what an event carries, write in one short transaction and never call Stripe.


def is_ours(metadata) -> bool:
    """Whether Stripe metadata marks an object as one we made (see OWN_MARKER).

    Sessions opened before the marker existed may be paid after an upgrade, and their
    subscriptions bill for years: they carry our old metadata, exactly a frequency of ours and
    perhaps the prompt and article, which is still read as ours.
    """
    if not isinstance(metadata, dict):
        return False
    if metadata.get(OWN_MARKER_KEY) == OWN_MARKER_VALUE:
        return True
    return metadata.get("frequency") in Frequency.values and set(metadata) <= LEGACY_METADATA_KEYS


def fee_covered_in(metadata, *, amount: int) -> int:
    """The card fee a donor covered, of a charge of `amount`, as our metadata records it (the
    gift meant and the fee, in minor units); 0 where it records none.

    Only where the two still add up to the charge: a subscription whose amount the donor has
    since changed (in Stripe's portal) keeps its old metadata, and its new amount is then taken
    as all gift rather than split by figures that no longer describe it."""
    if not isinstance(metadata, dict):
        return 0
    gift, fee = str(metadata.get(GIFT_AMOUNT_KEY, "")), str(metadata.get(FEE_COVERED_KEY, ""))
    if not (gift.isdigit() and fee.isdigit() and len(gift) <= 12 and len(fee) <= 12):
        return 0
    if int(gift) <= 0 or int(gift) + int(fee) != amount:
        return 0
    return int(fee)


def _fee_of_payment(recurring: RecurringDonation, amount: int) -> int:
    """A recurring gift's payment covers the gift's fee when it is the gift's full amount (not
    a prorated or discounted invoice, which is taken as all gift)."""
    return recurring.fee_covered if amount == recurring.amount else 0


def _fit(model: type, field_name: str, value) -> str | None:
    """A string from Stripe as its column can hold it, so that a gift is always recorded.

    Stripe allows longer names (and ids) than our columns, and text PostgreSQL refuses (NUL).
    What does not fit is cut to the column, except an email address: cut, it could be someone
    else's, so it is dropped (the gift is recorded without it). None stays None.
    """
    if value is None:
        return None
    field = model._meta.get_field(field_name)
    text = str(value).replace("\x00", "")
    if field.max_length is None or len(text) <= field.max_length:
        return text
    if isinstance(field, models.EmailField):
        return ""
    return text[: field.max_length]


def _stripe_id(value) -> str | None:
    """An id field as a payload carries it: the id, or the object when expanded."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def donor_upsert(*, customer_id: str, email: str = "", name: str = "") -> Donor:
    customer_id = _fit(Donor, "stripe_customer_id", customer_id)
    email, name = _fit(Donor, "email", email or ""), _fit(Donor, "name", name or "")
    donor, created = _get_or_insert(
        Donor, stripe_customer_id=customer_id, defaults={"email": email, "name": name}
    )
    if not created and ((email and not donor.email) or (name and not donor.name)):
        donor.email = donor.email or email
        donor.name = donor.name or name
        donor.save(update_fields=["email", "name"])
    return donor


def _get_or_insert(model: type[models.Model], *, defaults: dict, **key) -> tuple:
    """get_or_create by one unique field, in two statements for a new row where get_or_create
    takes four (the read, then a savepoint around the insert, to catch a concurrent one):
    the read, then INSERT ... ON CONFLICT DO NOTHING RETURNING, which a concurrent insert of the
    same key makes wait for the other's commit and then insert nothing, when the row is read
    again. A webhook batch records a gift in a few statements this way (donations.webhooks).

    The row is built and prepared as Model.save would (defaults, auto_now_add, each field's
    own preparation); the database's generated columns come back with its id. No save signals
    are sent: none is connected to these models.
    """
    [(field_name, value)] = key.items()
    found = model.objects.filter(**key).first()
    if found is not None:
        return found, False
    row = model(**key, **defaults)
    meta = model._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    returned = [meta.pk, *(f for f in meta.concrete_fields if f.generated)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING "
        f"RETURNING {', '.join(quote(f.column) for f in returned)}"
    )
    values = [field.get_db_prep_save(field.pre_save(row, True), connection) for field in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        inserted = cursor.fetchone()
    if inserted is None:  # inserted meanwhile by another transaction, now committed
        return model.objects.get(**{field_name: value}), False
    for field, value in zip(returned, inserted, strict=True):
        setattr(row, field.attname, field.to_python(value))
    row._state.adding, row._state.db = False, connection.alias
    return row, True


# Checkout


@dataclass(frozen=True)
class CheckoutFacts:
    """A paid Checkout Session of ours, and what recording it needs from Stripe."""

    session: dict
    subscription: dict | None = None  # only if we have no record of it yet
    payment_intent: str | None = None  # that paid the first invoice, if not recorded yet


def donation_record_checkout(*, session: dict, occurred_at: datetime) -> Donation | None:
    """Record the payment a Checkout Session stands for; None if it is not a paid gift of ours.

    Reads from Stripe first, so callers hold no transaction (the thank-you page). Can raise
    gateway.PaymentProviderError; then nothing is recorded.
    """
    facts = checkout_fetch(session=session)
    return donation_write_checkout(facts=facts, occurred_at=occurred_at) if facts else None


def checkout_fetch(*, session: dict) -> CheckoutFacts | None:
    """What recording a Checkout Session needs; None if it is not a paid gift of ours."""
    if (
        session.get("status") != "complete"
        or session.get("payment_status") != "paid"
        or not session.get("amount_total")
        or not _checkout_is_ours(session)
    ):
        return None
    if session.get("mode") == "payment":
        return CheckoutFacts(session=session)
    if session.get("mode") != "subscription":
        return None
    return CheckoutFacts(
        session=session,
        subscription=_subscription_unless_known(session["subscription"]),
        payment_intent=_payment_intent_unless_known(session["invoice"]),
    )


def _checkout_is_ours(session: dict) -> bool:
    return (
        is_ours(session.get("metadata"))
        or Donation.objects.filter(stripe_checkout_session_id=session.get("id")).exists()
    )


@transaction.atomic(savepoint=False)
def donation_write_checkout(*, facts: CheckoutFacts, occurred_at: datetime) -> Donation:
    if facts.session["mode"] == "subscription":
        return _write_first_subscription_payment(facts=facts, occurred_at=occurred_at)
    return _write_one_off(session=facts.session, occurred_at=occurred_at, paid=True)


@transaction.atomic(savepoint=False)
def donation_fail_checkout(*, session: dict, occurred_at: datetime) -> Donation | None:
    """A delayed one-off payment (a bank debit, say) that failed after Checkout."""
    if session.get("mode") != "payment" or not _checkout_is_ours(session):
        return None
    return _write_one_off(session=session, occurred_at=occurred_at, paid=False)


def _customer_details(session: dict) -> tuple[str, str]:
    details = session.get("customer_details") or {}
    return details.get("email") or session.get("customer_email") or "", details.get("name") or ""


def _attribution(metadata: dict | None) -> dict:
    metadata = metadata or {}
    article_id = str(metadata.get("article", ""))
    article = None
    if article_id.isdigit() and len(article_id) <= 18:
        article = Article.objects.filter(pk=int(article_id)).first()
    return {"prompt": _fit(Donation, "prompt", metadata.get("prompt", "")), "article": article}


def _write_one_off(*, session: dict, occurred_at: datetime, paid: bool) -> Donation:
    email, name = _customer_details(session)
    donor = donor_upsert(customer_id=session["customer"], email=email, name=name)
    payment_intent = _fit(
        Donation, "stripe_payment_intent_id", _stripe_id(session.get("payment_intent"))
    )
    donation, created = _get_or_insert(
        Donation,
        stripe_checkout_session_id=_fit(Donation, "stripe_checkout_session_id", session["id"]),
        defaults={
            "donor": donor,
            "kind": Donation.Kind.ONCE,
            "status": Donation.Status.PAID if paid else Donation.Status.FAILED,
            "amount": session["amount_total"],
            "fee_covered": fee_covered_in(session.get("metadata"), amount=session["amount_total"]),
            "currency": _fit(Donation, "currency", session["currency"]),
            "paid_at": occurred_at if paid else None,
            "stripe_payment_intent_id": payment_intent,
            **_attribution(session.get("metadata")),
        },
    )
    if not created and paid and donation.status == Donation.Status.FAILED:
        donation.status = Donation.Status.PAID
        donation.paid_at = occurred_at
        donation.stripe_payment_intent_id = payment_intent
        donation.save(update_fields=["status", "paid_at", "stripe_payment_intent_id", "updated_at"])
    if donation.status == Donation.Status.PAID:
        _thank_once(donation)
        if created:
            support.supporter_mark_accounts(email=donation.donor.email)
    return donation


def _write_first_subscription_payment(*, facts: CheckoutFacts, occurred_at: datetime) -> Donation:
    session = facts.session
    email, name = _customer_details(session)
    donor_upsert(customer_id=session["customer"], email=email, name=name)
    recurring = _recurring_for(
        subscription_id=session["subscription"], fetched=facts.subscription, version=0
    )
    donation = _write_invoice_payment(
        recurring=recurring,
        invoice_id=session["invoice"],
        amount=session["amount_total"],
        currency=session["currency"],
        paid_at=occurred_at,
        payment_intent=facts.payment_intent,
    )
    if donation.stripe_checkout_session_id is None:
        donation.stripe_checkout_session_id = _fit(
            Donation, "stripe_checkout_session_id", session["id"]
        )
        donation.save(update_fields=["stripe_checkout_session_id", "updated_at"])
    return donation


# Invoices: a recurring gift's payments


@dataclass(frozen=True)
class InvoiceFacts:
    """An invoice that bills a subscription of ours, and what recording it needs from Stripe."""

    invoice: dict
    subscription_id: str
    subscription: dict | None = None  # only if we have no record of it yet
    payment_intent: str | None = None  # that paid it, if not recorded yet


def invoice_fetch(
    *, invoice: dict, paid: bool, payment_intent: str | None = None
) -> InvoiceFacts | None:
    """What recording an invoice event needs; None if there is no payment of ours in it.

    `payment_intent`, when the caller knows which one paid the invoice, spares asking Stripe.
    """
    if not invoice.get("amount_paid" if paid else "amount_due"):
        return None  # $0: a coupon or the customer's credit covered it; no money moved
    subscription_id = invoice_subscription_id(invoice)
    snapshot = _invoice_subscription_metadata(invoice)
    if subscription_id is None and _is_subscription_payment(invoice):
        # A webhook endpoint keeps the API version it was created with, so its payloads can be
        # shaped unlike anything we know. Stripe serves the invoice to us in our pinned shape.
        served = gateway.invoice_retrieve(invoice["id"])
        subscription_id = invoice_subscription_id(served)
        snapshot = _invoice_subscription_metadata(served)
        if subscription_id is None:
            # Failing keeps the event, with this error, for the admin and Stripe's retries:
            # acknowledging it as "not a gift" would lose a donor's payment without a trace.
            raise InvoiceSubscriptionUnknown(
                f"Invoice {invoice['id']} ({invoice.get('billing_reason')}) names no subscription."
            )
    if subscription_id is None:
        return None  # not a subscription's invoice: some other invoice on the account
    subscription = None
    if not RecurringDonation.objects.filter(stripe_subscription_id=subscription_id).exists():
        if snapshot is not None and not is_ours(snapshot):
            return None  # another tool's subscription, as the invoice's own snapshot says
        subscription = gateway.subscription_retrieve(subscription_id)
        if not is_ours(subscription.get("metadata")):
            return None
    return InvoiceFacts(
        invoice=invoice,
        subscription_id=subscription_id,
        subscription=subscription,
        payment_intent=(payment_intent or _payment_intent_unless_known(invoice["id"]))
        if paid
        else None,
    )


@transaction.atomic(savepoint=False)
def donation_write_invoice(*, facts: InvoiceFacts, paid: bool, version: int) -> Donation:
    """One payment (or failed attempt) of a recurring gift, from an invoice event."""
    invoice = facts.invoice
    recurring = _recurring_for(
        subscription_id=facts.subscription_id, fetched=facts.subscription, version=version
    )
    if paid:
        donation = _write_paid_invoice(recurring=recurring, facts=facts)
        _apply_status(recurring, RecurringDonation.Status.ACTIVE, version)
        return donation
    _invoice_donor_upsert(invoice)
    failed_at = datetime.fromtimestamp(version, tz=UTC)
    donation, _ = Donation.objects.get_or_create(
        stripe_invoice_id=_fit(Donation, "stripe_invoice_id", invoice["id"]),
        defaults={
            "donor": recurring.donor,
            "recurring": recurring,
            "kind": Donation.Kind.RECURRING,
            "status": Donation.Status.FAILED,
            "amount": invoice["amount_due"],
            "fee_covered": _fee_of_payment(recurring, invoice["amount_due"]),
            "currency": _fit(Donation, "currency", invoice["currency"]),
            "prompt": recurring.prompt,
            "article": recurring.article,
            "failed_at": failed_at,
        },
    )
    if donation.failed_at is None:
        # Paid already (a retry's invoice.paid came first): a payment recovered, as it is once
        # this failure is known. No notice: there is nothing left for the donor to do.
        Donation.objects.filter(pk=donation.pk, failed_at__isnull=True).update(failed_at=failed_at)
    if donation.status == Donation.Status.FAILED:
        notices.payment_failed_notify(donation=donation)
    _apply_status(recurring, RecurringDonation.Status.PAST_DUE, version)
    return donation


def _invoice_donor_upsert(invoice: dict) -> Donor:
    return donor_upsert(
        customer_id=invoice["customer"],
        email=invoice.get("customer_email") or "",
        name=invoice.get("customer_name") or "",
    )


def _write_paid_invoice(*, recurring: RecurringDonation, facts: InvoiceFacts) -> Donation:
    invoice = facts.invoice
    _invoice_donor_upsert(invoice)
    paid_at = (invoice.get("status_transitions") or {}).get("paid_at") or invoice["created"]
    return _write_invoice_payment(
        recurring=recurring,
        invoice_id=invoice["id"],
        amount=invoice["amount_paid"],
        currency=invoice["currency"],
        paid_at=datetime.fromtimestamp(paid_at, tz=UTC),
        payment_intent=facts.payment_intent,
    )


def invoice_subscription_id(invoice: dict) -> str | None:
    """The subscription an invoice bills, wherever its API version puts it.

    Since 2025-03-31 (basil) only under `parent.subscription_details`; before, in a top-level
    `subscription` field, which newer shapes may still carry as null.
    """
    parent = invoice.get("parent") or {}
    subscription = (parent.get("subscription_details") or {}).get("subscription")
    return _stripe_id(subscription or invoice.get("subscription"))


def _invoice_subscription_metadata(invoice: dict) -> dict | None:
    """The snapshot of its subscription's metadata an invoice carries (taken when the invoice
    was finalized), wherever its API version puts it; None where it carries none."""
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or invoice.get("subscription_details") or {}
    metadata = details.get("metadata")
    return metadata if isinstance(metadata, dict) else None


def _is_subscription_payment(invoice: dict) -> bool:
    parent = invoice.get("parent") or {}
    return (
        invoice.get("billing_reason") in SUBSCRIPTION_BILLING_REASONS
        or parent.get("type") == "subscription_details"
    )


def _payment_intent_unless_known(invoice_id: str) -> str | None:
    """The PaymentIntent that paid an invoice (the key refunds carry), unless we have it.

    Invoices no longer carry it at the top level, and webhook payloads do not expand
    `payments`, so it is read from Stripe.
    """
    if Donation.objects.filter(
        stripe_invoice_id=invoice_id, stripe_payment_intent_id__isnull=False
    ).exists():
        return None
    invoice = gateway.invoice_retrieve(invoice_id)
    for payment in (invoice.get("payments") or {}).get("data", []):
        details = payment.get("payment") or {}
        if payment.get("status") == "paid" and _stripe_id(details.get("payment_intent")):
            return _stripe_id(details["payment_intent"])
    return None


def _write_invoice_payment(
    *,
    recurring: RecurringDonation,
    invoice_id: str,
    amount: int,
    currency: str,
    paid_at: datetime,
    payment_intent: str | None,
) -> Donation:
    donation, created = Donation.objects.get_or_create(
        stripe_invoice_id=_fit(Donation, "stripe_invoice_id", invoice_id),
        defaults={
            "donor": recurring.donor,
            "recurring": recurring,
            "kind": Donation.Kind.RECURRING,
            "status": Donation.Status.PAID,
            "amount": amount,
            "fee_covered": _fee_of_payment(recurring, amount),
            "currency": _fit(Donation, "currency", currency),
            "paid_at": paid_at,
            "prompt": recurring.prompt,
            "article": recurring.article,
        },
    )
    if not created and donation.status == Donation.Status.FAILED:
        donation.status = Donation.Status.PAID
        donation.paid_at = paid_at
        donation.amount = amount
        donation.fee_covered = _fee_of_payment(recurring, amount)
        donation.save(update_fields=["status", "paid_at", "amount", "fee_covered", "updated_at"])
    if (
        payment_intent
        and donation.stripe_payment_intent_id is None
        and donation.status == Donation.Status.PAID
    ):
        donation.stripe_payment_intent_id = _fit(
            Donation, "stripe_payment_intent_id", payment_intent
        )
        donation.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    _thank_once(recurring)
    return donation


# Subscriptions: a recurring gift's terms and status


def _subscription_unless_known(subscription_id: str) -> dict | None:
    """The subscription from Stripe the first time we hear of it; None once we record it."""
    if RecurringDonation.objects.filter(stripe_subscription_id=subscription_id).exists():
        return None
    return gateway.subscription_retrieve(subscription_id)


def _recurring_for(
    *, subscription_id: str, fetched: dict | None, version: int
) -> RecurringDonation:
    recurring = RecurringDonation.objects.filter(stripe_subscription_id=subscription_id).first()
    if recurring is not None:
        return recurring
    if fetched is None:  # recorded when we fetched, and gone since: only staff delete rows
        raise DonationNotYetRecorded(f"No record of subscription {subscription_id}.")
    return _recurring_write(subscription=fetched, version=version)


@transaction.atomic(savepoint=False)
def recurring_sync(*, subscription: dict, version: int) -> RecurringDonation | None:
    """Bring our record of a subscription up to `subscription`, a snapshot at time `version`;
    None if it is not ours. One we already record is ours whatever its metadata says now."""
    known = RecurringDonation.objects.filter(stripe_subscription_id=subscription["id"]).exists()
    if not known and not is_ours(subscription.get("metadata")):
        return None
    return _recurring_write(subscription=subscription, version=version)


def _recurring_write(*, subscription: dict, version: int) -> RecurringDonation:
    terms = _subscription_terms(subscription)
    donor = donor_upsert(customer_id=subscription["customer"])
    recurring, created = RecurringDonation.objects.get_or_create(
        stripe_subscription_id=_fit(
            RecurringDonation, "stripe_subscription_id", subscription["id"]
        ),
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
    """Amount, currency, interval and status as we record them. Ours have one item with a
    monthly or annual price per unit; anything else fails loudly (kept on the event for staff)
    rather than being recorded as something it is not."""
    items = (subscription.get("items") or {}).get("data") or []
    if not items:
        raise ValueError(f"Subscription {subscription.get('id')} has no items.")
    price = items[0]["price"]
    interval = (price.get("recurring") or {}).get("interval")
    if interval not in INTERVALS.values() or any(
        item["price"].get("unit_amount") is None for item in items
    ):
        raise ValueError(
            f"Subscription {subscription.get('id')} is not billed as a gift is "
            f"({interval}, {[item['price'].get('unit_amount') for item in items]})."
        )
    canceled_at = subscription.get("canceled_at") or subscription.get("ended_at")
    amount = sum(item["price"]["unit_amount"] * (item.get("quantity") or 1) for item in items)
    pause = subscription.get("pause_collection") or {}
    return {
        "amount": amount,
        "fee_covered": fee_covered_in(subscription.get("metadata"), amount=amount),
        "currency": _fit(RecurringDonation, "currency", price["currency"]),
        "interval": interval,
        "status": SUBSCRIPTION_STATUSES.get(
            subscription["status"], RecurringDonation.Status.INCOMPLETE
        ),
        "cancel_at_period_end": bool(subscription.get("cancel_at_period_end")),
        "canceled_at": datetime.fromtimestamp(canceled_at, tz=UTC) if canceled_at else None,
        "paused_until": (
            datetime.fromtimestamp(pause["resumes_at"], tz=UTC) if pause.get("resumes_at") else None
        ),
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


# Refunds


@dataclass(frozen=True)
class RefundFacts:
    """A refunded charge of ours, and what recording its refund needs from Stripe."""

    charge: dict
    # The recurring gift's payment it refunds, when the refund reaches us before the invoice
    # event that records that payment: the payment is recorded with its refund.
    invoice: InvoiceFacts | None = None


def refund_fetch(*, charge: dict) -> RefundFacts | None:
    """What recording a refund needs; None if the refunded payment is not ours.

    Ours: it paid a gift we recorded; or its PaymentIntent carries our marker (a one-off gift
    whose Checkout event has not reached us yet: the write fails, and Stripe delivers the refund
    again); or it paid an invoice of a subscription of ours. A charge with neither a
    PaymentIntent nor (in payloads before 2025-03-31) an invoice of ours is not ours: every gift
    goes through Checkout, which always makes a PaymentIntent.
    """
    paid = _refunded_payment(charge)
    if paid is None:
        return None
    if Donation.objects.filter(paid).exists():
        return RefundFacts(charge=charge)
    payment_intent = _stripe_id(charge.get("payment_intent"))
    if payment_intent is None:
        return None
    if is_ours(charge.get("metadata")):
        return RefundFacts(charge=charge)
    # The charge may not carry the PaymentIntent's metadata; the PaymentIntent always does.
    if is_ours(gateway.payment_intent_retrieve(payment_intent).get("metadata")):
        return RefundFacts(charge=charge)
    # A recurring gift's payment: its PaymentIntent has no metadata (Stripe copies none from the
    # subscription onto an invoice's payment), and its invoice.paid may still be on its way.
    # Whether it is ours is the invoice's to say. Failing until that event arrived would leave
    # the refund to Stripe's retries, and lose it once they ran out; so the payment is recorded
    # here, as its invoice event would record it, and the refund with it, in any order.
    invoice = _invoice_paid_by(payment_intent)
    if invoice is None:
        return None  # not an invoice's payment: someone else's sale
    facts = invoice_fetch(invoice=invoice, paid=True, payment_intent=payment_intent)
    return RefundFacts(charge=charge, invoice=facts) if facts is not None else None


def _invoice_paid_by(payment_intent: str) -> dict | None:
    """The invoice a PaymentIntent paid (as Stripe serves it, in our pinned shape), or None."""
    for payment in gateway.invoice_payments_for(payment_intent):
        if payment.get("status") == "paid" and isinstance(payment.get("invoice"), dict):
            return payment["invoice"]
    return None


def _refunded_payment(charge: dict) -> Q | None:
    """Which donation a charge paid, by a real id only: a match on NULL would be every gift
    recorded without that id."""
    payment_intent = _stripe_id(charge.get("payment_intent"))
    if payment_intent is not None:
        return Q(stripe_payment_intent_id=payment_intent)
    invoice = _stripe_id(charge.get("invoice"))
    return Q(stripe_invoice_id=invoice) if invoice is not None else None


@transaction.atomic(savepoint=False)
def donation_refund(*, facts: RefundFacts) -> Donation:
    """Record how much of a payment has been refunded (Stripe's figure is cumulative), and the
    recurring gift's payment itself first if its invoice event has not reached us yet."""
    charge = facts.charge
    if facts.invoice is not None:
        _write_refunded_invoice_payment(facts=facts.invoice)
    paid = _refunded_payment(charge)
    donation = Donation.objects.select_for_update().filter(paid).first() if paid else None
    if donation is None:
        raise DonationNotYetRecorded(f"No donation paid by charge {charge.get('id')} yet.")
    refunded = min(max(donation.amount_refunded, charge["amount_refunded"]), donation.amount)
    donation.amount_refunded = refunded
    if refunded >= donation.amount:
        donation.status = Donation.Status.REFUNDED
    donation.save(update_fields=["amount_refunded", "status", "updated_at"])
    return donation


def _write_refunded_invoice_payment(*, facts: InvoiceFacts) -> Donation:
    """The payment a refund is about, as its invoice.paid will record it (that event, when it
    arrives, finds it and records nothing twice). The subscription's status is left to that
    event: a refund says nothing about it. Version 0, as at Checkout: a subscription first heard
    of here is a snapshot that any event of its own may bring up to date."""
    recurring = _recurring_for(
        subscription_id=facts.subscription_id, fetched=facts.subscription, version=0
    )
    return _write_paid_invoice(recurring=recurring, facts=facts)


def _thank_once(gift: Donation | RecurringDonation) -> None:
    """Thank the donor once per new gift (a one-off payment, or a recurring gift's start).

    The conditional UPDATE runs in the recording transaction, so "thanked" commits with the gift
    itself: of any number of racing deliveries, exactly one sees a row to update. The email is
    queued with that commit (a worker must find the gift); a queue elsewhere that cannot take it
    then must not reach the caller, as the gift is committed: it logs, and this email is lost.

    A new gift is also when the donor's address is forgotten by "Email me a reminder": no
    reminder goes to someone who gave (and the funnel counts the gift that followed one).
    """
    model = type(gift)
    if model.objects.filter(pk=gift.pk, thanked_at__isnull=True).update(thanked_at=timezone.now()):
        kind = "donation" if model is Donation else "recurring"
        tasks.enqueue_with_commit(tasks.thank_you_send, kind, gift.pk)
        reminders.reminders_forget_giver(email=gift.donor.email)
