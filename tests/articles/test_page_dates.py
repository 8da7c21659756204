"""Times on reader pages are valid HTML datetime values (issue #14): to the second, with the
site's offset, never the database's six digits of a second, which HTML does not allow (three
at most). OpenGraph and JSON-LD give the same value."""

import json
import re
from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

# A global date and time string, as HTML defines it: at most three digits of a second.
HTML_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})")
# A summer moment, so that London's offset is +01:00, with the microseconds a database keeps.
PUBLISHED = datetime(2026, 7, 14, 8, 5, 9, 123456, tzinfo=UTC)
UPDATED = datetime(2026, 7, 15, 17, 45, 30, 654321, tzinfo=UTC)
CORRECTED = datetime(2026, 7, 16, 9, 0, 1, 999999, tzinfo=UTC)
EXPECTED = {
    "UTC": {
        PUBLISHED: "2026-07-14T08:05:09+00:00",
        UPDATED: "2026-07-15T17:45:30+00:00",
        CORRECTED: "2026-07-16T09:00:01+00:00",
    },
    "Europe/London": {
        PUBLISHED: "2026-07-14T09:05:09+01:00",
        UPDATED: "2026-07-15T18:45:30+01:00",
        CORRECTED: "2026-07-16T10:00:01+01:00",
    },
}


@pytest.fixture
def story(site_time_zone):
    article = ArticleFactory(
        headline="Ferry timetable changes",
        section=SectionFactory(),
        tags=[TagFactory()],
        authors=[AuthorFactory()],
        published_at=PUBLISHED,
        correction="An earlier version gave the wrong sailing time.",
    )
    Article.objects.filter(pk=article.pk).update(updated_at=UPDATED, corrected_at=CORRECTED)
    article.refresh_from_db()
    return article


def _datetimes(html: str) -> list[str]:
    return re.findall(r'datetime="([^"]*)"', html)


def _reader_pages(article) -> dict[str, str]:
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.get().get_absolute_url(),
        "author": article.byline_authors[0].get_absolute_url(),
        "search": "/search/?q=ferry",
    }


@pytest.mark.parametrize("page", ["home", "article", "section", "tag", "author", "search"])
def test_every_reader_page_gives_times_to_the_second_with_the_sites_offset(
    client, story, site_time_zone, page
):
    html = client.get(_reader_pages(story)[page]).content.decode()

    values = _datetimes(html)
    assert values, "the page shows the story's date"
    assert all(HTML_DATETIME.fullmatch(value) for value in values), values
    assert EXPECTED[site_time_zone.key][PUBLISHED] in values


def test_an_article_page_gives_its_update_and_correction_times_to_the_second(
    client, story, site_time_zone
):
    html = client.get(story.get_absolute_url()).content.decode()

    expected = EXPECTED[site_time_zone.key]
    assert _datetimes(html) == [expected[PUBLISHED], expected[UPDATED], expected[CORRECTED]]


def test_opengraph_and_json_ld_give_the_same_times_as_the_page(client, story, site_time_zone):
    html = client.get(story.get_absolute_url()).content.decode()

    expected = EXPECTED[site_time_zone.key]
    published = f'<meta property="article:published_time" content="{expected[PUBLISHED]}">'
    modified = f'<meta property="article:modified_time" content="{expected[CORRECTED]}">'
    assert published in html
    assert modified in html
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script)
    assert (data["datePublished"], data["dateModified"]) == (
        expected[PUBLISHED],
        expected[CORRECTED],
    )


def test_readers_see_the_date_in_the_sites_time_zone(client, story, site_time_zone):
    html = client.get(story.get_absolute_url()).content.decode()

    shown = {"UTC": "14 July 2026, 08:05", "Europe/London": "14 July 2026, 09:05"}
    assert f">{shown[site_time_zone.key]}</time>" in html
    assert ">14 July 2026</time>" in client.get("/").content.decode()
