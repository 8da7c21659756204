"""Giving in a real browser: the support form, the (fake) Stripe Checkout, the thank-you page."""

import pytest
from playwright.sync_api import expect

from donations.models import Donation
from tests.e2e.signing_in import staff_sign_in
from tests.factories import APPEAL_HEADLINE, ArticleFactory, TOTPDeviceFactory, staff_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def giving(live_server, fake_stripe, settings):
    """The site and the fake Stripe wired together as production and Stripe would be."""
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    return live_server


def test_a_reader_gives_five_dollars_a_month_and_the_gift_reaches_the_admin(page, giving):
    page.goto(f"{giving.url}/support/")
    expect(page.get_by_role("radio", name="Monthly")).to_be_checked()
    page.get_by_role("radio", name="$5").check()
    page.get_by_role("button", name="Give $5 a month").click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    page.get_by_role("button", name="Pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.locator("main")).to_contain_text("Your gift of $5 a month")
    donation = Donation.objects.get()
    assert (donation.amount, donation.currency, donation.kind) == (500, "usd", "recurring")

    device = TOTPDeviceFactory(user=staff_user(username="fundraiser"))
    staff_sign_in(page, giving.url, "fundraiser", "/admin/donations/donation/", device)
    expect(page.locator("#result_list")).to_contain_text("$5")
    expect(page.locator("#result_list")).to_contain_text("reader@example.org")


def test_choosing_one_off_shows_one_off_amounts_without_a_reload(page, giving):
    page.goto(f"{giving.url}/support/")

    page.get_by_role("radio", name="One-off").check()
    page.get_by_label("Currency").select_option("gbp")

    expect(page.locator("[data-preset-label]")).to_have_text(["£10", "£25", "£50", "£100"])
    expect(page.locator("[data-minimum]")).to_have_text("£1")


def test_a_currency_with_more_or_fewer_amounts_shows_exactly_its_own(
    page, giving, fake_stripe, settings
):
    settings.DONATION_PRESETS = {
        "gbp": {"monthly": [3, 6, 12]},
        "eur": {"monthly": [2, 4, 8, 16, 32]},
    }
    page.goto(f"{giving.url}/support/")
    amounts = page.locator("[data-presets]").get_by_role("radio")
    currency = page.get_by_label("Currency")

    currency.focus()
    currency.select_option("gbp")

    expect(amounts).to_have_count(3)
    expect(page.locator("[data-preset-label]")).to_have_text(["£3", "£6", "£12"])
    expect(page.get_by_role("radio", name="£6")).to_be_checked()  # $5 is not offered
    expect(currency).to_be_focused()  # the reader stays where they were

    currency.select_option("eur")

    expect(page.locator("[data-preset-label]")).to_have_text(["€2", "€4", "€8", "€16", "€32"])
    page.get_by_role("radio", name="€32").check()
    page.get_by_role("button", name="Give €32 a month").click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["currency"], session["amount_total"]) == ("eur", 3200)


def test_typing_an_amount_clears_the_chosen_preset(page, giving):
    page.goto(f"{giving.url}/support/?amount=5")
    expect(page.get_by_role("radio", name="$5")).to_be_checked()

    page.get_by_label("Other amount").fill("12")

    expect(page.get_by_role("radio", name="$5")).not_to_be_checked()


def test_the_support_form_works_without_javascript(new_context, giving):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{giving.url}/support/")
    page.get_by_role("radio", name="One-off").check()
    page.get_by_label("Other amount").fill("15")
    page.get_by_role("button", name="Continue to secure payment").click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    context.close()


