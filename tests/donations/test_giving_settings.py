"""The giving settings (DONATION_*): a mistake stops `manage.py check` and `migrate` with its
reason, instead of being ignored, refusing every gift, or stopping the settings from loading."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

pytestmark = pytest.mark.django_db


def _check_fails_with(pattern: str):
    return pytest.raises(SystemCheckError, match=f"(?s){pattern}")


def test_the_default_giving_settings_pass_the_check():
    messages = [m for m in checks.run_checks() if m.id and m.id.startswith("donations.E")]

    assert messages == []
    call_command("check")


def test_a_misspelt_frequency_in_the_limits_is_named(settings):
    settings.DONATION_LIMITS = {"gbp": {"montly": {"min": 3}}}

    with _check_fails_with(r"donations\.E004.*under 'gbp': 'montly' is not a frequency"):
        call_command("check")


def test_limits_other_than_min_and_max_are_named(settings):
    settings.DONATION_LIMITS = {"gbp": {"monthly": {"minimum": 3}}}

    with _check_fails_with(r"donations\.E004.*'monthly': use \"min\" and \"max\""):
        call_command("check")


@pytest.mark.parametrize("value", ["three", 0, -5, True, None])
def test_a_limit_that_is_not_an_amount_is_named(settings, value):
    settings.DONATION_LIMITS = {"eur": {"once": {"max": value}}}

    with _check_fails_with(r"donations\.E004.*'once': \"max\" is .*, not above 0"):
        call_command("check")


def test_a_minimum_above_the_maximum_is_named(settings):
    settings.DONATION_LIMITS = {"gbp": {"annual": {"min": 500, "max": 100}}}

    with _check_fails_with(
        r"donations\.E004.*smallest of annual gifts in GBP \(£500\) is more than the largest"
    ):
        call_command("check")


def test_a_misspelt_frequency_in_the_presets_is_named(settings):
    settings.DONATION_PRESETS = {"anual": [20, 40]}

    with _check_fails_with(r"donations\.E005.*'anual' is neither a frequency"):
        call_command("check")


def test_a_misspelt_frequency_under_a_currencys_presets_is_named(settings):
    settings.DONATION_PRESETS = {"gbp": {"once ": [5, 10]}}

    with _check_fails_with(r"donations\.E005.*under 'gbp': 'once ' is not a frequency"):
        call_command("check")


@pytest.mark.parametrize("amounts", [[], [5, "ten"], [0, 5], 5])
def test_presets_that_are_not_a_list_of_amounts_are_named(settings, amounts):
    settings.DONATION_PRESETS = {"monthly": amounts}

    with _check_fails_with(r"donations\.E005.*'monthly': give a list of amounts"):
        call_command("check")


def test_a_preset_below_the_minimum_is_named_with_the_limits(settings):
    settings.DONATION_LIMITS = {"gbp": {"monthly": {"min": 3}}}

    with _check_fails_with(
        r"donations\.E005.*monthly gifts in GBP include £2, outside the limits \(£3 to £10,000\)"
    ):
        call_command("check")


def test_a_preset_with_decimals_in_a_whole_number_currency_is_named(settings):
    settings.DONATION_CURRENCIES = ["usd", "jpy"]
    settings.DONATION_PRESETS = {"jpy": {"once": [500, 1000.5]}}

    with _check_fails_with(
        r"donations\.E005.*include 1000\.5, but amounts in JPY are whole numbers"
    ):
        call_command("check")


def test_a_preset_with_too_many_decimals_is_named(settings):
    settings.DONATION_PRESETS = {"once": [10, 12.505]}

    with _check_fails_with(
        r"include 12\.505, but amounts in USD are given to at most 2 decimal places"
    ):
        call_command("check")


def test_a_default_currency_that_is_not_offered_is_named(settings):
    settings.DONATION_DEFAULT_CURRENCY = "chf"

    with _check_fails_with(r"donations\.E003.*'chf', which is not one of DONATION_CURRENCIES"):
        call_command("check")


@pytest.mark.parametrize("name", ["DONATION_LIMITS", "DONATION_PRESETS"])
def test_a_currency_the_site_does_not_take_is_a_warning(settings, name):
    setattr(settings, name, {"gpb": {"monthly": {"min": 3} if name == "DONATION_LIMITS" else [3]}})

    call_command("check")  # it stops nothing
    with _check_fails_with(rf"donations\.W003.*{name} names 'gpb'"):
        call_command("check", fail_level="WARNING")


def test_currency_codes_in_the_settings_may_be_upper_case(settings, client, fake_stripe):
    settings.DONATION_LIMITS = {"GBP": {"monthly": {"min": 3}}}
    settings.DONATION_PRESETS = {"GBP": {"monthly": [3, 6, 12]}}

    messages = [m for m in checks.run_checks() if m.id and m.id.startswith("donations.")]
    html = client.get("/support/", {"currency": "gbp"}).content.decode()

    assert [m.id for m in messages] == ["donations.W002"]  # the tests' cache, nothing else
    assert "(at least <span data-minimum>£3</span>)" in html
    assert "<span data-preset-label>£6</span>" in html
