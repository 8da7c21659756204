"""Recording gifts from what Stripe tells us (webhooks, the thank-you page, reconciliation).

Recording is idempotent and order-independent. Each payment is found or created by its Stripe
business key (unique in the database), so the thank-you page and any number of webhook
deliveries, in any order and at the same time, leave exactly one Donation. A subscription's
status and terms carry the `created` time of the Stripe event they came from, and an older event
never overwrites a newer state; cancellation is final."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from donations import gateway, support, tasks
from donations.frequencies import INTERVALS, Frequency
from donations.models import Donation, Donor, RecurringDonation, Reminder
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
    again. A webhook event's write records a gift in a few statements this way.
    """
    [(field_name, value)] = key.items()
    found = model.objects.filter(**key).first()
    if found is not None:
        return found, False
    row = model(**key, **defaults)
    if not _insert_new(model, [row], key=field_name):  # inserted meanwhile by another, committed
        return model.objects.get(**{field_name: value}), False
    return row, True


def _insert_new(model: type[models.Model], rows: list, *, key: str) -> list:
    """Insert `rows` (unsaved instances) in one INSERT ... ON CONFLICT DO NOTHING RETURNING, and
    return those inserted, with their ids and generated columns: a row whose unique `key` (or
    any other unique value) is taken, by a concurrent transaction too, is left out, unchanged.

    Each row is prepared as Model.save would (defaults, auto_now_add, each field's own
    preparation). No save signals are sent: none is connected to these models.
    """
    if not rows:
        return []
    meta = model._meta
    columns = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    key_field = meta.get_field(key)
    returned = [meta.pk, *(f for f in meta.concrete_fields if f.generated)]
    quote = connection.ops.quote_name
    prepared = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for row in rows]
        for field in columns
    ]
    if connection.vendor == "postgresql":
        # One array a column (unnest), not a placeholder a value: the statement's text is the
        # same for any number of rows, which spares the driver parsing a long one each time.
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
        source = f"SELECT * FROM unnest({arrays})"
        values = prepared
    else:  # SQLite (the demo), which has no arrays: a row of placeholders a row
        row_marks = f"({', '.join(['%s'] * len(columns))})"
        source = f"VALUES {', '.join([row_marks] * len(rows))}"
        values = [value for row in zip(*prepared, strict=True) for value in row]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        f"{source} ON CONFLICT DO NOTHING "
        f"RETURNING {', '.join(quote(f.column) for f in [*returned, key_field])}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        inserted = {found[-1]: found[:-1] for found in cursor.fetchall()}
    kept = []
    for row in rows:
        found = inserted.get(getattr(row, key_field.attname))
        if found is None:
            continue
        for field, value in zip(returned, found, strict=True):
            setattr(row, field.attname, field.to_python(value))
        row._state.adding, row._state.db = False, connection.alias
        kept.append(row)
    return kept


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


def _attribution(metadata: dict | None, *, articles: dict | None = None) -> dict:
    """The ask and the article a gift came from, as our metadata names them. `articles`, when
    given, holds the articles already read for these ids (a batch reads them at once)."""
    metadata = metadata or {}
    article_id = _article_id(metadata)
    article = None
    if article_id is not None:
        if articles is None:
            article = Article.objects.filter(pk=article_id).first()
        else:
            article = articles.get(article_id)
    return {"prompt": _fit(Donation, "prompt", metadata.get("prompt", "")), "article": article}


def _article_id(metadata: dict) -> int | None:
    article_id = str(metadata.get("article", ""))
    return int(article_id) if article_id.isdigit() and len(article_id) <= 18 else None


