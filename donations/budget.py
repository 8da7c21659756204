"""The impression budget: how many asks one reader is shown, across every placement, in a
window of days, and how many times the full banner is shown before the compact one.

It is counted in the reader's own browser (static/js/ask-budget.js keeps the times of the asks
it showed in local storage), not here: a cookie or a per-reader page would stop shared caches
from keeping anonymous pages, and the count would leave the reader's device. So the server only
says the numbers, the same for every reader, as attributes of the page's <html> element; without
JavaScript the budget does not apply and every ask shows as the prompts say.

newsroom/settings.py reads the three settings as written; they are read as numbers here, when a
page asks, and checked by donations.checks when the app starts, which names a mistake.
"""

from dataclasses import dataclass

from django.conf import settings

# Each setting, what it may be, and what a wrong value is told.
LIMITS = {
    "DONATION_ASK_BUDGET": (0, 1000, "a whole number of asks from 0 (no limit) to 1000"),
    "DONATION_ASK_BUDGET_DAYS": (1, 365, "a whole number of days from 1 to 365"),
    "DONATION_FULL_BANNER_VIEWS": (0, 1000, "a whole number of views from 0 to 1000"),
}


@dataclass(frozen=True)
class AskBudget:
    asks: int  # asks one reader is shown in `days`; 0: no limit
    days: int
    full_banner_views: int  # full banners before the compact one, in the same window


def read_setting(name: str) -> int | None:
    """The setting as a whole number within its limits, or None (donations.checks says why)."""
    value = getattr(settings, name)
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    low, high, _ = LIMITS[name]
    return number if low <= number <= high else None


def ask_budget() -> AskBudget:
    """The budget the pages carry. A value the checks refuse stops `migrate` before a release;
    should one reach a page anyway, the budget is off rather than the page broken."""
    asks, days, views = (read_setting(name) for name in LIMITS)
    if None in (asks, days, views):
        return AskBudget(asks=0, days=7, full_banner_views=1000)
    return AskBudget(asks=asks, days=days, full_banner_views=views)
