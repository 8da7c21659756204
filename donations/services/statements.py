"""Yearly statements by email: each January, every donor who gave in the year before gets their
statement (donations.statements), once, however many workers run the job or however often."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from donations.models import Donor, StatementSent
from donations.money import format_money
from donations.services.manage import manage_token_make
from donations.statements import paid_in, statement_for

logger = logging.getLogger(__name__)


def statements_send(*, year: int) -> int:
    """Email their `year` statement to every donor with an address who made a payment in it
    and has not been sent it yet. Returns how many were sent. Safe to run again, and on several
    workers at once: statement_send claims each (donor, year) in the database first."""
    donors = (
        Donor.objects.filter(pk__in=paid_in(year).values("donor"))
        .exclude(email="")
        .exclude(statements_sent__year=year)
        .order_by("pk")
    )
    return sum(statement_send(donor=donor, year=year) for donor in donors.iterator())


def statements_send_last_year() -> int:
    """What the January schedule runs: last year's statements (in the site's TIME_ZONE)."""
    return statements_send(year=timezone.localdate().year - 1)


def statement_send(*, donor: Donor, year: int) -> bool:
    """Email one donor their `year` statement, unless it was sent (or is being sent) already.

    The StatementSent row is the claim, committed before the email goes: of two workers, the
    second's insert waits for the first's and then fails on the unique key, so it sends nothing.
    If the mail server fails, the claim is given back, for the next run to try again."""
    if not donor.email:
        return False
    try:
        with transaction.atomic():
            StatementSent.objects.create(donor=donor, year=year)
    except IntegrityError:
        return False
    try:
        send_mail(
            subject=f"Your {year} giving statement from {settings.ORGANISATION_NAME}",
            message=render_to_string(
                "donations/email/statement.txt", _email_context(donor=donor, year=year)
            ),
            from_email=None,
            recipient_list=[donor.email],
        )
    except Exception:
        logger.exception("Could not send donor %s their %s statement", donor.pk, year)
        StatementSent.objects.filter(donor=donor, year=year).delete()
        return False
    return True


def _email_context(*, donor: Donor, year: int) -> dict:
    statement = statement_for(donor=donor, year=year)
    path = reverse(
        "donations:statement", kwargs={"token": manage_token_make(donor=donor), "year": year}
    )
    return {
        "statement": statement,
        "lines": [
            {
                "line": line,
                "gift": format_money(line.gift, line.currency),
                "fee": format_money(line.fee_covered, line.currency) if line.fee_covered else "",
                "charged": format_money(line.charged, line.currency),
                "refunded": format_money(line.refunded, line.currency) if line.refunded else "",
            }
            for line in statement.lines
        ],
        "totals": [
            {
                "total": total,
                "kept": format_money(total.kept, total.currency),
                "refunded": format_money(total.refunded, total.currency) if total.refunded else "",
            }
            for total in statement.totals
        ],
        "name": donor.name,
        "statement_url": settings.SITE_URL + path,
        "manage_url": settings.SITE_URL + reverse("donations:manage"),
        "hours": settings.MANAGE_LINK_MAX_AGE // 3600,
    }
