"""Which ask (if any) a reader sees: the highest-priority active prompt per placement, unless
the reader's support state (`request.support`, from donations.support) hides it."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from donations.models import PROMPTS_CACHE_KEY, Prompt
from donations.money import format_money
from donations.placeholders import placeholders_fill
from donations.reports import goal_covered
from donations.support import SupportState

PROMPTS_CACHE_SECONDS = 60
METER_CACHE_SECONDS = 120


PLACEMENTS = tuple(Prompt.Placement.values)


def active_prompts() -> dict[str, Prompt | None]:
    """The highest-priority active prompt per placement, cached briefly (saves clear it)."""
    prompts = cache.get(PROMPTS_CACHE_KEY)
    if prompts is None:
        now = timezone.now()
        prompts = {
            placement: Prompt.objects.active(now=now)
            .filter(placement=placement)
            .order_by("-priority", "-pk")
            .first()
            for placement in PLACEMENTS
        }
        # Never cache past the moment one of them starts or ends.
        cache.set(PROMPTS_CACHE_KEY, prompts, timeout=_seconds_until_next_change(now))
    return prompts


def next_change(*, now: datetime) -> datetime | None:
    """The next moment the active prompts change by themselves: an active prompt's window
    starts or ends. (An editor's change is not a moment: saving clears the cache.)"""
    upcoming = (
        Prompt.objects.filter(is_active=True, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    ending = (
        Prompt.objects.filter(is_active=True, ends_at__gt=now)
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    return min((moment for moment in (upcoming, ending) if moment is not None), default=None)


def _seconds_until_next_change(now: datetime) -> int:
    moment = next_change(now=now)
    if moment is None:
        return PROMPTS_CACHE_SECONDS
    return min(PROMPTS_CACHE_SECONDS, max(1, int((moment - now).total_seconds())))


def placements_shown(state: SupportState, *, now: datetime) -> tuple[str, ...]:
    """The placements where this reader may be asked, from their support state alone: every
    one, unless they snoozed the asks or support us (none), or closed the banner."""
    if state.is_empty():
        return PLACEMENTS
    if state.asks_hidden(now):
        return ()
    banner_hidden = state.banner_hidden(now)
    return tuple(
        placement
        for placement in PLACEMENTS
        if not (placement == Prompt.Placement.BANNER and banner_hidden)
    )


def prompts_for(request, *, placement: str) -> Prompt | None:
    """The prompt this reader sees in `placement`, or None."""
    if placement not in placements_shown(request.support.state, now=timezone.now()):
        return None
    return active_prompts().get(placement)


def page_variant(state: SupportState, *, now: datetime) -> str | None:
    """What the asks on this reader's pages look like, as a short key for the page cache:
    the placements where they may be asked ("none" for none). Decided from their support state
    alone, without the database: which prompt fills a placement is the same for every reader at
    a moment, so it is part of the page, which the page cache keeps no longer than the active
    prompts hold (next_change). None when the page is this reader's alone (a one-time notice
    to show)."""
    if state.notice:
        return None
    return "+".join(placements_shown(state, now=now)) or "none"


# The meter


def meter(prompt: Prompt) -> dict | None:
    """The banner's figures: donations.reports.goal_covered (the dashboard's figure too), kept
    for a couple of minutes since every reader page shows it."""
    if not prompt.monthly_goal:
        return None
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # The month is in the key: figures cached in the last minutes of a month are not this one's.
    key = f"donations:meter:{month_start:%Y-%m}:{prompt.goal_currency}:{prompt.monthly_goal}"
    figures = cache.get(key)
    if figures is None:
        figures = goal_covered(prompt=prompt)
        cache.set(key, figures, timeout=METER_CACHE_SECONDS)
    return figures


def prompt_copy(prompt: Prompt, *, figures: dict | None) -> dict[str, str]:
    """The prompt's headline and body as readers see them: placeholders filled from `figures`
    (the meter's, so the words and the meter agree) and the site's name."""
    values = {"site_name": settings.SITE_NAME}
    if figures:
        values |= {
            "goal": format_money(figures["goal"], figures["currency"]),
            "covered": format_money(figures["covered"], figures["currency"]),
            "percent": str(figures["percent"]),
        }
    return {
        "headline": placeholders_fill(prompt.headline, values),
        "body": placeholders_fill(prompt.body, values),
    }
