"""The impression budget in a real browser: counted in the reader's own local storage, across
pages reached by links, the back button and a second visit; compact banner after the first full
one; nothing sent anywhere and no cookie; without JavaScript, or without a usable storage, every
ask shows."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import APPEAL_HEADLINE, ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RECORD = "newsroom.asks"


@pytest.fixture
def site(live_server, settings, asks):
    settings.SITE_URL = live_server.url
    settings.DONATION_ASK_BUDGET = "3"
    settings.DONATION_ASK_BUDGET_DAYS = "7"
    settings.DONATION_FULL_BANNER_VIEWS = "1"
    first = ArticleFactory(headline="Harbour wall repairs begin")
    second = ArticleFactory(headline="Library opens on Sundays")
    return live_server, first, second


def _banner(page):
    return page.get_by_role("complementary", name="Support The Riverside Ledger")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


def _counted(page) -> int:
    """How many asks the reader's browser has counted."""
    record = page.evaluate(f"JSON.parse(localStorage.getItem('{RECORD}'))")
    return len(record["asks"]) if record else 0


def _asks_counted(page, count):
    """Wait until the reader's browser has counted `count` asks. (Polled from here: a polling
    page.wait_for_function evaluates a string, which the page's policy refuses.)"""
    for _ in range(50):
        if _counted(page) == count:
            return
        page.wait_for_timeout(100)
    assert _counted(page) == count


def test_the_asks_stop_once_the_budget_is_spent_across_links_the_back_button_and_visits(
    new_context, site
):
    server, first, second = site
    context = new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server.url + "/")
    expect(_banner(page)).to_be_visible()
    _asks_counted(page, 1)

    page.get_by_role("link", name=first.headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.headline)
    expect(_banner(page)).to_be_visible()
    _appeal(page).scroll_into_view_if_needed()
    expect(_appeal(page)).to_be_visible()
    _asks_counted(page, 3)

    page.get_by_role("link", name="The Riverside Ledger").first.click()
    expect(page.get_by_role("link", name=second.headline).first).to_be_visible()
    expect(_banner(page)).to_be_hidden()
    page.get_by_role("link", name=second.headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.headline)
    expect(_banner(page)).to_be_hidden()
    expect(_appeal(page)).to_be_hidden()

    page.go_back()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.headline)
    expect(_banner(page)).to_be_hidden()
    expect(_appeal(page)).to_be_hidden()

    later = context.new_page()  # a second visit, in another tab
    later.goto(server.url + first.get_absolute_url())
    expect(_banner(later)).to_be_hidden()
    expect(_appeal(later)).to_be_hidden()
    _asks_counted(later, 3)
    context.close()


def test_the_asks_come_back_once_the_window_has_passed(new_context, site, settings):
    server, first, _ = site
    settings.DONATION_ASK_BUDGET = "1"
    settings.DONATION_FULL_BANNER_VIEWS = "0"
    context = new_context(viewport=DESKTOP)
    page = context.new_page()
    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    page.clock.set_fixed_time(start)
    page.goto(server.url + "/")
    _asks_counted(page, 1)

    page.clock.set_fixed_time(start + timedelta(days=6, hours=23))
    page.goto(server.url + first.get_absolute_url())
    expect(_banner(page)).to_be_hidden()

    page.clock.set_fixed_time(start + timedelta(days=7, minutes=1))
    page.goto(server.url + first.get_absolute_url())
    expect(_banner(page)).to_be_visible()
    context.close()


def test_with_one_ask_left_a_story_shows_the_banner_and_not_the_appeal(new_context, site, settings):
    server, first, _ = site
    settings.DONATION_ASK_BUDGET = "2"
    context = new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server.url + "/")
    _asks_counted(page, 1)

    page.get_by_role("link", name=first.headline).first.click()

    expect(_banner(page)).to_be_visible()
    page.keyboard.press("End")
    expect(page.locator(".site-footer")).to_be_in_viewport()
    expect(_appeal(page)).to_be_hidden()
    _asks_counted(page, 2)
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_full_banner_shows_once_then_the_compact_one(new_context, site, axe, viewport):
    server, first, second = site
    context = new_context(viewport=viewport)
    page = context.new_page()
    page.goto(server.url + first.get_absolute_url())
    banner = _banner(page)
    body = banner.get_by_text("Every story here is free to read.")
    if viewport is DESKTOP:  # a phone shows the compact banner from the start
        expect(body).to_be_visible()
        expect(banner.get_by_text("covered this month")).to_be_visible()
    axe(page)
    _asks_counted(page, 1)

    page.goto(server.url + second.get_absolute_url())

    expect(banner.get_by_text("Local news, paid for by the people who read it")).to_be_visible()
    expect(banner.get_by_role("link", name="Support us")).to_be_visible()
    expect(body).to_be_hidden()
    expect(banner.get_by_text("covered this month")).to_be_hidden()
    assert banner.bounding_box()["height"] < 80  # one line and a button
    axe(page)
    page.keyboard.press("End")
    expect(_appeal(page)).to_be_visible()
    axe(page)
    context.close()


