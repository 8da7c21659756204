"""Pages cost a fixed number of queries, whatever the size of the archive.

The section navigation is cached (every page shows it), so each test warms the cache with one
request first and counts the queries of the next, as readers after the first would see it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """What rendering a page costs: with the page cache on, the second request costs none
    (tests/test_page_cache.py)."""
    settings.PAGE_CACHE_SECONDS = 0


# The issue allows home 5, article 4, listings 4; these are what the pages cost today (a story:
# itself with its section, bylines and tags in one query, and "Read more" unless it is kept; a
# listing: its subject and its page's ids in one query, and the cards unless they are kept).
BUDGETS = {"home": 2, "article": 2, "section": 2, "tag": 2, "author": 2}


def _newsroom(size):
    sections = [SectionFactory() for _ in range(4)]
    tags = [TagFactory() for _ in range(5)]
    authors = [AuthorFactory() for _ in range(3)]
    articles = [
        ArticleFactory(
            section=sections[i % 4],
            tags=tags[i % 5 : i % 5 + 2],
            authors=authors[: 1 + i % 2],
            with_photo=(i < 3),
        )
        for i in range(size)
    ]
    article = articles[0]
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "author": authors[0].get_absolute_url(),
    }


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page_name", BUDGETS)
def test_each_page_stays_within_its_query_budget(client, django_assert_max_num_queries, page_name):
    url = _newsroom(20)[page_name]
    client.get(url)

    with django_assert_max_num_queries(BUDGETS[page_name]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page_name", BUDGETS)
def test_query_counts_do_not_grow_with_the_archive(client, page_name):
    small = _queries(client, _newsroom(10)[page_name])
    large = _queries(client, _newsroom(100)[page_name])

    assert small == large <= BUDGETS[page_name]


# Discovery: search, feeds and sitemaps also cost a bounded number of queries. A search asks up
# to three relevance tiers (fewer when the best tier fills the page), then fetches the page and
# its bylines; a misspelt one adds the correction and the corrected search.
DISCOVERY_BUDGETS = {
    "search": 5,
    "search_misspelt": 9,
    "search_empty": 0,
    "rss": 3,
    "atom": 3,
    "section_rss": 4,
    "tag_atom": 4,
    "author_rss": 4,
    "sitemap_index": 1,
    "sitemap_articles": 2,
    "sitemap_sections": 2,
    "sitemap_authors": 2,
    "sitemap_tags": 2,
    "news_sitemap": 1,
    "robots": 0,
}


def _discovery_pages():
    section, tag, author = SectionFactory(), TagFactory(), AuthorFactory()
    ArticleFactory.create_batch(10, section=section, tags=[tag], authors=[author])
    urls = {
        "search": "/search/?q=council+plan",
        "search_misspelt": "/search/?q=councl",
        "search_empty": "/search/?q=",
        "rss": "/rss/",
        "atom": "/atom/",
        "section_rss": section.get_absolute_url() + "rss/",
        "tag_atom": tag.get_absolute_url() + "atom/",
        "author_rss": author.get_absolute_url() + "rss/",
        "sitemap_index": "/sitemap.xml",
        "sitemap_articles": "/sitemap-articles.xml",
        "sitemap_sections": "/sitemap-sections.xml",
        "sitemap_authors": "/sitemap-authors.xml",
        "sitemap_tags": "/sitemap-tags.xml",
        "news_sitemap": "/sitemap-news.xml",
        "robots": "/robots.txt",
    }
    return urls, {"section": section, "tags": [tag], "authors": [author]}


def test_discovery_pages_stay_within_their_budgets_whatever_the_archive(client):
    urls, listed_under = _discovery_pages()
    small = {name: _queries(client, url) for name, url in urls.items()}

    ArticleFactory.create_batch(60, with_photo=False, **listed_under)
    large = {name: _queries(client, url) for name, url in urls.items()}

    for name, budget in DISCOVERY_BUDGETS.items():
        assert large[name] <= small[name] <= budget, name


def test_a_search_whose_best_tier_fills_the_page_costs_three_queries(client):
    _newsroom(30)  # every headline says "Council reviews plan"

    assert _queries(client, "/search/?q=council") == 3


def test_photo_renditions_add_no_queries_to_pages(client):
    urls = _newsroom(20)
    for article in Article.objects.exclude(lead_image=""):
        sizes = [(320, 180), (640, 360)]
        items = [
            {"format": kind, "width": w, "height": h, "name": f"r/{w}.{kind}", "bytes": 1}
            for kind in ("avif", "webp", "jpeg")
            for w, h in sizes
        ]
        Article.objects.filter(pk=article.pk).update(
            lead_image_renditions={"source": article.lead_image.name, "items": items}
        )

    assert "<picture>" in client.get(urls["article"]).content.decode()
    for page_name in ("home", "article", "section", "tag", "author"):
        assert _queries(client, urls[page_name]) <= BUDGETS[page_name], page_name
