"""A reader who dismissed the asks, or gave, never sees them again: not on the next page, not on
a page the browser already holds (its HTTP cache, its back/forward cache), with JavaScript on or
off. Each visit after the first is a real click (the site name, a story's link) or the back
button, in one browser context, so the browser's own copies are in play; the server's page cache
is on too.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import APPEAL_HEADLINE, ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADLINE = "Harbour wall repairs begin"
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@pytest.fixture
def site(live_server, fake_stripe, settings, asks):
    settings.SITE_URL = live_server.url
    settings.PAGE_CACHE_SECONDS = 60
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    ArticleFactory(headline=HEADLINE)
    ArticleFactory(headline="Library opens on Sundays")
    return live_server


@pytest.fixture(scope="module")
def bfcache_browser(browser_type, browser_type_launch_args):
    """Chromium with its back/forward cache on, as readers have it (Playwright turns it off)."""
    browser = browser_type.launch(
        **browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield browser
    browser.close()


@pytest.fixture
def reader(browser, third_party_requests, policy_violations):
    """`reader(javascript=...)`: a page in a fresh browser context, kept for the whole test.

    Its requests are observed, not routed: routing would turn the browser's HTTP cache off.
    Its security policy violations are recorded like every other browser test's.
    """
    contexts = []

    def open_page(*, javascript=True, on=browser):
        context = policy_violations.watch(
            third_party_requests.observe(on.new_context(java_script_enabled=javascript))
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert third_party_requests == []


def _banner(page):
    return page.get_by_role("complementary", name="Support The Riverside Ledger")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


def _to_the_story(page, site):
    """The front page (typed in), then the story by its link: both now in the browser's cache."""
    page.goto(site.url + "/")
    expect(_banner(page)).to_be_visible()
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(_appeal(page)).to_be_visible()
    expect(_banner(page)).to_be_visible()


def _back_through_the_site(page):
    """The site name in the header, then the story's link: pages the browser has seen."""
    page.get_by_role("link", name="The Riverside Ledger", exact=True).click()
    expect(page).to_have_title("The Riverside Ledger: independent news from Alder Bay")


def _back(page):
    # A page restored from the back/forward cache fires no "load": wait for the commit only,
    # and let each expectation wait for what the reader would see.
    page.go_back(wait_until="commit")


def _remind_me_later(page):
    page.get_by_role("button", name="Remind me later").click()
    expect(page.locator("[data-support-notice]")).to_contain_text("We’ll ask again on")


def _close_the_banner(page):
    _banner(page).get_by_role("button", name="Close the support banner").click()
    expect(_banner(page)).to_have_count(0)


def _no_asks(page):
    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_have_count(0)


@JS
def test_after_remind_me_later_the_front_page_and_the_story_have_no_asks(site, reader, javascript):
    page = reader(javascript=javascript)
    _to_the_story(page, site)

    _remind_me_later(page)
    _back_through_the_site(page)

    expect(_banner(page)).to_have_count(0)
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    _no_asks(page)


@JS
def test_a_closed_banner_stays_closed_on_the_front_page_and_the_story(site, reader, javascript):
    page = reader(javascript=javascript)
    _to_the_story(page, site)

    _close_the_banner(page)
    _back_through_the_site(page)

    expect(_banner(page)).to_have_count(0)
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_be_visible()  # closing the banner leaves the appeal


@JS
def test_a_donor_who_clicks_through_from_the_thank_you_page_sees_no_asks(site, reader, javascript):
    page = reader(javascript=javascript)
    _to_the_story(page, site)

    _appeal(page).get_by_role("button", name="$5 a month").click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    _back_through_the_site(page)

    expect(_banner(page)).to_have_count(0)
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    _no_asks(page)


@pytest.mark.parametrize("back_forward_cache", [True, False], ids=["bfcache", "http-cache"])
@pytest.mark.parametrize("act", [_remind_me_later, _close_the_banner], ids=["snooze", "close"])
def test_the_back_button_brings_no_banner_back(
    site, reader, bfcache_browser, browser, back_forward_cache, act
):
    page = reader(on=bfcache_browser if back_forward_cache else browser)
    page.goto(site.url + "/")
    page.evaluate("window.keptWhole = true")  # survives only a back/forward cache restore
    page.get_by_role("link", name=HEADLINE).first.click()

    act(page)
    _back(page)

    expect(page).to_have_title("The Riverside Ledger: independent news from Alder Bay")
    assert page.evaluate("window.keptWhole === true") is back_forward_cache
    expect(_banner(page)).to_have_count(0)


def test_the_back_button_after_remind_me_later_brings_no_appeal_back(site, reader, bfcache_browser):
    page = reader(on=bfcache_browser)
    _to_the_story(page, site)
    page.get_by_role("link", name="The Riverside Ledger", exact=True).click()
    page.get_by_role("link", name="Library opens on Sundays").first.click()

    _remind_me_later(page)
    _back(page)
    expect(page).to_have_title("The Riverside Ledger: independent news from Alder Bay")
    _back(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    _no_asks(page)


def test_a_donor_going_back_from_the_thank_you_page_finds_the_story_without_asks(
    site, reader, bfcache_browser, axe
):
    page = reader(on=bfcache_browser)
    _to_the_story(page, site)
    _appeal(page).get_by_role("button", name="$5 a month").click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    _back(page)
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    _back(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    _no_asks(page)
    axe(page)  # the page with its asks taken off


@pytest.mark.parametrize("act", [_remind_me_later, _close_the_banner], ids=["snooze", "close"])
def test_without_javascript_back_to_the_story_and_the_next_clicks_show_no_dismissed_ask(
    site, reader, bfcache_browser, act
):
    """Without JavaScript an action is a form post redirected back to the story, whose answer
    replaces the browser's copy of the story: one step back shows that. (Further back, a page
    the browser kept from before still shows its asks: only a script can change a kept page,
    as the README says.)"""
    page = reader(javascript=False, on=bfcache_browser)
    _to_the_story(page, site)

    act(page)
    _back(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(_banner(page)).to_have_count(0)
    page.get_by_role("link", name="The Riverside Ledger", exact=True).click()
    expect(_banner(page)).to_have_count(0)
    page.get_by_role("link", name=HEADLINE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(_banner(page)).to_have_count(0)
