"""Which ask (if any) a reader sees: the highest-priority active prompt per placement, unless
the page may not ask (asks_allowed: an editor's pause, a story or topic without asks) or the
reader's support state (`request.support`, from donations.support) hides it."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Tag
from donations.models import PROMPTS_CACHE_KEY, AsksPause, Campaign, Prompt
from donations.money import format_money
from donations.placeholders import placeholders_fill
from donations.reports import campaign_progress, goal_covered
from donations.support import SupportState

PROMPTS_CACHE_SECONDS = 60
METER_CACHE_SECONDS = 120


PLACEMENTS = tuple(Prompt.Placement.values)


def active_prompts() -> dict[str, Prompt | None]:
    """The highest-priority active prompt per placement (none while asks are paused)."""
    return _asks_now()["prompts"]


def asks_paused() -> bool:
    """Whether an editor has paused all asks (donations.models.AsksPause) at this moment."""
    return _asks_now()["paused"]


def _asks_now() -> dict:
    """The active prompts and the pause, read together and cached briefly (saving either
    clears it), so that a page learns both for what the prompts alone cost."""
    asks = cache.get(PROMPTS_CACHE_KEY)
    if asks is None:
        now = timezone.now()
        paused = AsksPause.objects.active(now=now).exists()
        prompts = {
            placement: None
            if paused
            else Prompt.objects.active(now=now)
            .filter(placement=placement)
            .select_related("campaign")
            .order_by("-priority", "-pk")
            .first()
            for placement in PLACEMENTS
        }
        asks = {"paused": paused, "prompts": prompts}
        # Never cache past the moment one of them starts or ends, or the pause ends.
        cache.set(PROMPTS_CACHE_KEY, asks, timeout=_seconds_until_next_change(now))
    return asks


def asks_allowed(
    *, article: Article | None = None, tag: Tag | None = None, asks: dict | None = None
) -> bool:
    """May this page ask readers for money at all? Not while an editor has paused all asks,
    not on a story marked "No asks on this story" or carrying a sensitive tag, and not on a
    sensitive tag's own page. The one rule every placement follows (prompts_for); the
    footer's plain "Support us" link is not an ask, and stays.

    The story's tags are the ones its page already holds (Article.objects.for_detail
    prefetches them), so the rule adds no query to a page. `asks`: _asks_now's, if already
    read."""
    if tag is not None and tag.sensitive:
        return False
    if article is not None:
        # An article not saved yet (the admin's preview of a new one) has no tags to read.
        story_tags = article.tags.all() if article.pk else []
        if article.no_asks or any(story_tag.sensitive for story_tag in story_tags):
            return False
    return not (asks or _asks_now())["paused"]


def next_change(*, now: datetime) -> datetime | None:
    """The next moment the active prompts change by themselves: an active prompt's window
    starts or ends, or its campaign's does; while a campaign's prompt shows, also the next
    local midnight, when its days left go down by one; and a pause of all asks ends. (An
    editor's change is not a moment: saving clears the cache.)"""
    prompts = Prompt.objects.filter(is_active=True)
    moments = [
        prompts.filter(**{f"{field}__gt": now})
        .order_by(field)
        .values_list(field, flat=True)
        .first()
        for field in ("starts_at", "ends_at", "campaign__starts_at", "campaign__ends_at")
    ]
    if Prompt.objects.active(now=now).filter(campaign__isnull=False).exists():
        moments.append(_next_midnight(now))
    # Pages made during a pause of the asks are kept no longer than it lasts.
    moments.append(
        AsksPause.objects.active(now=now).order_by("until").values_list("until", flat=True).first()
    )
    return min((moment for moment in moments if moment is not None), default=None)


def _next_midnight(now: datetime) -> datetime:
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time()))


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


def prompts_for(
    request, *, placement: str, article: Article | None = None, tag: Tag | None = None
) -> Prompt | None:
    """The prompt this reader sees in `placement` on the page about `article` or `tag`, or
    None."""
    if placement not in placements_shown(request.support.state, now=timezone.now()):
        return None
    asks = _asks_of(request)
    if not asks_allowed(article=article, tag=tag, asks=asks):
        return None
    return asks["prompts"].get(placement)


def _asks_of(request) -> dict:
    """_asks_now, read once a request: a page places several asks, and each read of the cache
    unpickled the prompts again (a tenth of a rendered page's CPU, measured). An editor's
    change shows on the next request."""
    asks = getattr(request, "_asks_now", None)
    if asks is None:
        asks = request._asks_now = _asks_now()
    return asks


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
    if prompt.campaign_id:
        return _campaign_meter(prompt.campaign)
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


def _campaign_meter(campaign: Campaign) -> dict:
    """A campaign's figures, kept as long as the monthly goal's. The local day is in the key
    (its days left change at midnight), and the campaign's last change (an editor's new goal
    shows on the next page)."""
    today = timezone.localdate()
    key = f"donations:campaign:{campaign.pk}:{campaign.updated_at.timestamp()}:{today}"
    figures = cache.get(key)
    if figures is None:
        figures = campaign_progress(campaign=campaign)
        cache.set(key, figures, timeout=METER_CACHE_SECONDS)
    return figures


def prompt_copy(prompt: Prompt, *, figures: dict | None) -> dict[str, str]:
    """The prompt's headline and body as readers see them: placeholders filled from `figures`
    (the meter's, so the words and the meter agree) and the site's name.

    With a campaign, also the match's line (its own while the pool lasts, the used-up one
    after) and, once the goal is met, the thank-you that takes the place of the asks."""
    values = {"site_name": settings.SITE_NAME}
    if figures:
        currency = figures["currency"]
        values |= {
            "goal": format_money(figures["goal"], currency),
            "covered": format_money(figures["covered"], currency),
            "percent": str(figures["percent"]),
        }
    campaign = prompt.campaign if prompt.campaign_id else None
    if figures and campaign:
        values |= {
            "raised": format_money(figures["raised"], currency),
            "days_left": str(figures["days_left"]),
        }
    if figures and campaign and figures["has_match"]:
        values |= {
            "match_left": format_money(figures["match_left"], currency),
            "matched": format_money(figures["matched"], currency),
            "sponsor": figures["sponsor"],
        }
    copy = {
        "headline": placeholders_fill(prompt.headline, values),
        "body": placeholders_fill(prompt.body, values),
        "match": "",
        "thank_you": "",
    }
    if figures and campaign:
        if figures["has_match"]:
            line = (
                campaign.match_used_up_message
                if figures["match_used_up"]
                else campaign.match_message
            )
            copy["match"] = placeholders_fill(line, values)
        if figures["met"]:
            copy["thank_you"] = placeholders_fill(campaign.thank_you_message, values)
    return copy
