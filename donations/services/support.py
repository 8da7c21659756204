"""Readers' support state and the prompt funnel.

The reader's actions on the asks: each takes the reader's state as it is (`request.support.state`
in a view) and the signed-in `user` (or None), stores the new state for a signed-in reader, so it
follows them to their other devices, and returns it for the view to put on `request.support`,
which writes it to their cookies. The rules themselves are donations.support's.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F
from django.utils import timezone

from donations.models import Prompt, PromptDay
from donations.support import (
    SUPPORTER_DAYS_AFTER_GIFT,
    SUPPORTER_DAYS_WHEN_ALREADY,
    UPGRADE_ANSWERED_DAYS,
    SupportState,
    state_store,
)


def support_snooze(
    *, state: SupportState, user: AbstractBaseUser | None, days: int
) -> SupportState:
    """ "Remind me later": no asks anywhere until the date."""
    return _stored(user=user, state=state.snoozed(days=days))


def support_unsnooze(*, state: SupportState, user: AbstractBaseUser | None) -> SupportState:
    return _stored(user=user, state=state.unsnoozed())


def support_close_banner(
    *, state: SupportState, user: AbstractBaseUser | None, days: int
) -> SupportState:
    return _stored(user=user, state=state.banner_closed(days=days))


def support_already(*, state: SupportState, user: AbstractBaseUser | None) -> SupportState:
    """ "I already support you": trust the reader, and stop asking for a while."""
    return _stored(user=user, state=state.supporting(days=SUPPORTER_DAYS_WHEN_ALREADY))


def support_confirmed_gift(*, state: SupportState, user: AbstractBaseUser | None) -> SupportState:
    """A gift we have confirmed: no asks for this reader for a good while."""
    return _stored(user=user, state=state.supporting(days=SUPPORTER_DAYS_AFTER_GIFT))


def support_upgrade_answered(*, state: SupportState) -> SupportState:
    """The reader took the monthly upgrade or kept their one-off: not offered it again for a
    day. Only their cookie keeps it (nothing is stored for a signed-in reader): it is about this
    visit's gift, not about them."""
    return state.upgrade_answered_for(days=UPGRADE_ANSWERED_DAYS)


def _stored(*, user: AbstractBaseUser | None, state: SupportState) -> SupportState:
    state_store(user=user, state=state)
    return state


COUNTERS = {
    "impressions",
    "clicks",
    "checkouts",
    "reminders_set",
    "reminders_sent",
    "reminder_clicks",
    "reminder_gifts",
    "upgrades_offered",
    "upgrades_taken",
    "upgrades_declined",
}


def prompt_count(*, key: str, counter: str) -> None:
    """Add one to today's impressions, clicks, checkouts, reminder or upgrade counts of the
    prompt named `key`."""
    if counter not in COUNTERS:
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
