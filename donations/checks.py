"""System checks: the giving settings, checked when the app starts rather than when a reader
gives (STYLE: an app's settings are checked in the app); and warnings about settings that lose
money's paper trail or the defences around it, found before they matter."""

import re

from django.conf import settings
from django.core.checks import Error, Warning, register

from donations.money import UNSUPPORTED


@register()
def donation_currencies_check(app_configs, **kwargs) -> list[Error]:
    """Every currency offered is one whose minor units donations.money knows: a currency
    counted wrongly would charge a reader a hundred times their gift, or a hundredth."""
    errors = []
    for currency in settings.DONATION_CURRENCIES:
        if not re.fullmatch(r"[a-z]{3}", currency):
            errors.append(
                Error(
                    f"DONATION_CURRENCIES has {currency!r}, which is not a currency code.",
                    hint="Use lower-case ISO 4217 codes, as Stripe does: usd,eur,jpy.",
                    id="donations.E001",
                )
            )
        elif currency in UNSUPPORTED:
            errors.append(
                Error(
                    f"DONATION_CURRENCIES has {currency!r}, which this site cannot take: "
                    f"{UNSUPPORTED[currency]}",
                    hint="Remove it from DONATION_CURRENCIES.",
                    id="donations.E002",
                )
            )
    return errors


# Default cache backends that other processes or hosts do not see, and why that matters here.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps a separate cache in each process",
    "django.core.cache.backends.dummy.DummyCache": "keeps nothing at all",
    "django.core.cache.backends.filebased.FileBasedCache": (
        "is shared only by processes on one machine, and counts without locking"
    ),
}


@register()
def stripe_webhook_secret_check(app_configs, **kwargs):
    """With a key but no webhook secret, every delivery is refused: one-off gifts are recorded
    only when the donor comes back to the thank-you page, and renewals, refunds and
    cancellations are never recorded."""
    if not settings.STRIPE_SECRET_KEY or settings.STRIPE_WEBHOOK_SECRET:
        return []
    return [
        Warning(
            "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is empty: Stripe's webhooks "
            "are refused, so renewals, refunds, cancellations and gifts whose donor never "
            "reaches the thank-you page are not recorded.",
            hint=(
                "Set STRIPE_WEBHOOK_SECRET to the signing secret (whsec_...) of the endpoint "
                "https://<your site>/support/webhooks/stripe/ in Stripe's dashboard "
                "(Developers > Webhooks). See the README, Giving (Stripe)."
            ),
            id="donations.W001",
        )
    ]


@register()
def shared_cache_check(app_configs, **kwargs):
    """In production the cache holds the checkout rate limit (the card-testing defence), the
    page cache's version and the prompts: every app process must see the same one."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in UNSHARED_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) {UNSHARED_CACHES[backend]}: "
            "with several app processes the checkout rate limit is counted apart in each, "
            "and an edit reaches the others' cached pages only when those expire.",
            hint="Set CACHE_URL to Redis, e.g. CACHE_URL=redis://127.0.0.1:6379/0.",
            id="donations.W002",
        )
    ]
