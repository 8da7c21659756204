"""Minor units per currency: a gift in yen is charged in yen, not in hundredths of a yen."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from donations.models import Donation

pytestmark = pytest.mark.django_db


@pytest.fixture
def yen(settings):
    settings.DONATION_CURRENCIES = ["usd", "jpy"]
    settings.DONATION_LIMITS = {"jpy": {"once": {"min": 100, "max": 1_000_000}}}


def test_a_gift_in_yen_is_charged_in_yen(yen, start_checkout):
    session = start_checkout("once", "1000", "jpy")

    assert (session["amount_total"], session["currency"]) == (1000, "jpy")


def test_a_gift_in_yen_is_recorded_and_thanked_in_yen(
    yen, start_checkout, fake_stripe, visit_thanks
):
    session = start_checkout("once", "1500", "jpy")
    fake_stripe.complete_checkout(session["id"])

    html = visit_thanks(session["id"]).content.decode()

    assert (Donation.objects.get().amount, Donation.objects.get().currency) == (1500, "jpy")
    assert "gift of <strong>¥1,500</strong>" in html
    assert "¥1,500" in mail.outbox[0].body


def test_a_gift_in_yen_with_decimals_is_refused_with_a_clear_message(yen, client, fake_stripe):
    response = client.post(
        "/support/", {"frequency": "once", "amount": "1000.50", "currency": "jpy"}
    )

    assert response.status_code == 400
    assert "Amounts in JPY are whole numbers" in response.content.decode()
    assert not fake_stripe.requests


def test_a_gift_in_a_three_decimal_currency_is_charged_in_thousandths(settings, start_checkout):
    settings.DONATION_CURRENCIES = ["usd", "kwd"]

    session = start_checkout("once", "5.25", "kwd")

    assert session["amount_total"] == 5250  # the last digit 0, as Stripe requires


def test_the_support_page_shows_yen_presets_without_decimals(yen, client, settings, fake_stripe):
    settings.DONATION_PRESETS = {"jpy": {"once": [500, 1000, 3000]}}

    html = client.get("/support/", {"currency": "jpy", "frequency": "once"}).content.decode()

    assert "¥1,000" in html
    assert "¥10.00" not in html and "¥1,000.00" not in html


def test_a_currency_this_site_cannot_count_stops_it_starting_with_the_reason(settings):
    settings.DONATION_CURRENCIES = ["usd", "ugx"]

    with pytest.raises(SystemCheckError, match=r"donations\.E002.*UGX"):
        call_command("check")


def test_a_currency_that_is_not_a_code_stops_it_starting(settings):
    settings.DONATION_CURRENCIES = ["usd", "Euro"]

    with pytest.raises(SystemCheckError, match=r"donations\.E001"):
        call_command("check")
