"""Currencies and amounts: each currency's name, symbol and minor units in one block, Decimal
major units where readers type them, integer minor units everywhere after, and the one way an
amount is written for readers. (What the site takes and suggests is donations.giving.)"""

from decimal import ROUND_HALF_UP, Decimal

# Currencies and their minor units, as Stripe counts them (https://docs.stripe.com/currencies).
# Stripe takes amounts as integers in the currency's minor unit: cents for most (two decimals),
# the unit itself for zero-decimal currencies, and thousandths for three-decimal ones, where
# Stripe requires the last digit to be 0, so readers give at most two decimals there. ISK is
# two-decimal in the API but charged only in whole krónur. Every other currency: two and two.
ZERO_DECIMAL = frozenset("bif clp djf gnf jpy kmf krw mga pyg rwf vnd vuv xaf xof xpf".split())  # noqa: SIM905
THREE_DECIMAL = frozenset("bhd jod kwd omr tnd".split())  # noqa: SIM905
WHOLE_UNITS_ONLY = frozenset({"isk"})
# Currencies Stripe treats in ways this code does not model: refused at start-up
# (donations.checks) with the reason, rather than charged wrongly.
UNSUPPORTED = {
    "ugx": "Stripe lists UGX as zero-decimal but asks for it in two-decimal form in places "
    "(its “special cases”); this site does not model that.",
}
# How readers see a currency: its symbol before an amount, and its name in the support form's
# list. A currency without one is written with its code ("5 CHF", "CHF").
SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£", "cad": "CA$", "aud": "A$", "nzd": "NZ$", "jpy": "¥"}
NAMES = {"usd": "US dollars", "eur": "Euros", "gbp": "Pounds sterling"}


def currency_name(currency: str) -> str:
    return NAMES.get(currency.lower(), currency.upper())


def minor_exponent(currency: str) -> int:
    """How many decimal places a minor unit is: 10**exponent minor units make one major unit."""
    currency = currency.lower()
    if currency in ZERO_DECIMAL:
        return 0
    return 3 if currency in THREE_DECIMAL else 2


def reader_decimals(currency: str) -> int:
    """How many decimal places a gift in this currency may have, by Stripe's rules."""
    currency = currency.lower()
    if currency in WHOLE_UNITS_ONLY:
        return 0
    return min(minor_exponent(currency), 2)


def to_minor_units(amount: Decimal | int | str, currency: str) -> int:
    minor = Decimal(str(amount)).scaleb(minor_exponent(currency))
    return int(minor.to_integral_value(rounding=ROUND_HALF_UP))


def to_major_units(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-minor_exponent(currency))


def format_money(minor: int, currency: str) -> str:
    """ "$5", "$5.50", "€1,200", "¥1,000": whole amounts without decimals, as readers write them;
    otherwise as many decimals as the amount needs, but never fewer than two."""
    major = to_major_units(minor, currency)
    if major == major.to_integral_value():
        number = f"{major:,.0f}"
    else:
        places = max(2, -major.normalize().as_tuple().exponent)
        number = f"{major:,.{places}f}"
    symbol = SYMBOLS.get(currency.lower())
    return f"{symbol}{number}" if symbol else f"{number} {currency.upper()}"


def format_money_major(amount: Decimal | int | str, currency: str) -> str:
    """format_money for an amount in major units, as limits and presets are: 2 -> "£2"."""
    return format_money(to_minor_units(amount, currency), currency)


def parse_major(value) -> Decimal | None:
    """An amount in major units from JSON (a setting, a prompt's presets): a finite number
    above 0, or None. JSON's true is not 1 here."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    return amount if amount.is_finite() and amount > 0 else None


def format_major(amount: Decimal | int) -> str:
    """A major-unit amount as a form value or query parameter: "5", "5.50"."""
    amount = Decimal(str(amount))
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
