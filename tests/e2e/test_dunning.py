"""A donor whose payment failed follows the link in their email: with or without JavaScript it
opens Stripe's card-update flow; an expired or broken link explains itself."""

import pytest
from playwright.sync_api import expect

from donations.services.manage import card_token_make
from tests.factories import DonorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def card_link(live_server, fake_stripe, settings):
    """The card-update link a donor of the fake Stripe's got by email, on the live site."""
    settings.SITE_URL = live_server.url
    events = fake_stripe.shop_checkout(interval="month", email="lee@example.org")
    customer = events[0]["data"]["object"]["customer"]
    donor = DonorFactory(email="lee@example.org", stripe_customer_id=customer)
    return f"{live_server.url}/support/manage/card/{card_token_make(donor=donor)}/"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_card_link_opens_stripes_card_update_flow(new_context, card_link, javascript):
    page = new_context(java_script_enabled=javascript).new_page()

    page.goto(card_link)

    expect(page.get_by_role("heading", level=1)).to_have_text("Fake billing portal")
    expect(page.locator("main")).to_contain_text("Flow: payment_method_update")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_expired_card_link_offers_a_fresh_manage_link(
    new_context, card_link, settings, axe, javascript
):
    settings.CARD_LINK_MAX_AGE = -1  # every link is past its age
    page = new_context(java_script_enabled=javascript).new_page()

    page.goto(card_link)
    expect(page.get_by_role("heading", name="That link has expired")).to_be_visible()
    if javascript:
        axe(page)
    page.get_by_label("Your email address").fill("lee@example.org")
    page.get_by_role("button", name="Email me a link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")


def test_a_broken_card_link_has_no_accessibility_violations(page, live_server, axe):
    page.goto(f"{live_server.url}/support/manage/card/copied-incompletely/")

    expect(page.get_by_role("heading", name="That link doesn’t work")).to_be_visible()
    axe(page)
