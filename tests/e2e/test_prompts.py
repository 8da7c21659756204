"""The asks in a real browser, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from tests.factories import APPEAL_HEADLINE, ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, fake_stripe, settings, asks):
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    first = ArticleFactory(headline="Harbour wall repairs begin")
    second = ArticleFactory(headline="Library opens on Sundays")
    return live_server, first, second


def _banner(page):
    return page.get_by_role("complementary", name="Support The Riverside Ledger")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_remind_me_later_hides_both_asks_across_pages_and_undo_brings_them_back(
    new_context, site, javascript
):
    server, first, second = site
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(server.url + first.get_absolute_url())
    expect(_banner(page)).to_be_visible()
    expect(_appeal(page)).to_be_visible()

    page.get_by_role("button", name="Remind me later").click()

    # The visible notice (the live region repeats it for screen readers, hidden).
    expect(page.locator("[data-support-notice]")).to_contain_text("We’ll ask again on")
    expect(page.locator("[data-support-notice]")).to_be_visible()
    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_have_count(0)
    page.goto(server.url + second.get_absolute_url())
    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_have_count(0)
    page.reload()
    expect(_appeal(page)).to_have_count(0)
    context.close()


def test_remind_me_later_without_javascript_comes_back_to_where_the_appeal_was(
    new_context, site, axe
):
    server, first, _ = site
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + first.get_absolute_url())

    page.get_by_role("button", name="Remind me later").click()

    assert page.url == f"{server.url}{first.get_absolute_url()}#support-appeal"
    notice = page.locator("#support-appeal [data-support-notice]")
    expect(notice).to_contain_text("We’ll ask again on")
    expect(notice).to_be_in_viewport()
    axe(page)
    context.close()


def test_with_javascript_the_snoozed_notice_shows_in_place_once(page, site):
    server, first, second = site
    page.goto(server.url + first.get_absolute_url())

    page.get_by_role("button", name="Remind me later").click()
    expect(page.locator("[data-support-notice]")).to_contain_text("We’ll ask again on")
    page.goto(server.url + second.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text("Library opens on Sundays")
    expect(page.locator("[data-support-notice]")).to_have_count(0)
    page.goto(server.url + first.get_absolute_url())
    expect(page.locator("[data-support-notice]")).to_have_count(0)


def test_undo_in_place_restores_the_asks_and_announces_it(page, site):
    server, first, _ = site
    page.goto(server.url + first.get_absolute_url())

    page.get_by_role("button", name="Remind me later").click()
    notice = page.locator("[data-support-notice]")
    expect(notice).to_be_focused()
    expect(page.locator("[data-support-live]")).to_contain_text("We’ll ask again on")
    notice.get_by_role("button", name="Undo").click()

    expect(_banner(page)).to_be_visible()
    expect(_appeal(page)).to_be_visible()
    expect(page.locator("[data-support-live]")).to_contain_text("Reminder cancelled")
    page.reload()
    expect(_appeal(page)).to_be_visible()


def test_undo_without_javascript(new_context, site):
    server, first, _ = site
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + first.get_absolute_url())
    page.get_by_role("button", name="Remind me later").click()

    page.get_by_role("button", name="Undo").click()

    expect(_banner(page)).to_be_visible()
    expect(_appeal(page)).to_be_visible()
    context.close()


def test_escape_closes_the_banner_and_it_stays_closed(page, site):
    server, first, second = site
    page.goto(server.url + first.get_absolute_url())
    _banner(page).get_by_role("link", name="Support us").focus()

    page.keyboard.press("Escape")

    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_be_visible()
    page.goto(server.url + second.get_absolute_url())
    expect(_banner(page)).to_have_count(0)


def test_a_keyboard_reader_reaches_and_uses_the_appeal(page, site):
    server, first, _ = site
    page.goto(server.url + first.get_absolute_url())

    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "$5 a month Recommended":
            break
    else:
        pytest.fail("The appeal's $5 button was not reachable by keyboard")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()


def test_a_monthly_gift_from_the_appeal_ends_on_thanks_and_the_asks_are_gone(page, site):
    server, first, second = site
    page.goto(server.url + first.get_absolute_url())

    _appeal(page).get_by_role("button", name="$5 a month").click()
    page.get_by_role("button", name="Pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.locator("main")).to_contain_text("Your gift of $5 a month")
    page.goto(server.url + second.get_absolute_url())
    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_have_count(0)


def test_every_prompt_state_has_no_accessibility_violations(page, site, axe):
    server, first, _ = site
    url = server.url + first.get_absolute_url()
    page.goto(url)
    axe(page)  # banner and appeal

    page.get_by_role("button", name="Remind me later").click()
    expect(page.locator("[data-support-notice]")).to_be_visible()
    axe(page)  # snoozed, with the notice

    page.get_by_role("button", name="Undo").click()
    _banner(page).get_by_role("button", name="Close the support banner").click()
    expect(_banner(page)).to_have_count(0)
    page.goto(url)
    axe(page)  # appeal only

    page.get_by_role("button", name="I already support you").click()
    # Wait for the answer (its cookie) before leaving: a navigation would cancel the request.
    expect(page.locator("[data-support-live]")).to_contain_text("Thank you for supporting us")
    page.goto(url)
    expect(_appeal(page)).to_have_count(0)
    axe(page)  # no asks
