"""A donor's own way in: the signed, expiring manage link and Stripe's Billing Portal."""

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from donations import gateway
from donations.models import Donor

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
    """A Stripe Billing Portal session for the donor: cancel, change card, see receipts; with
    `card_only`, Stripe's flow for updating the card and nothing else."""
    session = gateway.billing_portal_session_create(
        customer_id=donor.stripe_customer_id,
        return_url=settings.SITE_URL + reverse("donations:support"),
        idempotency_key=f"portal-{uuid.uuid4()}",
        flow_data={"type": "payment_method_update"} if card_only else None,
    )
    return session["url"]
