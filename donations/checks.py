"""System checks: the giving settings, checked when the app starts rather than when a reader
gives (STYLE: an app's settings are checked in the app); and warnings about settings that lose
money's paper trail or the defences around it, found before they matter.

`manage.py check` runs them, and so does `migrate` on every release: an error stops it."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.checks import Error, Warning, register

from donations.budget import LIMITS as BUDGET_LIMITS
from donations.budget import read_setting
from donations.frequencies import Frequency
from donations.giving import gift_limits, gift_presets
from donations.money import UNSUPPORTED, format_money_major, parse_major, reader_decimals

FREQUENCIES = ", ".join(Frequency.values)
CURRENCY_CODE = re.compile(r"[a-z]{3}")


@register()
def donation_currencies_check(app_configs, **kwargs) -> list[Error]:
    """Every currency offered is one whose minor units donations.money knows: a currency
    counted wrongly would charge a reader a hundred times their gift, or a hundredth."""
    errors = []
    for currency in settings.DONATION_CURRENCIES:
        if not CURRENCY_CODE.fullmatch(currency):
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


@register()
def donation_amounts_check(app_configs, **kwargs) -> list[Error | Warning]:
    """The limits and suggested amounts (donations.giving) say what they mean. A misspelt
    frequency or key would be ignored without a word, a minimum above the maximum refuses every
    gift, and a suggested amount outside the limits is offered to readers and then refused."""
    as_written = [*_limits_as_written(), *_presets_as_written()]
    if as_written:  # the rest reads the settings as donations.giving does, so needs them whole
        return [*_default_currency(), *as_written]
    return [*_default_currency(), *_unknown_currencies(), *_limits_and_presets_agree()]


def _default_currency() -> list[Error]:
    default, offered = settings.DONATION_DEFAULT_CURRENCY, settings.DONATION_CURRENCIES
    if default in offered:
        return []
    return [
        Error(
            f"DONATION_DEFAULT_CURRENCY is {default!r}, which is not one of DONATION_CURRENCIES "
            f"({', '.join(offered)}): the appeals ask in it, and would start no gift.",
            hint="Add it to DONATION_CURRENCIES, or choose one of those.",
            id="donations.E003",
        )
    ]


def _limits_as_written() -> list[Error]:
    errors = []
    for name in (
        "DONATION_MIN_ONCE",
        "DONATION_MIN_MONTHLY",
        "DONATION_MIN_ANNUAL",
        "DONATION_MAX",
    ):
        if parse_major(getattr(settings, name)) is None:
            errors.append(_limits_error(f"{name} is {getattr(settings, name)!r}, not above 0."))
    limits = settings.DONATION_LIMITS
    if not isinstance(limits, dict):
        return [*errors, _limits_error("DONATION_LIMITS is not a JSON object of currencies.")]
    for currency, by_frequency in limits.items():
        where = f"DONATION_LIMITS, under {currency!r}"
        if not isinstance(by_frequency, dict):
            errors.append(_limits_error(f"{where}: name frequencies ({FREQUENCIES})."))
            continue
        for frequency, bounds in by_frequency.items():
            if frequency not in Frequency.values:
                errors.append(
                    _limits_error(f"{where}: {frequency!r} is not a frequency ({FREQUENCIES}).")
                )
            elif not isinstance(bounds, dict) or set(bounds) - {"min", "max"}:
                errors.append(_limits_error(f'{where}, {frequency!r}: use "min" and "max".'))
            else:
                errors.extend(
                    _limits_error(f'{where}, {frequency!r}: "{key}" is {value!r}, not above 0.')
                    for key, value in bounds.items()
                    if parse_major(value) is None
                )
    return errors


def _limits_error(message: str) -> Error:
    return Error(
        message,
        hint="Limits are amounts in major units, e.g. DONATION_MIN_MONTHLY=2 and "
        'DONATION_LIMITS={"gbp": {"monthly": {"min": 3}}, "eur": {"once": {"max": 5000}}}.',
        id="donations.E004",
    )


def _presets_as_written() -> list[Error]:
    presets = settings.DONATION_PRESETS
    if not isinstance(presets, dict):
        return [_presets_error("DONATION_PRESETS is not a JSON object.")]
    errors = []
    for key, value in presets.items():
        if isinstance(value, dict):  # a currency's own amounts
            for frequency, amounts in value.items():
                where = f"DONATION_PRESETS, under {key!r}"
                if frequency not in Frequency.values:
                    errors.append(
                        _presets_error(
                            f"{where}: {frequency!r} is not a frequency ({FREQUENCIES})."
                        )
                    )
                elif not _is_amounts(amounts):
                    errors.append(
                        _presets_error(f"{where}, {frequency!r}: give a list of amounts.")
                    )
        elif key not in Frequency.values:
            errors.append(
                _presets_error(
                    f"DONATION_PRESETS: {key!r} is neither a frequency ({FREQUENCIES}) nor a "
                    "currency with frequencies under it."
                )
            )
        elif not _is_amounts(value):
            errors.append(_presets_error(f"DONATION_PRESETS, {key!r}: give a list of amounts."))
    return errors


def _is_amounts(value) -> bool:
    return (
        isinstance(value, list) and bool(value) and all(parse_major(v) is not None for v in value)
    )


def _presets_error(message: str, *, hint: str = "") -> Error:
    return Error(
        message,
        hint=hint
        or "Amounts in major units, above 0, per frequency for every currency and/or under a "
        'currency code, e.g. DONATION_PRESETS={"monthly": [3, 6, 12], "gbp": {"once": [5, 10]}}.',
        id="donations.E005",
    )


def _unknown_currencies() -> list[Warning]:
    """A currency the site does not take, named in the limits or amounts: a typo, most likely,
    which leaves the currency meant without them."""
    offered = settings.DONATION_CURRENCIES
    named = [("DONATION_LIMITS", currency) for currency in settings.DONATION_LIMITS] + [
        ("DONATION_PRESETS", key)
        for key, value in settings.DONATION_PRESETS.items()
        if isinstance(value, dict)
    ]
    return [
        Warning(
            f"{name} names {currency!r}, which is not one of DONATION_CURRENCIES "
            f"({', '.join(offered)}): what it sets there applies to no gift.",
            hint="Correct the currency code, or remove it.",
            id="donations.W003",
        )
        for name, currency in named
        if currency.lower() not in offered
    ]


def _limits_and_presets_agree() -> list[Error]:
    errors = []
    for currency in settings.DONATION_CURRENCIES:
        if not CURRENCY_CODE.fullmatch(currency) or currency in UNSUPPORTED:
            continue  # donations.E001 and E002 say why
        for frequency in Frequency:
            low, high = gift_limits(currency=currency, frequency=frequency)
            where = f"{frequency.label.lower()} gifts in {currency.upper()}"
            if low > high:
                errors.append(
                    _limits_error(
                        f"The smallest of {where} ({format_money_major(low, currency)}) is "
                        f"more than the largest ({format_money_major(high, currency)}): "
                        "every one would be refused."
                    )
                )
                continue
            errors.extend(
                _presets_error(
                    f"The amounts offered for {where} include {refused}: a reader who picks it "
                    "is refused.",
                    hint=f"Give {currency} its own {frequency} amounts in DONATION_PRESETS, or "
                    "change the limits.",
                )
                for amount in gift_presets(currency=currency, frequency=frequency)
                if (refused := _refused(amount, low=low, high=high, currency=currency))
            )
    return errors


def _refused(amount: Decimal, *, low: Decimal, high: Decimal, currency: str) -> str:
    """An amount offered that the support form would refuse, and why; "" for one it takes."""
    money = format_money_major
    if not low <= amount <= high:
        limits = f"{money(low, currency)} to {money(high, currency)}"
        return f"{money(amount, currency)}, outside the limits ({limits})"
    decimals = reader_decimals(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-decimals)):
        allowed = (
            "whole numbers" if decimals == 0 else f"given to at most {decimals} decimal places"
        )
        return f"{amount}, but amounts in {currency.upper()} are {allowed}"
    return ""


@register()
def donation_fee_rates_check(app_configs, **kwargs) -> list[Error | Warning]:
    """The card fee rates (donations.giving.fee_cover) are a percentage below 100 and a fixed
    amount of 0 or more per currency: anything else would charge donors a nonsense figure, or
    divide by zero. A currency the site does not take is most likely a typo."""
    rates = settings.DONATION_FEE_RATES
    if not isinstance(rates, dict):
        return [_fee_error("DONATION_FEE_RATES is not a JSON object of currencies.")]
    problems = []
    for currency, rate in rates.items():
        where = f"DONATION_FEE_RATES, under {currency!r}"
        if not isinstance(rate, dict) or not rate or set(rate) - {"percent", "fixed"}:
            problems.append(_fee_error(f'{where}: give "percent" and/or "fixed".'))
            continue
        percent, fixed = rate.get("percent", 0), rate.get("fixed", 0)
        if not _zero_or_amount(percent) or not 0 <= Decimal(str(percent)) < 100:
            problems.append(_fee_error(f'{where}: "percent" is {percent!r}, not from 0 to 99.99.'))
        if not _zero_or_amount(fixed):
            problems.append(_fee_error(f'{where}: "fixed" is {fixed!r}, not 0 or more.'))
        if currency.lower() not in settings.DONATION_CURRENCIES:
            problems.append(
                Warning(
                    f"{where}: {currency!r} is not one of DONATION_CURRENCIES "
                    f"({', '.join(settings.DONATION_CURRENCIES)}): the rate applies to no gift.",
                    hint="Correct the currency code, or remove it.",
                    id="donations.W004",
                )
            )
    return problems


def _zero_or_amount(value) -> bool:
    """0, or an amount above 0 (parse_major refuses 0, which a rate, or the largest one-off
    offered the monthly step, may well be)."""
    return (not isinstance(value, bool) and value in (0, "0")) or parse_major(value) is not None


def _fee_error(message: str) -> Error:
    return Error(
        message,
        hint="A percentage and a fixed amount in major units per currency, e.g. DONATION_FEE_RATES="
        '{"usd": {"percent": 2.9, "fixed": 0.30}, "jpy": {"percent": 3.6}}.',
        id="donations.E007",
    )


@register()
def donation_upgrade_check(app_configs, **kwargs) -> list[Error | Warning]:
    """DONATION_UPGRADE_MAX (donations.giving.upgrade_offer) is a largest one-off of 0 or more
    per currency: anything else would offer the monthly step to no one, or to everyone, without
    a word. A currency the site does not take is most likely a typo."""
    largest = settings.DONATION_UPGRADE_MAX
    if not isinstance(largest, dict):
        return [_upgrade_error("DONATION_UPGRADE_MAX is not a JSON object of currencies.")]
    problems = []
    for currency, amount in largest.items():
        where = f"DONATION_UPGRADE_MAX, under {currency!r}"
        if not _zero_or_amount(amount):
            problems.append(_upgrade_error(f"{where}: {amount!r} is not an amount of 0 or more."))
        if currency.lower() not in settings.DONATION_CURRENCIES:
            problems.append(
                Warning(
                    f"{where}: {currency!r} is not one of DONATION_CURRENCIES "
                    f"({', '.join(settings.DONATION_CURRENCIES)}): no gift is offered the "
                    "monthly step in it.",
                    hint="Correct the currency code, or remove it.",
                    id="donations.W020",
                )
            )
    return problems


def _upgrade_error(message: str) -> Error:
    return Error(
        message,
        hint="The largest one-off gift (major units) for which a monthly gift is offered, per "
        'currency, e.g. DONATION_UPGRADE_MAX={"usd": 100, "eur": 100, "gbp": 80}; {} turns '
        "the step off.",
        id="donations.E020",
    )


@register()
def ask_budget_check(app_configs, **kwargs) -> list[Error | Warning]:
    """The impression budget's numbers (donations.budget) are whole numbers in range: a page
    carries them to every reader's browser, where a wrong one would hide every ask or none."""
    ids = {
        "DONATION_ASK_BUDGET": "donations.E023",
        "DONATION_ASK_BUDGET_DAYS": "donations.E024",
        "DONATION_FULL_BANNER_VIEWS": "donations.E025",
    }
    problems = []
    for name, (_, _, expected) in BUDGET_LIMITS.items():
        if read_setting(name) is None:
            problems.append(
                Error(
                    f"{name} is {getattr(settings, name)!r}: it must be {expected}.",
                    hint=f"Set {name} to {expected}, or remove it for the default.",
                    id=ids[name],
                )
            )
    if problems:
        return problems
    asks, views = read_setting("DONATION_ASK_BUDGET"), read_setting("DONATION_FULL_BANNER_VIEWS")
    if asks and views >= asks:
        problems.append(
            Warning(
                f"DONATION_FULL_BANNER_VIEWS ({views}) is not below DONATION_ASK_BUDGET ({asks}): "
                "the budget runs out before a reader sees the compact banner.",
                hint="Lower DONATION_FULL_BANNER_VIEWS, or raise DONATION_ASK_BUDGET.",
                id="donations.W021",
            )
        )
    return problems


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