def test_without_javascript_a_changed_currency_never_takes_the_old_currencys_amount(
    new_context, giving, fake_stripe, axe
):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{giving.url}/support/")
    page.get_by_role("radio", name="$5").check()
    page.get_by_label("Currency").select_option("gbp")
    page.get_by_role("button", name="Continue to secure payment").click()

    expect(page.locator("#amount-error")).to_contain_text("now shown in GBP")
    expect(page.locator("[data-preset-label]")).to_have_text(["£2", "£5", "£10", "£20"])
    assert not fake_stripe.objects("checkout.session")
    axe(page)
    page.get_by_role("radio", name="£10").check()
    page.get_by_role("button", name="Continue to secure payment").click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["currency"], session["amount_total"]) == ("gbp", 1000)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_leaving_stripe_without_paying_says_so_and_leads_back_to_the_story(
    new_context, giving, asks, axe, javascript
):
    story = ArticleFactory(headline="Harbour wall repairs begin")
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(giving.url + story.get_absolute_url())
    page.get_by_role("complementary", name=APPEAL_HEADLINE).get_by_role(
        "button", name="$10 a month"
    ).click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()

    page.get_by_role("link", name="Cancel").click()

    expect(page.locator("#checkout-cancelled")).to_contain_text("Nothing has been charged")
    expect(page.get_by_role("radio", name="$10")).to_be_checked()
    if javascript:
        axe(page)
    else:
        axe(page)
    page.get_by_role("link", name="back to “Harbour wall repairs begin”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour wall repairs begin")
    context.close()


def test_the_thank_you_page_leads_back_to_the_story(page, giving, asks):
    story = ArticleFactory(headline="Library opens on Sundays")
    page.goto(giving.url + story.get_absolute_url())
    page.get_by_role("complementary", name=APPEAL_HEADLINE).get_by_role(
        "button", name="$5 a month"
    ).click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    page.get_by_role("link", name="Back to “Library opens on Sundays”").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Library opens on Sundays")


def test_a_too_small_gift_is_explained_next_to_the_field(page, giving):
    page.goto(f"{giving.url}/support/")
    page.get_by_label("Other amount").fill("1")
    page.get_by_role("button", name="Give $1 a month").click()

    expect(page.locator("#amount-error")).to_have_text("The smallest monthly gift is $2.")
    expect(page.get_by_label("Other amount")).to_have_value("1")


@pytest.mark.parametrize(
    "path",
    ["/support/", "/support/?frequency=once&amount=25", "/support/manage/", "/support/thanks/"],
)
def test_giving_pages_have_no_accessibility_violations(page, giving, axe, path):
    page.goto(giving.url + path)

    axe(page)


def test_the_error_state_and_thank_you_have_no_accessibility_violations(page, giving, axe):
    page.goto(f"{giving.url}/support/")
    page.get_by_label("Other amount").fill("0.5")
    page.get_by_role("button", name="Give $0.50 a month").click()
    # The answer is a new page: check it, not the one the click leaves.
    expect(page.get_by_label("Other amount")).to_have_attribute("aria-invalid", "true")
    axe(page)

    page.get_by_label("Other amount").fill("20")
    page.get_by_role("button", name="Give $20 a month").click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    axe(page)


def test_asking_for_a_manage_link_has_no_accessibility_violations(page, giving, axe):
    page.goto(f"{giving.url}/support/manage/")
    page.get_by_label("Your email address").fill("someone@example.org")
    page.get_by_role("button", name="Email me a link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_in_the_demo_every_page_of_a_gift_says_no_money_moves(
    new_context, giving, settings, axe, javascript
):
    """`make run` without a Stripe account: the support page, the demo's Checkout, the
    thank-you page and the manage page all carry the mark, and pass axe."""
    settings.STRIPE_DEMO = True
    page = new_context(java_script_enabled=javascript).new_page()
    notice = "Demo payments: no money moves"

    page.goto(f"{giving.url}/support/")
    expect(page.get_by_text(notice)).to_be_visible()
    axe(page)
    page.get_by_role("radio", name="$5").check()
    page.get_by_role("button", name="Give $5 a month").click()

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    expect(page.get_by_text(notice)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text(notice)).to_be_visible()
    axe(page)
    page.locator("main").get_by_role("link", name="Manage your gift").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Manage your gift")
    expect(page.get_by_text(notice)).to_be_visible()
    axe(page)
    assert Donation.objects.get().amount == 500


def test_without_demo_payments_no_page_mentions_them(page, giving):
    page.goto(f"{giving.url}/support/")

    expect(page.get_by_role("button", name="Give $5 a month")).to_be_visible()
    expect(page.get_by_text("Demo payments")).to_have_count(0)
