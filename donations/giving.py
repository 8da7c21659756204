"""What the site takes and suggests: the smallest and largest gift, the amounts offered as
choices, per currency and frequency (major units), and the card fee a donor may cover, from the
DONATION_* settings.

newsroom/settings.py only reads the environment; the JSON of DONATION_LIMITS and
DONATION_PRESETS is read here, when a page asks, and checked by donations.checks when the app
starts (`manage.py check`, `migrate`). So this module trusts the shapes the checks let through,
and a mistake is reported with every other one and its reason, instead of the first stopping the
settings from importing.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.conf import settings

from donations.frequencies import Frequency
from donations.money import (
    format_money,
    format_money_major,
    minor_exponent,
    reader_decimals,
    to_minor_units,
)

# The amounts offered where DONATION_PRESETS does not say otherwise.
DEFAULT_PRESETS = {
    Frequency.ONCE: [10, 25, 50, 100],
    Frequency.MONTHLY: [2, 5, 10, 20],
    Frequency.ANNUAL: [25, 50, 100, 250],
}


def minimums() -> dict[str, int]:
    """DONATION_MIN_<FREQUENCY>: the smallest gift of each frequency, in every currency."""
    return {
        Frequency.ONCE: settings.DONATION_MIN_ONCE,
        Frequency.MONTHLY: settings.DONATION_MIN_MONTHLY,
        Frequency.ANNUAL: settings.DONATION_MIN_ANNUAL,
    }


def limits_by_currency() -> dict:
    """DONATION_LIMITS: {currency: {frequency: {"min": …, "max": …}}}, codes in lower case as
    Stripe writes them."""
    return {currency.lower(): limits for currency, limits in settings.DONATION_LIMITS.items()}


def presets_for_every_currency() -> dict:
    """The amounts of each frequency for currencies without their own: the defaults, with any
    frequency DONATION_PRESETS gives a list for."""
    given = settings.DONATION_PRESETS
    return {
        **DEFAULT_PRESETS,
        **{key: value for key, value in given.items() if isinstance(value, list)},
    }


def presets_by_currency() -> dict:
    """The amounts DONATION_PRESETS gives one currency: its keys whose value is an object."""
    given = settings.DONATION_PRESETS
    return {key.lower(): value for key, value in given.items() if isinstance(value, dict)}


def gift_limits(*, currency: str, frequency: str) -> tuple[Decimal, Decimal]:
    """The smallest and largest gift: DONATION_LIMITS for this currency where it says, else
    DONATION_MIN_<FREQUENCY> and DONATION_MAX, which hold for every currency."""
    override = limits_by_currency().get(currency, {}).get(frequency, {})
    minimum = override.get("min", minimums()[frequency])
    maximum = override.get("max", settings.DONATION_MAX)
    return Decimal(str(minimum)), Decimal(str(maximum))


def gift_presets(*, currency: str, frequency: str) -> list[Decimal]:
    """The amounts offered as choices: this currency's own, or every currency's."""
    amounts = presets_by_currency().get(currency, {}).get(frequency)
    return [Decimal(str(amount)) for amount in amounts or presets_for_every_currency()[frequency]]


def recommended_preset(amounts: list) -> int | None:
    """Which of the amounts offered is marked "Recommended" and chosen first: the second, a step
    up from the smallest, where there are two or more (the one most readers choose on a page like
    ours); the only one where there is one. The one rule for the appeal's buttons and the support
    page's choices (and its script)."""
    if not amounts:
        return None
    return min(1, len(amounts) - 1)


# The support form's button where it cannot state the gift.
PLAIN_CALL = "Continue to secure payment"


def gift_call(*, amount: Decimal | None, currency: str, frequency: str) -> str:
    """The support form's button, stating the gift: "Give $5 a month", "Give €20"; where no
    amount reads as one yet, what it does instead."""
    if amount is None or amount <= 0:
        return PLAIN_CALL
    per_period = Frequency(frequency).per_period
    return f"Give {format_money_major(amount, currency)}{f' {per_period}' if per_period else ''}"


# Covering the card fee


