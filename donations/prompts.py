"""Which ask (if any) a reader sees, and the reader's support state.

A reader's state is three dates: asks snoozed until ("Remind me later"), supporter until (a
confirmed gift, or "I already support you"), and banner hidden until (closing the banner).
Anonymous readers carry it in one signed cookie, set only once they act; signed-in readers also
keep it in the database, so it follows them across devices (the later date wins).
"""

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from donations.models import (
    PROMPTS_CACHE_KEY,
    Prompt,
    ReaderSupport,
    RecurringDonation,
)
from donations.money import format_money
from donations.placeholders import placeholders_fill
from donations.reports import goal_covered

COOKIE_NAME = "support"
COOKIE_SALT = "donations.support-state"
# Readable by prompts.js (the signed cookie is httponly), written and removed with it.
HINT_COOKIE_NAME = "support_hint"
SUPPORTER_DAYS_AFTER_GIFT = 90
SUPPORTER_DAYS_WHEN_ALREADY = 30
PROMPTS_CACHE_SECONDS = 60
METER_CACHE_SECONDS = 120


@dataclass(frozen=True)
class SupportState:
    snoozed_until: datetime | None = None
    supporter_until: datetime | None = None
    banner_hidden_until: datetime | None = None
    # A one-time message for the next page, for readers without JavaScript ("snoozed").
    notice: str = ""
    changed: bool = field(default=False, compare=False)

    def is_empty(self) -> bool:
        return not (self.snoozed_until or self.supporter_until or self.banner_hidden_until)

    def asks_hidden(self, now: datetime) -> bool:
        return _after(self.supporter_until, now) or _after(self.snoozed_until, now)

    def banner_hidden(self, now: datetime) -> bool:
        return self.asks_hidden(now) or _after(self.banner_hidden_until, now)

    def merged(self, other: "SupportState") -> "SupportState":
        """The later of each date: acting on one device never undoes a later choice elsewhere."""
        return replace(
            self,
            snoozed_until=_later(self.snoozed_until, other.snoozed_until),
            supporter_until=_later(self.supporter_until, other.supporter_until),
            banner_hidden_until=_later(self.banner_hidden_until, other.banner_hidden_until),
        )


def support_until(*, days: int) -> datetime:
    """When a choice made now for `days` days ends: the same clock time, `days` days on in the
    site's calendar. Adding 24-hour days instead would end it an hour early or late across a
    clock change, and near midnight on the wrong day ("We'll ask again on ..." a day off)."""
    # Arithmetic on an aware local time keeps the clock time (Python adds wall-clock days);
    # a time the clocks skip comes out as the moment an hour on, which is what a reader expects.
    return (timezone.localtime() + timedelta(days=days)).astimezone(UTC)


def _after(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and now < moment


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max((d for d in (a, b) if d is not None), default=None)


# The cookie


def state_from_cookie(value: str | None) -> SupportState:
    """The state a cookie holds; a tampered, malformed or foreign cookie counts as none."""
    if not value:
        return SupportState()
    try:
        data = signing.loads(value, salt=COOKIE_SALT)
        return SupportState(
            snoozed_until=_from_timestamp(data.get("s")),
            supporter_until=_from_timestamp(data.get("p")),
            banner_hidden_until=_from_timestamp(data.get("h")),
            notice=str(data.get("n", ""))[:20],
        )
    except (signing.BadSignature, AttributeError, TypeError, ValueError, OverflowError):
        return SupportState()


def state_to_cookie(state: SupportState) -> str:
    data = {
        key: int(moment.timestamp())
        for key, moment in (
            ("s", state.snoozed_until),
            ("p", state.supporter_until),
            ("h", state.banner_hidden_until),
        )
        if moment is not None
    }
    if state.notice:
        data["n"] = state.notice
    return signing.dumps(data, salt=COOKIE_SALT, compress=True)


def state_to_hint(state: SupportState) -> str:
    """Until when asks, and the banner, are hidden, as "<asks>-<banner>" in Unix seconds (0 for
    not hidden), for prompts.js.

    A page the browser kept from before the reader acted (its back/forward cache, or its HTTP
    cache on the back button) still shows the asks; the script takes them off with this. It is
    not signed because it can only hide asks on the reader's own screen: which asks a page
    holds is decided on the server, from the signed cookie.
    """
    asks = _later(state.snoozed_until, state.supporter_until)
    banner = _later(asks, state.banner_hidden_until)
    return "-".join(str(int(moment.timestamp())) if moment else "0" for moment in (asks, banner))


def cookie_max_age(moments: list[datetime]) -> int:
    """Keep the cookie as long as its latest date matters (at least a day, for the notice)."""
    latest = max(moments, default=None)
    seconds = int((latest - timezone.now()).total_seconds()) if latest else 0
    return max(seconds, 86400)


def _from_timestamp(value) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, int):
        raise ValueError("not a timestamp")
    return datetime.fromtimestamp(value, tz=UTC)


