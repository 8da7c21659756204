"""The emails donors get: thanks for a gift, the link to manage their gifts, and notices about
a recurring gift (a failed payment, a renewal coming, a card expiring)."""

import contextlib
import logging
from datetime import date, datetime

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from donations.models import Donation, Donor, DonorNotice, RecurringDonation
from donations.money import format_money
from donations.services.manage import card_token_make, manage_token_make

logger = logging.getLogger(__name__)

THANK_YOU_TEMPLATE = "donations/email/thank_you.txt"


def thank_you_send(*, model: type[Donation] | type[RecurringDonation], pk: int) -> None:
    gift = model.objects.select_related("donor").get(pk=pk)
    _thank_you_mail(gift, template=get_template(THANK_YOU_TEMPLATE), manage_url=_manage_url())


def thank_yous_send(*, gifts: list[tuple[type[Donation] | type[RecurringDonation], int]]) -> int:
    """thank_you_send for many gifts (a webhook batch's): one query a model, the template
    compiled once, one connection to the mail server; a failing email is logged and the others
    still go, as each in a task of its own would. A gift deleted since is left out. Returns how
    many emails went."""
    pks: dict[type, list[int]] = {}
    for model, pk in gifts:
        pks.setdefault(model, []).append(pk)
    found = {
        model: model.objects.select_related("donor").in_bulk(ids) for model, ids in pks.items()
    }
    template, manage_url = get_template(THANK_YOU_TEMPLATE), _manage_url()
    sent = 0
    with get_connection() as connection:
        for model, pk in gifts:
            gift = found[model].get(pk)
            if gift is None:
                logger.warning("No %s %s to thank: deleted since", model.__name__, pk)
                continue
            sent += _thank_you_mail(
                gift, template=template, manage_url=manage_url, connection=connection
            )
    return sent


def _manage_url() -> str:
    return settings.SITE_URL + reverse("donations:manage")


def _thank_you_mail(
    gift: Donation | RecurringDonation, *, template, manage_url: str, connection=None
) -> bool:
    """Send one thank-you; a failure is logged and loses this email alone. Whether it went."""
    if not gift.donor.email:
        return False
    context = {
        "site_name": settings.SITE_NAME,
        "name": gift.donor.name,
        "amount": format_money(gift.gift_amount, gift.currency),
        "charged": format_money(gift.amount, gift.currency),
        "fee_covered": format_money(gift.fee_covered, gift.currency) if gift.fee_covered else "",
        "frequency": gift.frequency,
        "manage_url": manage_url,
    }
    try:
        send_mail(
            subject=f"Thank you for supporting {settings.SITE_NAME}",
            message=template.render(context),
            from_email=None,
            recipient_list=[gift.donor.email],
            connection=connection,
        )
    except Exception:
        # Any backend's failure (SMTP errors are OSErrors, an email API client's are not). The
        # gift is recorded either way; a lost thank-you is logged, never retried twice.
        logger.exception(
            "Could not send the thank-you email for %s %s", type(gift).__name__, gift.pk
        )
        if connection is not None:
            # A connection a failure may have broken would fail the emails after it too: the
            # next one opens its own. Closing a broken one can fail as well, and is no news.
            with contextlib.suppress(Exception):
                connection.close()
        return False
    return True


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


NOTICE_SUBJECTS = {
    DonorNotice.Kind.PAYMENT_FAILED: "Your gift to {site} didn't go through",
    DonorNotice.Kind.RENEWAL: "Your annual gift to {site} renews soon",
    DonorNotice.Kind.CARD_EXPIRING: "Your card expires before your next gift to {site}",
}


def donor_notice_send(*, pk: int) -> bool:
    """Send one notice, once: claimed (sent_at) before it goes, so a second run of its task
    sends nothing; a mail server that fails loses this one email, logged. A failed payment
    recovered before its notice goes is not mentioned. Returns whether it was sent."""
    if not DonorNotice.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now()):
        return False
    notice = DonorNotice.objects.select_related("donor", "recurring").get(pk=pk)
    details = notice.details
    if notice.kind == DonorNotice.Kind.PAYMENT_FAILED and not Donation.objects.filter(
        stripe_invoice_id=details.get("invoice"), status=Donation.Status.FAILED
    ):
        return False
    if not notice.donor.email:
        return False
    recurring = notice.recurring
    context = {
        "site_name": settings.SITE_NAME,
        "name": notice.donor.name,
        "amount": format_money(
            details.get("amount", recurring.amount), details.get("currency", recurring.currency)
        ),
        "frequency": recurring.frequency,
        "date": _date(details.get("date") or details.get("next_payment")),
        "expires": _date(details.get("expires")),
        "manage_url": settings.SITE_URL + reverse("donations:manage"),
        "card_url": settings.SITE_URL
        + reverse("donations:card_update", kwargs={"token": card_token_make(donor=notice.donor)}),
        "card_days": settings.CARD_LINK_MAX_AGE // 86400,
    }
    try:
        send_mail(
            subject=NOTICE_SUBJECTS[notice.kind].format(site=settings.SITE_NAME),
            message=render_to_string(f"donations/email/{notice.kind}.txt", context),
            from_email=None,
            recipient_list=[notice.donor.email],
        )
    except Exception:
        logger.exception("Could not send notice %s (%s)", notice.pk, notice.key)
        return False
    return True


def _date(value: str | None) -> date | None:
    """A date the notice stored (ISO), as the day it falls on in the site's time zone."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return timezone.localdate(moment) if moment.tzinfo else moment.date()
