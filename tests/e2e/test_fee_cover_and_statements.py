"""Covering the card fee and the yearly statement, in a real browser, with and without
JavaScript, checked by axe."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from donations.models import Donation
from donations.services.manage import manage_token_make
from tests.factories import DonationFactory, DonorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def giving(live_server, fake_stripe, settings):
    settings.SITE_URL = live_server.url
    settings.DONATION_CURRENCIES = ["usd", "eur", "gbp", "chf"]
    settings.DONATION_FEE_RATES = {
        "usd": {"percent": 2.9, "fixed": 0.30},
        "gbp": {"percent": 1.5, "fixed": 0.20},
    }
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    return live_server


def test_the_fee_follows_the_amount_as_the_donor_chooses_and_is_charged(
    page, giving, fake_stripe, axe
):
    page.goto(f"{giving.url}/support/?frequency=once&amount=5")
    fee_cover = page.get_by_role("checkbox", name="Add $0.46 to cover the card fee")
    expect(fee_cover).not_to_be_checked()

    page.get_by_label("Other amount").fill("20")
    expect(page.get_by_role("checkbox", name="Add $0.91 to cover the card fee")).to_be_visible()
    page.get_by_label("Currency").select_option("chf")
    expect(page.locator("[data-fee-cover]")).to_be_hidden()
    page.get_by_label("Currency").select_option("gbp")
    covered = page.get_by_role("checkbox", name="Add £0.51 to cover the card fee")
    expect(covered).to_be_visible()
    axe(page)

    covered.check()
    page.get_by_role("button", name="Give £20", exact=True).click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["currency"], session["amount_total"]) == ("gbp", 2051)
    page.get_by_role("button", name="Pay").click()

    expect(page.locator("main")).to_contain_text("Your gift of £20 keeps")
    expect(page.locator("#fee-covered")).to_contain_text("£20.51 was charged")
    axe(page)
    assert Donation.objects.get().gift_amount == 2000


def test_without_javascript_the_fee_is_worked_out_from_the_amount_sent(
    new_context, giving, fake_stripe
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{giving.url}/support/?frequency=once&amount=5")

    page.get_by_label("Other amount").fill("20")
    page.get_by_role("checkbox", name="Add $0.46 to cover the card fee").check()  # stale words
    page.get_by_role("button", name="Continue to secure payment").click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    (session,) = fake_stripe.objects("checkout.session").values()
    assert session["amount_total"] == 2091  # the fee of $20, not of $5


@pytest.mark.parametrize("javascript", [True, False])
def test_a_donor_reads_and_prints_their_statement(new_context, giving, axe, javascript):
    donor = DonorFactory(email="rosa@example.org", name="Rosa Reader")
    DonationFactory(
        donor=donor, amount=546, fee_covered=46, paid_at=datetime(2025, 3, 2, 15, tzinfo=UTC)
    )
    url = reverse(
        "donations:statement", kwargs={"token": manage_token_make(donor=donor), "year": 2025}
    )
    page = new_context(java_script_enabled=javascript).new_page()

    page.goto(f"{giving.url}{url}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Giving statement for 2025")
    expect(page.locator("#statement-gifts")).to_contain_text("$5.46")
    print_button = page.get_by_role("button", name="Print or save as PDF")
    if javascript:
        expect(print_button).to_be_visible()
        axe(page)  # axe runs in the page: with scripts off it cannot, and the markup is the same
    else:
        expect(print_button).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".statement__actions")).to_be_hidden()
    expect(page.locator(".statement")).to_be_visible()