# Reading and writing a request's state


def state_for(request) -> SupportState:
    """The reader's state: their cookie, merged for signed-in readers with what is stored."""
    cached = getattr(request, "_support_state", None)
    if cached is not None:
        return cached
    state = state_from_cookie(request.COOKIES.get(COOKIE_NAME))
    user = _signed_in_user(request)
    if user is not None:
        stored = ReaderSupport.objects.filter(user=user).first()
        if stored is not None:
            state = state.merged(
                SupportState(
                    snoozed_until=stored.snoozed_until,
                    supporter_until=stored.supporter_until,
                    banner_hidden_until=stored.banner_hidden_until,
                )
            )
        if _has_active_monthly_gift(user.email):
            state = replace(state, supporter_until=support_until(days=SUPPORTER_DAYS_AFTER_GIFT))
    request._support_state = state
    return state


def state_set(request, state: SupportState) -> None:
    """Change the reader's state; SupportStateMiddleware writes the cookie on the response."""
    request._support_state = replace(state, changed=True)
    user = _signed_in_user(request)
    if user is not None:
        ReaderSupport.objects.update_or_create(
            user=user,
            defaults={
                "snoozed_until": state.snoozed_until,
                "supporter_until": state.supporter_until,
                "banner_hidden_until": state.banner_hidden_until,
            },
        )


def _signed_in_user(request):
    """The signed-in user, without touching the session of a reader who has none: reading it
    would add `Vary: Cookie` and make every anonymous page uncacheable."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def notice_shown(request) -> None:
    """The one-time notice has been shown: clear it from the reader's cookie."""
    state = state_for(request)
    if state.notice:
        request._support_state = replace(state, notice="", changed=True)


def state_merge_at_login(*, user, cookie_value: str | None) -> None:
    """A reader who signs in brings their device's choices; the later date of each wins."""
    cookie_state = state_from_cookie(cookie_value)
    stored, _ = ReaderSupport.objects.get_or_create(user=user)
    merged = cookie_state.merged(
        SupportState(
            snoozed_until=stored.snoozed_until,
            supporter_until=stored.supporter_until,
            banner_hidden_until=stored.banner_hidden_until,
        )
    )
    stored.snoozed_until = merged.snoozed_until
    stored.supporter_until = merged.supporter_until
    stored.banner_hidden_until = merged.banner_hidden_until
    stored.save()


def _has_active_monthly_gift(email: str) -> bool:
    if not email:
        return False
    return RecurringDonation.objects.filter(
        donor__email__iexact=email, status=RecurringDonation.Status.ACTIVE
    ).exists()


# Which prompts show


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
    state = state_for(request)
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
    state = state_for(request)
    if state.notice:
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


def supporter_mark_accounts(*, email: str) -> int:
    """A confirmed gift from an address that belongs to signed-in readers: no asks for them on
    any device for a good while (anonymous readers get this through the thank-you page)."""
    if not email:
        return 0
    until = support_until(days=SUPPORTER_DAYS_AFTER_GIFT)
    marked = 0
    for user in get_user_model().objects.filter(email__iexact=email, is_active=True):
        stored, _ = ReaderSupport.objects.get_or_create(user=user)
        if stored.supporter_until is None or stored.supporter_until < until:
            stored.supporter_until = until
            stored.save(update_fields=["supporter_until", "updated_at"])
        marked += 1
    return marked
