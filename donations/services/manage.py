"""A donor's own way in: the signed, expiring manage link and Stripe's Billing Portal."""

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from donations import gateway
from donations.models import Donor

MANAGE_SALT = "donations.manage-link"


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