@dataclass(frozen=True)
class FeeRate:
    """What the card processor takes from a payment in one currency: a percentage of it, plus a
    fixed amount (major units)."""

    percent: Decimal
    fixed: Decimal


def fee_rates() -> dict[str, FeeRate]:
    """DONATION_FEE_RATES: {currency: {"percent": …, "fixed": …}}, codes in lower case."""
    return {
        currency.lower(): FeeRate(
            percent=Decimal(str(rate.get("percent", 0))), fixed=Decimal(str(rate.get("fixed", 0)))
        )
        for currency, rate in settings.DONATION_FEE_RATES.items()
    }


def fee_cover(*, amount: int, currency: str) -> int | None:
    """What a donor adds to a gift of `amount` (minor units) so that all of it reaches us once
    the card fee is taken from the charge; None where no rate is set (the option is not offered).

    The fee is a share of what is charged, not of the gift, so adding the fee to the gift would
    fall short: the charge is (gift + fixed) / (1 - percent), rounded up (never down, which would
    leave the newsroom short) to an amount Stripe takes in this currency (a whole yen, ten
    thousandths of a dinar, a whole króna). This is the one place the figure is made: the
    support form, the appeal and the checkout all ask here."""
    rate = fee_rates().get(currency.lower())
    if rate is None:
        return None
    step = Decimal(10) ** (minor_exponent(currency) - reader_decimals(currency))
    charged = (amount + to_minor_units(rate.fixed, currency)) / (1 - rate.percent / 100)
    charged = (charged / step).to_integral_value(rounding=ROUND_CEILING) * step
    return int(charged) - amount


def fee_cover_label(*, amount: Decimal | None, currency: str) -> str:
    """The fee cover checkbox's words: the figure for a gift of `amount` (major units) where
    there is one, else the rate ("" where the currency has no rate: no checkbox)."""
    rate = fee_rates().get(currency.lower())
    if rate is None:
        return ""
    if amount is not None and amount > 0:
        fee = fee_cover(amount=to_minor_units(amount, currency), currency=currency)
        return f"Add {format_money(fee, currency)} to cover the card fee"
    fixed = f" + {format_money_major(rate.fixed, currency)}" if rate.fixed else ""
    return f"Add the card fee ({rate.percent.normalize():f}%{fixed}) to my gift"


# The monthly upgrade

# What share of a one-off gift the monthly gift offered instead is near: $25 once, "or $5 a
# month?". Twelve months of a fifth is more than twice the one-off, and still small enough a
# monthly figure not to put a reader off.
UPGRADE_SHARE = Decimal(5)


def upgrade_max() -> dict[str, Decimal]:
    """DONATION_UPGRADE_MAX: the largest one-off (major units) for which a monthly gift is
    offered, per currency, codes in lower case. A currency it does not name is never offered it."""
    return {
        currency.lower(): Decimal(str(amount))
        for currency, amount in settings.DONATION_UPGRADE_MAX.items()
    }


def upgrade_offer(*, amount: Decimal, currency: str, frequency: str) -> Decimal | None:
    """The monthly gift (major units) offered to a reader who chose to give `amount` once, or
    None where the step does not apply: not a one-off, a currency without a maximum, a one-off
    above it, or no monthly amount small enough.

    About a fifth of the one-off, snapped down to the largest of the currency's suggested
    monthly amounts that does not pass it (a suggestion, so the reader sees the figure they
    would have been offered on the form), and never below the smallest monthly gift. Down, not
    to the nearest: the offer must read as smaller than what they chose. The one place the figure
    is made: the support form's step, its answer and the tests all ask here."""
    if frequency != Frequency.ONCE:
        return None
    largest = upgrade_max().get(currency.lower())
    if largest is None or amount > largest:
        return None
    target = amount / UPGRADE_SHARE
    minimum, maximum = gift_limits(currency=currency, frequency=Frequency.MONTHLY)
    fitting = [
        preset
        for preset in gift_presets(currency=currency, frequency=Frequency.MONTHLY)
        if minimum <= preset <= min(target, maximum)
    ]
    return max(fitting, default=None)
