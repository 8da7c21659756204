"""What search engines are given: robots.txt, the sitemap index, its sitemaps, Google News."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import sitemaps
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root, tag="sm:url"):
    return [node.find("sm:loc", NS).text for node in root.findall(tag, NS)]


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "User-agent: *" in text
    for private in ("/admin/", "/preview/", "/search/", "/support/"):
        assert f"Disallow: {private}\n" in text
    assert "Allow: /support/$" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert f"Sitemap: {SITE}/sitemap-news.xml" in text


def test_the_sitemap_index_lists_every_sitemap_with_lastmod(client):
    article = ArticleFactory()

    root = xml(client, "/sitemap.xml")

    assert locations(root, "sm:sitemap") == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-sections.xml",
        f"{SITE}/sitemap-authors.xml",
        f"{SITE}/sitemap-tags.xml",
        f"{SITE}/sitemap-pages.xml",
        f"{SITE}/sitemap-news.xml",
    ]
    lastmod = root.find("sm:sitemap/sm:lastmod", NS).text
    assert datetime.fromisoformat(lastmod) == max(article.updated_at, article.published_at).replace(
        microsecond=0
    )
    pages = root.find(f"sm:sitemap[sm:loc='{SITE}/sitemap-pages.xml']", NS)
    assert pages.find("sm:lastmod", NS) is None  # publishing changes nothing in it


def test_a_large_archive_has_its_articles_sitemap_in_pages(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    monkeypatch.setattr(sitemaps, "ARTICLES_PER_SITEMAP", 2)
    monkeypatch.setattr("articles.views.ARTICLES_PER_SITEMAP", 2)
    now = timezone.now()
    articles = [ArticleFactory(published_at=now - timedelta(days=day)) for day in range(5, 0, -1)]

    index = locations(xml(client, "/sitemap.xml"), "sm:sitemap")
    pages = [locations(xml(client, f"/sitemap-articles.xml?p={p}")) for p in (1, 2, 3)]

    assert index[:3] == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
        f"{SITE}/sitemap-articles.xml?p=3",
    ]
    assert pages == [
        [f"{SITE}{a.get_absolute_url()}" for a in articles[0:2]],
        [f"{SITE}{a.get_absolute_url()}" for a in articles[2:4]],
        [f"{SITE}{a.get_absolute_url()}" for a in articles[4:5]],
    ], "oldest first, so publishing only ever changes the last page"
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_the_articles_sitemap_lists_exactly_the_published_articles(client):
    published = ArticleFactory()
    edited = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)

    root = xml(client, "/sitemap-articles.xml")

    assert sorted(locations(root)) == sorted(
        f"{SITE}{a.get_absolute_url()}" for a in (published, edited)
    )
    lastmods = [datetime.fromisoformat(n.text) for n in root.findall("sm:url/sm:lastmod", NS)]
    assert lastmods == [
        max(a.updated_at, a.published_at).replace(microsecond=0) for a in (edited, published)
    ]


def test_sections_authors_and_tags_are_listed_once_they_have_a_published_article(client):
    news, empty_section = SectionFactory(slug="news"), SectionFactory(slug="empty")
    writer, idle_writer = AuthorFactory(slug="writer"), AuthorFactory(slug="idle")
    tag, draft_only_tag = TagFactory(slug="housing"), TagFactory(slug="secret")
    ArticleFactory(section=news, authors=[writer], tags=[tag])
    ArticleFactory(section=empty_section, authors=[idle_writer], tags=[draft_only_tag], draft=True)

    assert locations(xml(client, "/sitemap-sections.xml")) == [f"{SITE}/news/"]
    assert locations(xml(client, "/sitemap-authors.xml")) == [f"{SITE}/authors/writer/"]
    assert locations(xml(client, "/sitemap-tags.xml")) == [f"{SITE}/tags/housing/"]


def test_a_sections_lastmod_is_its_latest_publication(client):
    section = SectionFactory()
    ArticleFactory(section=section, published_at=timezone.now() - timedelta(days=4))
    latest = ArticleFactory(section=section, published_at=timezone.now() - timedelta(days=1))

    root = xml(client, "/sitemap-sections.xml")

    lastmod = root.find("sm:url/sm:lastmod", NS).text
    assert datetime.fromisoformat(lastmod) == latest.published_at.replace(microsecond=0)


def test_the_pages_sitemap_lists_the_support_page_which_robots_txt_allows(client):
    assert locations(xml(client, "/sitemap-pages.xml")) == [f"{SITE}/support/"]


@time_machine.travel(datetime(2026, 5, 4, 12, tzinfo=UTC), tick=False)
def test_the_news_sitemap_lists_published_articles_of_the_last_48_hours(client):
    now = timezone.now()
    fresh = ArticleFactory(headline="Ferry <fares> & rents", published_at=now - timedelta(hours=2))
    day_old = ArticleFactory(published_at=now - timedelta(hours=47))
    ArticleFactory(published_at=now - timedelta(hours=49))
    ArticleFactory(draft=True)
    ArticleFactory(published_at=now + timedelta(hours=1))

    root = xml(client, "/sitemap-news.xml")

    assert locations(root) == [f"{SITE}{a.get_absolute_url()}" for a in (fresh, day_old)]
    news = root.find("sm:url/news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "The Riverside Ledger"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Ferry <fares> & rents"
    published = datetime.fromisoformat(news.find("news:publication_date", NS).text)
    assert published == fresh.published_at.replace(microsecond=0)


@pytest.mark.parametrize("url", ["/sitemap-nothing.xml", "/sitemap-articles.xml?p=abc"])
def test_a_sitemap_that_does_not_exist_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_sitemaps_use_the_sites_address_whatever_host_was_asked(client, settings):
    settings.ALLOWED_HOSTS = ["internal.host"]
    ArticleFactory()

    response = client.get("/sitemap-articles.xml", HTTP_HOST="internal.host")

    assert b"internal.host" not in response.content
    assert SITE.encode() in response.content
