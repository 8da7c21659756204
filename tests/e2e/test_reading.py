"""What a reader sees and does in a real browser: reading, keyboard use, accessibility, privacy."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Section
from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    TOTPDeviceFactory,
    staff_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@dataclass
class Newsroom:
    sections: list[Section]
    lead: Article
    related: list[Article]
    unrelated: Article


@pytest.fixture
def newsroom():
    """A small front page: a photo-led top story with tags and a correction, stories that share
    its tags or section (its "Read more"), and a story in an unrelated section."""
    news = SectionFactory(name="News", slug="news", order=0)
    environment = SectionFactory(name="Environment", slug="environment", order=1)
    sport = SectionFactory(name="Sport", slug="sport", order=2)
    ada, tom, mira = (
        AuthorFactory(name="Ada Reyes"),
        AuthorFactory(name="Tom Okafor"),
        AuthorFactory(name="Mira Osei"),
    )
    flooding, transport = TagFactory(name="Flooding"), TagFactory(name="Transport")

    def hours_ago(hours):
        return timezone.now() - timedelta(hours=hours)

    lead = ArticleFactory(
        section=environment,
        headline="River defences hold",
        standfirst="The new barrier passed its first real test overnight.",
        body="<h2>What happened</h2><p>Water rose two metres against the Mill Quay barrier.</p>",
        authors=[ada, tom],
        tags=[flooding, transport],
        with_photo=True,
        correction="An earlier version misstated the height of the barrier.",
        published_at=hours_ago(0.1),
    )
    related = [
        ArticleFactory(
            section=environment,
            headline="Barrier costs questioned",
            tags=[flooding],
            authors=[ada],
            with_photo=True,
            published_at=hours_ago(1),
        ),
        ArticleFactory(
            section=news,
            headline="Ferry timetable changes",
            tags=[transport],
            authors=[mira],
            published_at=hours_ago(2),
        ),
        ArticleFactory(
            section=environment,
            headline="Wetland reserve doubles",
            authors=[tom],
            published_at=hours_ago(3),
        ),
    ]
    unrelated = ArticleFactory(
        section=sport, headline="Harbour FC win the cup", authors=[mira], published_at=hours_ago(4)
    )
    return Newsroom([news, environment, sport], lead, related, unrelated)


def test_reader_follows_the_top_story_from_the_home_page_to_the_article(
    live_server, page, newsroom
):
    lead = newsroom.lead
    page.goto(live_server.url)

    top_story = page.get_by_role("region", name="Top story")
    expect(top_story.get_by_role("heading", name="River defences hold")).to_be_visible()
    top_story.get_by_role("link", name="River defences hold").click()

    expect(page).to_have_url(live_server.url + lead.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("River defences hold")
    photo = page.locator("figure").get_by_role(
        "img", name="Commuters wait on a ferry pier under grey skies."
    )
    expect(photo).to_be_visible()
    expect(page.locator("figure figcaption")).to_have_text(
        "The morning ferry at Mill Quay. Ines Marlow / The Riverside Ledger"
    )
    expect(page.get_by_text("Water rose two metres against the Mill Quay barrier.")).to_be_visible()
    read_more = page.get_by_role("region", name="Read more")
    expect(read_more.get_by_role("link")).to_have_text(
        ["Barrier costs questioned", "Ferry timetable changes", "Wetland reserve doubles"]
    )
    hrefs = read_more.get_by_role("link").evaluate_all("links => links.map(a => a.pathname)")
    assert lead.get_absolute_url() not in hrefs


def _focused(page):
    """What has keyboard focus: its tag, text, class and the navigation landmark it is in."""
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            return {
                tag: element.tagName.toLowerCase(),
                text: element.textContent.trim(),
                className: element.className,
                nav: element.closest("nav")?.getAttribute("aria-label") ?? null,
            };
        }"""
    )


def test_skip_link_is_the_first_tab_stop_and_jumps_past_the_header(live_server, page, newsroom):
    page.goto(live_server.url)
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    assert _focused(page)["text"] == "Skip to content"
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    assert _focused(page)["tag"] == "main"
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "River defences hold", "the next stop is in the content"