def _write_one_off(*, session: dict, occurred_at: datetime, paid: bool) -> Donation:
    email, name = _customer_details(session)
    donor = donor_upsert(customer_id=session["customer"], email=email, name=name)
    donation, created = _get_or_insert(
        Donation,
        stripe_checkout_session_id=_fit(Donation, "stripe_checkout_session_id", session["id"]),
        defaults={
            "donor": donor,
            **_one_off_fields(session, occurred_at=occurred_at, paid=paid),
            **_attribution(session.get("metadata")),
        },
    )
    if not created and paid and donation.status == Donation.Status.FAILED:
        donation.status = Donation.Status.PAID
        donation.paid_at = occurred_at
        donation.stripe_payment_intent_id = _payment_intent_of(session)
        donation.save(update_fields=["status", "paid_at", "stripe_payment_intent_id", "updated_at"])
    if donation.status == Donation.Status.PAID:
        _thank_once(donation)
        if created:
            support.supporter_mark_accounts(email=donation.donor.email)
    return donation


@transaction.atomic(savepoint=False)
def donations_write_one_offs(*, payments: list[tuple[dict, datetime]]) -> list[Donation | None]:
    """Record paid one-off Checkout Sessions of ours together (a webhook batch in a rush): what
    _write_one_off records for each, in a handful of statements for them all where each takes
    seven or so. `payments`: (session, occurred_at) pairs, in the order their events came.

    Returns, for each payment, its new Donation, or None where recording it is left to the
    caller, in order, through donation_write_checkout, after this: a session recorded before or
    named twice, a donor whose empty address or name a payment would fill, a customer id we
    cannot key a donor by, a row a concurrent transaction inserted first; and every payment of
    such a payment's customer, so that the payments recorded here share no row with those
    recorded one at a time, and the order of the two does not matter. Those are rare, and the
    one-payment path is the reference for them.
    """
    prepared = [_one_off_payment(session, occurred_at) for session, occurred_at in payments]
    recorded = set(
        Donation.objects.filter(
            stripe_checkout_session_id__in={payment.session_id for payment in prepared}
        ).values_list("stripe_checkout_session_id", flat=True)
    )
    customers = {payment.customer for payment in prepared} - {None}
    donors = {
        donor.stripe_customer_id: donor
        for donor in Donor.objects.filter(stripe_customer_id__in=customers)
    }
    left = _left_to_one_at_a_time(prepared, recorded=recorded, donors=donors)
    together = [payment for payment in prepared if payment.customer not in left]
    new_donors = {}
    for payment in together:
        if payment.customer not in donors and payment.customer not in new_donors:
            new_donors[payment.customer] = Donor(
                stripe_customer_id=payment.customer, email=payment.email, name=payment.name
            )
    # Rows are inserted in the order of their keys, so that two batches inserting some of the
    # same keys at once take their locks in one order, and wait for each other, not deadlock.
    in_order = [new_donors[customer] for customer in sorted(new_donors)]
    for donor in _insert_new(Donor, in_order, key="stripe_customer_id"):
        donors[donor.stripe_customer_id] = donor
    together = [p for p in together if p.customer in donors]  # the others: inserted meanwhile
    article_ids = {_article_id(p.session.get("metadata") or {}) for p in together} - {None}
    articles = Article.objects.in_bulk(article_ids) if article_ids else {}
    rows = [
        Donation(
            donor=donors[payment.customer],
            stripe_checkout_session_id=payment.session_id,
            **_one_off_fields(payment.session, occurred_at=payment.occurred_at, paid=True),
            **_attribution(payment.session.get("metadata"), articles=articles),
        )
        for payment in sorted(together, key=lambda payment: payment.session_id)
    ]
    created = {
        donation.stripe_checkout_session_id: donation
        for donation in _insert_new(Donation, rows, key="stripe_checkout_session_id")
    }
    thanked = _thank_new(list(created.values()))
    for donation in created.values():
        if donation.pk in thanked:
            tasks.enqueue_with_commit(tasks.thank_you_send, "donation", donation.pk)
    _forget_givers({d.donor.email for d in created.values() if d.pk in thanked})
    _mark_supporters({d.donor.email for d in created.values()})
    kept = {id(payment) for payment in together}
    return [created.get(p.session_id) if id(p) in kept else None for p in prepared]


@dataclass(frozen=True)
class _OneOffPayment:
    session: dict
    occurred_at: datetime
    session_id: str
    customer: str | None  # None: no customer id a donor can be keyed by
    email: str
    name: str


