"""Amounts: Decimal major units where readers type them, integer minor units everywhere after;
and the amounts the site takes and suggests, per currency and frequency."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

# Every currency we take has two decimal places (Stripe's "two-decimal currencies").
MINOR_PER_MAJOR = 100
SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "cad": "CA$", "aud": "A$", "nzd": "NZ$"}


def to_minor_units(amount: Decimal | int | str) -> int:
    cents = Decimal(str(amount)) * MINOR_PER_MAJOR
    return int(cents.to_integral_value(rounding=ROUND_HALF_UP))


def to_major_units(minor: int) -> Decimal:
    return Decimal(minor) / MINOR_PER_MAJOR


def format_money(minor: int, currency: str) -> str:
    """ "$5", "$5.50", "€1,200": whole amounts without cents, as readers write them."""
    major = to_major_units(minor)
    number = f"{major:,.0f}" if minor % MINOR_PER_MAJOR == 0 else f"{major:,.2f}"
    symbol = SYMBOLS.get(currency.lower())
    return f"{symbol}{number}" if symbol else f"{number} {currency.upper()}"


def format_major(amount: Decimal | int) -> str:
    """A major-unit amount as a form value or query parameter: "5", "5.50"."""
    amount = Decimal(str(amount))
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def gift_limits(*, currency: str, frequency: str) -> tuple[Decimal, Decimal]:
    """The smallest and largest gift in major units: DONATION_LIMITS for this currency where it
    says, else DONATION_MIN_<FREQUENCY> and DONATION_MAX, which hold for every currency."""
    override = settings.DONATION_LIMITS.get(currency, {}).get(frequency, {})
    minimum = override.get("min", settings.DONATION_MINIMUMS[frequency])
    maximum = override.get("max", settings.DONATION_MAXIMUM)
    return Decimal(str(minimum)), Decimal(str(maximum))


def gift_presets(*, currency: str, frequency: str) -> list[Decimal]:
    """The amounts offered as choices (major units): this currency's own, or everyone's."""
    amounts = settings.DONATION_CURRENCY_PRESETS.get(currency, {}).get(frequency)
    return [Decimal(str(amount)) for amount in amounts or settings.DONATION_PRESETS[frequency]]
