"""Readers' prompt state and the prompt funnel."""

from dataclasses import replace

from django.db.models import F
from django.utils import timezone

from donations import prompts
from donations.models import Prompt, PromptDay


def support_snooze(*, request, days: int) -> prompts.SupportState:
    """ "Remind me later": no asks anywhere until the date."""
    state = replace(
        prompts.state_for(request),
        snoozed_until=prompts.support_until(days=days),
        notice="snoozed",
    )
    prompts.state_set(request, state)
    return state


def support_unsnooze(*, request) -> prompts.SupportState:
    state = replace(prompts.state_for(request), snoozed_until=None, notice="")
    prompts.state_set(request, state)
    return state


def support_close_banner(*, request, days: int) -> prompts.SupportState:
    until = prompts.support_until(days=days)
    state = replace(prompts.state_for(request), banner_hidden_until=until)
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
    until = prompts.support_until(days=days)
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