def _one_off_payment(session: dict, occurred_at: datetime) -> _OneOffPayment:
    """A paid one-off session's keys and donor details, fitted as donor_upsert fits them."""
    email, name = _customer_details(session)
    customer = session.get("customer")
    return _OneOffPayment(
        session=session,
        occurred_at=occurred_at,
        session_id=_fit(Donation, "stripe_checkout_session_id", session["id"]),
        customer=_fit(Donor, "stripe_customer_id", customer)
        if isinstance(customer, str) and customer
        else None,
        email=_fit(Donor, "email", email or ""),
        name=_fit(Donor, "name", name or ""),
    )


def _left_to_one_at_a_time(payments: list[_OneOffPayment], *, recorded: set, donors: dict) -> set:
    """The customers whose payments are recorded one at a time (see donations_write_one_offs):
    each payment in order, as donor_upsert would find its donor then."""
    left = set()
    seen = set(recorded)
    details = {customer: (donor.email, donor.name) for customer, donor in donors.items()}
    for payment in payments:
        if payment.customer is None or payment.session_id in seen:
            left.add(payment.customer)
        seen.add(payment.session_id)
        if payment.customer not in details:
            details[payment.customer] = (payment.email, payment.name)
            continue
        email, name = details[payment.customer]
        if (payment.email and not email) or (payment.name and not name):
            left.add(payment.customer)
    return left


def _thank_new(donations: list[Donation]) -> set[int]:
    """_thank_once's conditional UPDATE for many gifts: the ids it marked thanked now."""
    if not donations:
        return set()
    field = Donation._meta.get_field("thanked_at")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Donation._meta.db_table)} SET {quote(field.column)} = %s "
            f"WHERE {quote(Donation._meta.pk.column)} = ANY(%s) AND {quote(field.column)} IS NULL "
            f"RETURNING {quote(Donation._meta.pk.column)}",
            [field.get_db_prep_save(timezone.now(), connection), [d.pk for d in donations]],
        )
        return {pk for (pk,) in cursor.fetchall()}


def _forget_givers(emails: set[str]) -> None:
    """reminders_forget_giver for each address, in one statement when (as nearly always) none
    of them left a reminder: that function runs for those that did."""
    for email in _matching(emails, table=Reminder._meta.db_table, column="email"):
        reminders.reminders_forget_giver(email=email)


def _mark_supporters(emails: set[str]) -> None:
    """support.supporter_mark_accounts for each address, in one statement when none of them
    belongs to a signed-in reader: that function runs for those that do."""
    user = get_user_model()
    column = user._meta.get_field(user.get_email_field_name()).column
    for email in _matching(emails, table=user._meta.db_table, column=column):
        support.supporter_mark_accounts(email=email)


def _matching(emails: set[str], *, table: str, column: str) -> list[str]:
    """Of `emails`, those some row of `table` holds in `column`, compared as `email__iexact`
    compares (UPPER on both sides), so that the functions called for them find the same rows."""
    emails = sorted(email for email in emails if email)
    if not emails:
        return []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT given FROM unnest(%s::text[]) AS given WHERE EXISTS (SELECT 1 FROM "
            f"{quote(table)} WHERE UPPER({quote(column)}::text) = UPPER(given))",
            [emails],
        )
        return [email for (email,) in cursor.fetchall()]


def _one_off_fields(session: dict, *, occurred_at: datetime, paid: bool) -> dict:
    """A new one-off Donation's columns from its session, but its keys, donor and attribution."""
    return {
        "kind": Donation.Kind.ONCE,
        "status": Donation.Status.PAID if paid else Donation.Status.FAILED,
        "amount": session["amount_total"],
        "fee_covered": fee_covered_in(session.get("metadata"), amount=session["amount_total"]),
        "currency": _fit(Donation, "currency", session["currency"]),
        "paid_at": occurred_at if paid else None,
        "stripe_payment_intent_id": _payment_intent_of(session),
    }


def _payment_intent_of(session: dict) -> str | None:
    return _fit(Donation, "stripe_payment_intent_id", _stripe_id(session.get("payment_intent")))


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
