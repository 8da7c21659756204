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
    box = banner.bounding_box()
    assert headline["y"] + headline["height"] < PHONE["height"]
    assert line["height"] < 30  # one line
    # The header and the banner together: 49% of the first screen with the full banner.
    assert box["y"] + box["height"] < 0.4 * PHONE["height"]
    axe(page)
    page.context.close()


def _rows(buttons) -> list[int]:
    """How many of the buttons sit on each row, top to bottom."""
    rows: dict[int, int] = {}
    for index in range(buttons.count()):
        top = round(buttons.nth(index).bounding_box()["y"])
        rows[top] = rows.get(top, 0) + 1
    return [rows[top] for top in sorted(rows)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize(
    "amounts", [[3, 6, 12], [3, 6, 12, 25], [3, 6, 12, 25, 50]], ids=["3", "4", "5"]
)
def test_the_appeals_amounts_leave_no_button_alone_on_a_row_and_mark_the_recommended_one(
    new_context, live_server, story, asks, axe, viewport, amounts
):
    asks["article_end"].presets = {"usd": {"monthly": amounts}}
    asks["article_end"].save()
    page = _open(new_context, live_server, story.get_absolute_url(), viewport=viewport)
    group = page.get_by_role("group", name="Give monthly from $3:")
    group.scroll_into_view_if_needed()
    buttons = group.get_by_role("button")
    expect(buttons).to_have_count(len(amounts))

    rows = _rows(buttons)

    assert sum(rows) == len(amounts)
    assert all(count >= 2 for count in rows), rows
    recommended = group.get_by_role("button", name="Recommended")
    expect(recommended).to_have_count(1)
    expect(recommended).to_have_accessible_name("$6 a month Recommended")
    expect(recommended).to_contain_text("Recommended")  # seen, not only heard
    colours = [
        buttons.nth(i).evaluate("button => getComputedStyle(button).backgroundColor")
        for i in range(len(amounts))
    ]
    assert colours.count(colours[1]) == 1  # and set apart from the others
    if len(amounts) == 5:
        axe(page)
    page.context.close()


@pytest.fixture
def giving(live_server, settings, fake_stripe):
    settings.SITE_URL = live_server.url
    return live_server


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_support_page_shows_the_ways_to_pay_and_its_button_states_the_gift(
    new_context, giving, axe, viewport
):
    page = _open(new_context, giving, "/support/", viewport=viewport)

    marks = page.get_by_role("list", name="Ways to pay")
    expect(marks.get_by_role("img")).to_have_count(5)
    expect(marks.get_by_role("img", name="Apple Pay")).to_be_visible()
    expect(page.get_by_role("radio", name="$5 Recommended")).to_be_checked()
    expect(page.get_by_role("button", name="Give $5 a month")).to_be_visible()
    axe(page)

    page.get_by_role("radio", name="$10").check()
    expect(page.get_by_role("button", name="Give $10 a month")).to_be_visible()
    page.get_by_role("radio", name="One-off").check()  # $10 is offered once too: it stays
    expect(page.get_by_role("radio", name="$25 Recommended")).to_be_visible()
    expect(page.get_by_role("button", name="Give $10", exact=True)).to_be_visible()
    page.get_by_role("radio", name="$25 Recommended").check()
    expect(page.get_by_role("button", name="Give $25", exact=True)).to_be_visible()
    page.get_by_label("Other amount").fill("7.50")
    expect(page.get_by_role("button", name="Give $7.50", exact=True)).to_be_visible()
    page.get_by_label("Other amount").fill("")
    expect(page.get_by_role("button", name="Continue to secure payment")).to_be_visible()
    page.context.close()


def test_without_javascript_the_button_states_the_first_choice_and_never_another(
    new_context, giving, axe
):
    page = _open(
        new_context, giving, "/support/?frequency=annual", viewport=PHONE, javascript=False
    )
    expect(page.get_by_role("button", name="Give $50 a year")).to_be_visible()
    expect(page.get_by_role("list", name="Ways to pay")).to_be_visible()
    axe(page)

    page.get_by_role("radio", name="$100").check()

    expect(page.get_by_role("button", name="Continue to secure payment")).to_be_visible()
    expect(page.get_by_role("button", name="Give $50 a year")).to_have_count(0)
    page.get_by_role("radio", name="$50 Recommended").check()
    expect(page.get_by_role("button", name="Give $50 a year")).to_be_visible()
    page.get_by_label("Other amount").fill("60")
    expect(page.get_by_role("button", name="Continue to secure payment")).to_be_visible()
    page.context.close()
