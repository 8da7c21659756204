"""Asks that fit a phone: the compact banner leaves the story's headline on the first screen,
the appeal's amounts make a grid with no button alone on a row and one marked as recommended,
and the support page shows the ways to pay and a button that states the gift."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HEADLINE = "Harbour wall repairs begin after winter storms damage the old quay"


@pytest.fixture
def story(live_server, settings, asks):
    settings.SITE_URL = live_server.url
    for name in ("News", "Politics", "Business", "Culture", "Sport", "Opinion"):
        SectionFactory(name=name)
    return ArticleFactory(headline=HEADLINE)


def _open(new_context, live_server, path, *, viewport, javascript=True):
    context = new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + path)
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_headline_is_on_the_first_screen_below_a_one_line_banner(
    new_context, live_server, story, axe, javascript
):
    page = _open(
        new_context, live_server, story.get_absolute_url(), viewport=PHONE, javascript=javascript
    )
    page.screenshot(path=f"/tmp/phone/article-{javascript}.png")
    banner = page.get_by_role("complementary", name="Support The Riverside Ledger")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name="Support us")).to_be_visible()

    headline = page.get_by_role("heading", level=1, name=HEADLINE).bounding_box()
    line = banner.locator(".support-banner__headline").bounding_box()
    assert headline["y"] + headline["height"] < PHONE["height"]
    assert line["height"] < 30  # one line
    axe(page)
    page.context.close()
