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

PROMPTS_CACHE_SECONDS = 60
METER_CACHE_SECONDS = 120


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
            for placement in Prompt.Placement.values
        }
        # Never cache past the moment one of them starts or ends.
        cache.set(PROMPTS_CACHE_KEY, prompts, timeout=_seconds_until_next_change(now))
    return prompts


def _seconds_until_next_change(now: datetime) -> int:
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
    seconds = PROMPTS_CACHE_SECONDS
    for moment in (upcoming, ending):
        if moment is not None:
            seconds = min(seconds, max(1, int((moment - now).total_seconds())))
    return seconds


def prompts_for(request, *, placement: str) -> Prompt | None:
    """The prompt this reader sees in `placement`, or None."""
    state = request.support.state
    now = timezone.now()
    if placement == Prompt.Placement.BANNER and state.banner_hidden(now):
        return None
    if state.asks_hidden(now):
        return None
    return active_prompts().get(placement)


def page_variant(request) -> str | None:
    """What the asks on this reader's pages look like, as a short key for the page cache: the
    prompt shown in each placement, or 0 for none. None when the page is this reader's alone
    (a one-time notice to show)."""
    if request.support.state.notice:
        return None
    shown = [prompts_for(request, placement=placement) for placement in Prompt.Placement.values]
    return "-".join(str(prompt.pk) if prompt else "0" for prompt in shown)


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
