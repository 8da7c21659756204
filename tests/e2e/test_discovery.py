"""Finding stories in a real browser: the header search, results, and responsive photos."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.services import article_renditions_make
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    environment = SectionFactory(name="Environment", slug="environment", order=0)
    news = SectionFactory(name="News", slug="news", order=1)
    rosa = AuthorFactory(name="Rosa Lindqvist")
    flooding = TagFactory(name="Flooding")
    now = timezone.now()
    lead = ArticleFactory(
        section=environment,
        headline="River defences hold",
        standfirst="The new flood barrier passed its first real test overnight.",
        body="<p>Water rose two metres against the barrier at Mill Quay.</p>",
        authors=[rosa],
        tags=[flooding],
        with_photo=True,
        published_at=now - timedelta(hours=1),
    )
    ArticleFactory(
        section=news,
        headline="Barrier costs questioned",
        standfirst="Councillors ask who pays.",
        published_at=now - timedelta(days=2),
    )
    ArticleFactory(
        section=news,
        headline="Ferry timetable changes",
        body="<p>The new flood barrier means a longer crossing.</p>",
        published_at=now - timedelta(hours=3),
    )
    return lead


def test_reader_searches_from_the_header_and_opens_a_result(live_server, page, archive):
    page.goto(live_server.url)

    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_role("searchbox", name="Search stories").fill("barrier")
    header_search.get_by_role("searchbox", name="Search stories").press("Enter")

    expect(page).to_have_url(f"{live_server.url}/search/?q=barrier")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    results = page.locator(".search-result__headline")
    expect(results).to_have_text(
        ["Barrier costs questioned", "River defences hold", "Ferry timetable changes"]
    )
    expect(page.locator(".search-result__headline mark").first).to_have_text("Barrier")
    results.get_by_role("link", name="River defences hold").click()

    expect(page).to_have_url(live_server.url + archive.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("River defences hold")


def test_a_misspelt_search_shows_what_was_searched_instead(live_server, page, archive):
    page.goto(f"{live_server.url}/search/?q=barier")

    expect(page.get_by_text("Showing results for “barrier”.")).to_be_visible()
    expect(page.locator(".search-result")).to_have_count(3)


def test_search_works_without_javascript(live_server, new_context, archive):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url)

    page.get_by_role("searchbox", name="Search stories").fill('"flood barrier"')
    page.get_by_role("button", name="Search").click()

    expect(page.locator(".search-result__headline")).to_have_text(
        ["River defences hold", "Ferry timetable changes"]
    )


@pytest.mark.parametrize(
    "query", ["barrier", "barier", "", "xylophone"], ids=["results", "corrected", "empty", "none"]
)
def test_axe_finds_no_accessibility_violations_on_search_pages(
    live_server, page, archive, axe, query, third_party_requests
):
    page.goto(f"{live_server.url}/search/?q={query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")

    axe(page)
    assert third_party_requests == []


def test_the_lead_photo_arrives_as_a_modern_format_at_a_fitting_width(
    live_server, page, archive, axe
):
    article_renditions_make(article=archive)
    page.set_viewport_size({"width": 800, "height": 900})
    loaded = []
    page.on("response", lambda response: loaded.append(urlsplit(response.url).path))

    page.goto(live_server.url + archive.get_absolute_url())

    photo = page.locator("figure img")
    photo.evaluate("image => image.decode()")  # fails unless it loaded
    source = photo.evaluate("image => image.currentSrc")
    assert source.endswith(".avif") or source.endswith(".webp"), source
    assert "/1200w." not in source, "an 800 px window is not sent the largest photo"
    expect(photo).to_have_attribute("fetchpriority", "high")
    bounds = photo.bounding_box()
    assert abs(bounds["width"] / bounds["height"] - 1200 / 675) < 0.01
    assert not [path for path in loaded if path.endswith(".jpg") and "/renditions/" in path]
    axe(page)