@register()
def demo_payments_check(app_configs, **kwargs):
    """The demo's payment server takes anyone's "payment" and moves no money: a site that used
    it in production would thank readers for gifts that never arrived."""
    if settings.DEBUG or not settings.STRIPE_DEMO:
        return []
    return [
        Error(
            "STRIPE_DEMO is on with DEBUG off: giving would go to the demo payment server, "
            "where no money moves.",
            hint="Unset STRIPE_DEMO and set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET from "
            "your Stripe account (README, Giving (Stripe)). Demo payments are for `make run` "
            "only.",
            id="donations.E006",
        )
    ]


@register()
def webhook_lease_check(app_configs, **kwargs):
    """A worker's claim on a batch of Stripe events lasts WEBHOOK_REQUEUE_AFTER: under a few
    seconds, other workers would take events still being processed (written once all the same,
    but fetched from Stripe twice, over and over)."""
    if settings.WEBHOOK_REQUEUE_AFTER >= 2:
        return []
    return [
        Error(
            f"WEBHOOK_REQUEUE_AFTER={settings.WEBHOOK_REQUEUE_AFTER}: a worker's claim on a "
            "batch of Stripe events must last at least 2 seconds.",
            hint="Leave it at 300 (five minutes): how long a killed worker's events wait.",
            id="donations.E021",
        )
    ]