def test_a_spent_budget_leaves_pages_that_pass_axe(new_context, site, axe, settings):
    server, first, _ = site
    settings.DONATION_ASK_BUDGET = "1"
    context = new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server.url + "/")
    _asks_counted(page, 1)
    page.goto(server.url + first.get_absolute_url())
    expect(_banner(page)).to_be_hidden()
    axe(page)
    context.close()


def test_without_javascript_every_ask_shows_on_every_page(new_context, site, axe, settings):
    server, first, second = site
    settings.DONATION_ASK_BUDGET = "1"
    context = new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for path in ("/", first.get_absolute_url(), second.get_absolute_url(), "/"):
        page.goto(server.url + path)
        expect(_banner(page)).to_be_visible()
    page.goto(server.url + first.get_absolute_url())
    expect(_appeal(page)).to_be_attached()
    page.keyboard.press("End")
    expect(_appeal(page)).to_be_visible()
    axe(page)
    context.close()


def test_counting_sets_no_cookie_and_asks_nothing_of_anyone_else(
    new_context, site, third_party_requests
):
    server, first, second = site
    context = new_context(viewport=DESKTOP)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(server.url + "/")
    page.get_by_role("link", name=first.headline).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.headline)
    page.keyboard.press("End")
    _asks_counted(page, 3)
    page.get_by_role("link", name="The Riverside Ledger").first.click()
    page.get_by_role("link", name=second.headline).first.click()
    expect(_banner(page)).to_be_hidden()

    assert context.cookies() == []
    assert third_party_requests == []
    assert requested and all(url.startswith(server.url + "/") for url in requested)
    # What the browser keeps is the times of the asks it showed, and nothing else.
    record = page.evaluate(f"JSON.parse(localStorage.getItem('{RECORD}'))")
    assert set(record) == {"asks", "full"}
    assert all(isinstance(moment, int) for moment in record["asks"] + record["full"])
    context.close()


# Init scripts that take local storage away, as some browsers' privacy settings do, or fill it.
NO_STORAGE = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""
FULL_STORAGE = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
UNREADABLE_RECORD = f"""
localStorage.setItem("{RECORD}", "{{not json");
"""


@pytest.mark.parametrize(
    "script",
    [NO_STORAGE, FULL_STORAGE, UNREADABLE_RECORD],
    ids=["no-storage", "full-storage", "unreadable-record"],
)
def test_without_a_usable_storage_the_asks_show_as_without_javascript(
    new_context, site, settings, script
):
    server, first, second = site
    settings.DONATION_ASK_BUDGET = "1"
    context = new_context(viewport=DESKTOP)
    context.add_init_script(script)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in ("/", first.get_absolute_url(), second.get_absolute_url()):
        page.goto(server.url + path)
        expect(_banner(page)).to_be_visible()
        page.wait_for_timeout(200)  # time for the banner to be counted, were it counted
    assert errors == []
    context.close()


# Samples, before every frame is painted, whether a banner is there and displayed.
PAINT_WATCH = """
window.__bannerPainted = false;
const sample = () => {
  const banner = document.querySelector("[data-support-banner]");
  if (banner && getComputedStyle(banner).display !== "none") window.__bannerPainted = true;
  if (document.readyState !== "complete") requestAnimationFrame(sample);
};
requestAnimationFrame(sample);
"""


def test_an_ask_left_out_by_the_budget_is_never_painted(new_context, site, settings):
    server, first, _ = site
    settings.DONATION_ASK_BUDGET = "1"
    context = new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server.url + "/")
    _asks_counted(page, 1)
    context.add_init_script(PAINT_WATCH)

    page.goto(server.url + first.get_absolute_url())
    page.wait_for_load_state("load")

    expect(_banner(page)).to_be_hidden()
    assert page.evaluate("window.__bannerPainted") is False
    context.close()
