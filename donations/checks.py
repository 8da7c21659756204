"""System checks: the giving settings, checked when the app starts rather than when a reader
gives (STYLE: an app's settings are checked in the app)."""

import re

from django.conf import settings
from django.core.checks import Error, register

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
