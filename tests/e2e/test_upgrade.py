"""The monthly upgrade in a real browser: "Or $5 a month?" after a one-off choice, with and
without JavaScript, by keyboard, and with the back button."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def giving(live_server, fake_stripe, settings):
    settings.SITE_URL = live_server.url
    settings.DONATION_UPGRADE_MAX = {"usd": 100, "eur": 100, "gbp": 100}
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    return live_server


def _choose_25_dollars_once(page, url):
    page.goto(f"{url}/support/")
    page.get_by_role("radio", name="One-off").check()
    page.get_by_label("Other amount").fill("25")
    page.get_by_role("button", name="Continue to secure payment").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_offered_five_dollars_a_month_takes_it(
    new_context, giving, fake_stripe, axe, javascript
):
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    _choose_25_dollars_once(page, giving.url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Or $5 a month?")
    expect(page.get_by_role("button", name="Keep my one-off gift of $25")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Give $5 a month").click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["mode"], session["amount_total"]) == ("subscription", 500)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_keeps_their_one_off_gift_by_keyboard_and_is_not_asked_again(
    new_context, giving, fake_stripe, javascript
):
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    _choose_25_dollars_once(page, giving.url)
    take = page.get_by_role("button", name="Give $5 a month")
    keep = page.get_by_role("button", name="Keep my one-off gift of $25")
    expect(keep).to_be_visible()
    expect(take).not_to_be_focused()  # nothing chosen for the reader
    expect(keep).not_to_be_focused()

    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        if take.evaluate("button => button === document.activeElement"):
            reached.append("take")
        if keep.evaluate("button => button === document.activeElement"):
            reached.append("keep")
            break
    assert reached == ["take", "keep"]
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["mode"], session["amount_total"]) == ("payment", 2500)

    page.get_by_role("link", name="Cancel").click()  # back on our form, as they left it
    # The button states the gift it will start (or, for an amount typed in, plainly goes on).
    page.get_by_role("button", name=re.compile(r"^(Give \$25|Continue to secure payment)")).click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    assert len(fake_stripe.objects("checkout.session")) == 2
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_back_button_from_the_step_and_from_checkout(
    new_context, giving, fake_stripe, axe, javascript
):
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    _choose_25_dollars_once(page, giving.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Or $5 a month?")

    page.go_back()

    expect(page.get_by_role("heading", level=1)).to_have_text("Support independent journalism")
    page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text("Or $5 a month?")
    page.get_by_role("button", name="Give $5 a month").click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()

    page.go_back()  # answered: the form with their one-off choice, not the question again

    expect(page.get_by_role("heading", level=1)).to_have_text("Support independent journalism")
    expect(page.get_by_role("radio", name="One-off")).to_be_checked()
    expect(page.get_by_role("radio", name="$25")).to_be_checked()
    axe(page)
    context.close()


def test_change_my_gift_leads_back_to_the_form(page, giving, axe):
    _choose_25_dollars_once(page, giving.url)

    page.get_by_role("link", name="Change my gift").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Support independent journalism")
    expect(page.get_by_role("radio", name="$25")).to_be_checked()
    axe(page)