def test_keyboard_reader_tabs_through_the_header_to_a_story_and_opens_it(
    live_server, page, newsroom
):
    page.goto(live_server.url)
    stops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        stops.append(_focused(page))

    assert [(stop["text"], stop["nav"]) for stop in stops] == [
        ("Skip to content", None),
        ("The Riverside Ledger", None),
        ("", None),  # the header's search field
        ("Search", None),
        ("News", "Sections"),
        ("Environment", "Sections"),
        ("Sport", "Sections"),
        ("River defences hold", None),
    ]
    assert stops[1]["className"] == "site-name"
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + newsroom.lead.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("River defences hold")


def test_lead_image_reserves_its_space_and_loads(live_server, page, newsroom):
    page.goto(live_server.url + newsroom.lead.get_absolute_url())

    image = page.locator("figure img")
    expect(image).to_have_attribute("width", "1200")
    expect(image).to_have_attribute("height", "675")
    image.evaluate("image => image.decode()")  # Fails if the image did not load.
    assert image.evaluate("image => [image.naturalWidth, image.naturalHeight]") == [1200, 675]


@pytest.mark.parametrize(
    "address", ["home", "article", "section", "topic", "author", "missing page"]
)
def test_axe_finds_no_accessibility_violations(live_server, page, newsroom, axe, address):
    path = {
        "home": "/",
        "article": newsroom.lead.get_absolute_url(),
        "section": newsroom.sections[1].get_absolute_url(),
        "topic": newsroom.lead.tags.first().get_absolute_url(),
        "author": newsroom.lead.authors.first().get_absolute_url(),
        "missing page": "/2020/01/01/no-such-story/",
    }[address]
    page.goto(live_server.url + path)
    if address == "article":  # The page under test has everything an article can show.
        expect(page.locator("figure figcaption")).to_be_visible()
        expect(page.get_by_role("heading", name="Correction")).to_be_visible()
        expect(page.get_by_role("navigation", name="Topics").get_by_role("link")).to_have_count(2)
        expect(page.get_by_role("region", name="Read more")).to_be_visible()

    axe(page)


def test_reader_without_javascript_can_open_home_and_follow_a_story(
    live_server, new_context, newsroom
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url)

    page.get_by_role("link", name="Harbour FC win the cup").click()

    expect(page).to_have_url(live_server.url + newsroom.unrelated.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour FC win the cup")


def test_home_and_article_pages_make_no_third_party_requests(
    live_server, page, newsroom, third_party_requests
):
    origins = set()
    page.on("request", lambda request: origins.add(_origin(request.url)))

    page.goto(live_server.url)
    page.goto(live_server.url + newsroom.lead.get_absolute_url())

    assert third_party_requests == []
    assert origins == {live_server.url}, "every request, page and assets, went to the live server"


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _sign_in(page, base_url, user):
    device = TOTPDeviceFactory(user=user)  # superusers give a code after the password
    staff_sign_in(page, base_url, user.username, "/admin/", device)
    expect(page).to_have_url(f"{base_url}/admin/")


def test_staff_preview_a_scheduled_article_under_a_preview_ribbon(live_server, page):
    scheduled = ArticleFactory(headline="Embargoed report", scheduled=True)
    _sign_in(page, live_server.url, staff_user())

    page.goto(live_server.url + scheduled.get_absolute_url())

    ribbon = page.get_by_role("status")
    expect(ribbon).to_contain_text("Preview")
    expect(ribbon).to_contain_text("readers cannot see this yet")
    expect(page.get_by_role("heading", level=1)).to_have_text("Embargoed report")


def test_reader_gets_not_found_for_a_scheduled_article(live_server, page):
    scheduled = ArticleFactory(headline="Embargoed report", scheduled=True)

    response = page.goto(live_server.url + scheduled.get_absolute_url())

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn’t find that page")
    expect(page.get_by_text("Embargoed report")).to_have_count(0)
    expect(page.get_by_text("Preview")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_page_not_found_asks_for_nothing_and_offers_search_and_the_latest_stories(
    new_context, live_server, asks, axe, javascript
):
    ArticleFactory(headline="Library opens on Sundays")
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()

    response = page.goto(f"{live_server.url}/2026/05/02/no-such-story/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn’t find that page")
    expect(page.locator("[data-support-banner]")).to_have_count(0)
    if javascript:
        axe(page)
    else:
        axe(page)
    search = page.get_by_role("search", name="Search stories, authors and topics")
    search.get_by_role("searchbox").fill("library")
    search.get_by_role("button", name="Search").click()
    expect(page.locator(".search-results")).to_contain_text("Library opens on Sundays")
    page.go_back()
    page.get_by_role("link", name="Library opens on Sundays").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Library opens on Sundays")
    context.close()
