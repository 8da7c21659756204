"""'Email me a reminder': a reader leaves an address and a time, and gets at most two emails,
each linking to the support page as they left it; then the address is gone.

The address is deleted after the last email, when the reader cancels (a signed link in each
email, one click: RFC 8058), or when a gift from it is recorded, and nothing else is ever sent
to it. Emails go at SEND_TIME local time on their day: the hourly job (donations.schedule) queues
the due ones, and each send is claimed by a conditional UPDATE, so it goes once however many
workers sweep.
"""

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from donations.models import Reminder
from donations.services.support import prompt_count

logger = logging.getLogger(__name__)

SEND_TIME = time(9)
SECOND_AFTER_DAYS = 7
CANCEL_SALT = "donations.reminder-cancel"
# How long a last email's claim may stand before the sweep deletes a row its sender left behind
# (a worker that died between sending and deleting).
STALE_AFTER = timedelta(hours=1)

# When a reader may ask to be reminded: a key, its label. A month of their choosing is
# "month" with the month itself ("2027-03") from month_choices().
WHEN_LATER = {"week": "Next week", "next-month": "At the start of next month"}
WHEN_AFTER_GIFT = {"3": "In 3 months", "6": "In 6 months", "12": "In 12 months"}
MONTHS_AHEAD = 12


def month_choices(*, today: date) -> list[tuple[str, str]]:
    """The months a reader may choose: the next twelve, after this one."""
    choices = []
    for ahead in range(1, MONTHS_AHEAD + 1):
        first = _months_later(today.replace(day=1), ahead)
        choices.append((first.strftime("%Y-%m"), date_format(first, "F Y")))
    return choices


def reminder_day(*, when: str, month: str = "", today: date) -> date:
    """The local day a reminder chosen as `when` (a key of WHEN_LATER or WHEN_AFTER_GIFT, or
    "month" with `month`) falls on. The form has checked the choice."""
    if when == "week":
        return today + timedelta(days=7)
    if when == "next-month":
        return _months_later(today.replace(day=1), 1)
    if when == "month":
        year, number = (int(part) for part in month.split("-"))
        return date(year, number, 1)
    return _months_later(today, int(when))


