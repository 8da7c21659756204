"""The emails donors get: thanks for a gift, and the link to manage their gifts."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from donations.models import Donation, Donor, RecurringDonation
from donations.money import format_money
from donations.services.manage import manage_token_make

logger = logging.getLogger(__name__)


def thank_you_send(*, model: type[Donation] | type[RecurringDonation], pk: int) -> None:
    gift = model.objects.select_related("donor").get(pk=pk)
    if not gift.donor.email:
        return
    context = {
        "site_name": settings.SITE_NAME,
        "name": gift.donor.name,
        "amount": format_money(gift.amount, gift.currency),
        "frequency": gift.frequency,
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
        + reverse("donations:manage_page", kwargs={"token": manage_token_make(donor=donor)})
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