def _months_later(day: date, months: int) -> date:
    """The same day `months` on, or that month's last day (31 January + 1 month: 28 or 29
    February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def send_moment(day: date) -> datetime:
    """SEND_TIME local time on `day`, whatever the clocks do that day."""
    return timezone.make_aware(datetime.combine(day, SEND_TIME))


@dataclass(frozen=True)
class Plan:
    """What a reader agrees to: the first email's day and the second's, at most."""

    first: date
    second: date


def reminder_plan(*, day: date) -> Plan:
    return Plan(first=day, second=day + timedelta(days=SECOND_AFTER_DAYS))


def reminder_set(*, email: str, day: date, link: dict) -> Reminder:
    """Keep `email` until its reminders have gone. An address that already had one gets this
    one instead (a reader who changed their mind), never two; the answer is the same either
    way. `link` is what the reader was looking at (SupportForm.from_link's initial)."""
    with transaction.atomic():
        Reminder.objects.filter(email__iexact=email).delete()
        reminder = Reminder.objects.create(
            email=email,
            due_at=send_moment(day),
            frequency=link.get("frequency", ""),
            currency=link.get("currency", ""),
            amount=link.get("amount", ""),
            prompt=link.get("prompt", ""),
            article_id=link.get("article"),
        )
    if reminder.prompt:
        prompt_count(key=reminder.prompt, counter="reminders_set")
    return reminder


def reminder_token_make(*, reminder: Reminder) -> str:
    return signing.dumps(reminder.pk, salt=CANCEL_SALT)


def reminder_cancel(*, token: str) -> None:
    """Delete the reminder, and its address, that a cancel link names. Idempotent: a link
    followed twice, or after the last email, finds nothing and is still a success.
    Raises signing.BadSignature for a link that is not ours."""
    pk = signing.loads(token, salt=CANCEL_SALT)
    Reminder.objects.filter(pk=pk).delete()


def reminders_forget_giver(*, email: str) -> int:
    """A gift from this address: its pending reminders are deleted (no second email to someone
    who gave), each counted as a gift that followed a reminder. Returns how many."""
    if not email:
        return 0
    reminders = list(Reminder.objects.filter(email__iexact=email))
    Reminder.objects.filter(pk__in=[reminder.pk for reminder in reminders]).delete()
    for reminder in reminders:
        if reminder.prompt and reminder.sent:
            prompt_count(key=reminder.prompt, counter="reminder_gifts")
    return len(reminders)


def reminders_due(*, now: datetime | None = None) -> list[int]:
    """The reminders whose email is due, for the send task; and the tidying of rows a dead
    worker left after claiming a last email."""
    now = now or timezone.now()
    Reminder.objects.filter(due_at__isnull=True, updated_at__lt=now - STALE_AFTER).delete()
    return list(Reminder.objects.filter(due_at__lte=now).values_list("pk", flat=True))


def reminder_send(*, pk: int) -> bool:
    """Send the reminder's next email if it is due, once: claimed by a conditional UPDATE of
    (sent, due_at) before it goes, so that a second task for it, on any worker, finds nothing
    to claim. After the last, the row and its address are deleted. Returns whether it went."""
    reminder = Reminder.objects.filter(pk=pk).select_related("article").first()
    if reminder is None or reminder.due_at is None or reminder.due_at > timezone.now():
        return False
    number = reminder.sent + 1
    last = number >= 2
    next_due = None if last else send_moment(reminder_plan(day=_local_day(reminder.due_at)).second)
    claimed = Reminder.objects.filter(pk=pk, sent=reminder.sent, due_at=reminder.due_at).update(
        sent=number, due_at=next_due, updated_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        _mail(reminder=reminder, number=number, next_due=next_due)
        sent = True
    except Exception:
        # Any backend's failure: this email is lost, logged; the next one (or the deletion)
        # still happens on time.
        logger.exception("Could not send reminder %s (email %s)", pk, number)
        sent = False
    if sent and reminder.prompt:
        prompt_count(key=reminder.prompt, counter="reminders_sent")
    if last:
        Reminder.objects.filter(pk=pk).delete()
    return sent


def reminder_link(*, reminder: Reminder) -> str:
    """The support page as the reader left it, marked as a reminder's link (the funnel counts
    its clicks); SupportForm.from_link reads it like any link."""
    query = {
        key: value
        for key, value in (
            ("frequency", reminder.frequency),
            ("currency", reminder.currency),
            ("amount", reminder.amount),
            ("prompt", reminder.prompt),
            ("article", reminder.article_id or ""),
        )
        if value
    }
    query["from"] = "reminder"
    return f"{settings.SITE_URL}{reverse('donations:support')}?{urlencode(query)}"


def _mail(*, reminder: Reminder, number: int, next_due: datetime | None) -> None:
    cancel_url = settings.SITE_URL + reverse(
        "donations:reminder_cancel", kwargs={"token": reminder_token_make(reminder=reminder)}
    )
    context = {
        "site_name": settings.SITE_NAME,
        "link": reminder_link(reminder=reminder),
        "article": reminder.article,
        "cancel_url": cancel_url,
        "last": next_due is None,
        "next_day": _local_day(next_due) if next_due else None,
    }
    subject = (
        f"Your reminder to support {settings.SITE_NAME}"
        if number == 1
        else f"Last reminder: support {settings.SITE_NAME}"
    )
    EmailMessage(
        subject=subject,
        body=render_to_string("donations/email/reminder.txt", context),
        to=[reminder.email],
        headers={
            "List-Unsubscribe": f"<{cancel_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def _local_day(moment: datetime) -> date:
    return timezone.localdate(moment)
