"""What pages tell search engines and social networks: titles, descriptions, canonical
addresses, OpenGraph and Twitter cards, and an article's JSON-LD."""

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles.services import article_renditions_make
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


class Head(HTMLParser):
    """The metadata of a page, as a crawler reads it."""

    def __init__(self, html):
        super().__init__()
        self.title, self.meta, self.links, self.json_ld = "", {}, [], []
        self._in, self._script = None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in, self._script = "json-ld", ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json-ld":
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in == "json-ld":
            self.json_ld.append(self._script)
        if tag in ("title", "script"):
            self._in = None

    def one(self, key):
        (value,) = self.meta[key]
        return value

    @property
    def canonical(self):
        (link,) = [link for link in self.links if link.get("rel") == "canonical"]
        return link["href"]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


@pytest.fixture
def article():
    rosa, dev = (
        AuthorFactory(name="Rosa Lindqvist", role="Environment correspondent"),
        (AuthorFactory(name="Dev Marchetti", role="")),
    )
    published = timezone.now() - timedelta(days=2)
    article = ArticleFactory(
        headline="River defences hold",
        standfirst="The new barrier passed its first real test overnight.",
        section=SectionFactory(name="Environment", slug="environment"),
        authors=[rosa, dev],
        tags=[TagFactory(name="Flooding"), TagFactory(name="Transport")],
        with_photo=True,
        published_at=published,
    )
    article_renditions_make(article=article)
    return article


def test_an_article_page_has_its_title_description_and_canonical_address(client, article):
    page = head(client, article.get_absolute_url())

    assert page.title == "River defences hold | The Riverside Ledger"
    assert page.one("description") == "The new barrier passed its first real test overnight."
    assert page.canonical == f"{SITE}{article.get_absolute_url()}"


def test_an_article_page_has_opengraph_for_social_networks(client, article):
    page = head(client, article.get_absolute_url())

    assert page.one("og:type") == "article"
    assert page.one("og:title") == "River defences hold"
    assert page.one("og:url") == f"{SITE}{article.get_absolute_url()}"
    assert page.one("og:site_name") == "The Riverside Ledger"
    assert page.one("og:description") == article.standfirst
    assert (
        page.one("article:published_time")
        == article.published_at.replace(microsecond=0).isoformat()
    )
    assert (
        page.one("article:modified_time") == article.updated_at.replace(microsecond=0).isoformat()
    )
    assert page.one("article:section") == "Environment"
    assert page.meta["article:tag"] == ["Flooding", "Transport"]
    assert page.meta["article:author"] == [
        f"{SITE}{author.get_absolute_url()}" for author in article.byline_authors
    ]
    assert page.one("og:image").startswith(f"{SITE}/media/renditions/")
    assert page.one("og:image").endswith("/1200w.jpg")
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("1200", "675")
    assert page.one("og:image:alt") == article.lead_image_alt


def test_an_article_page_has_a_large_image_twitter_card(client, article):
    page = head(client, article.get_absolute_url())

    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:title") == "River defences hold"
    assert page.one("twitter:image") == page.one("og:image")
    assert page.one("twitter:image:alt") == article.lead_image_alt


def test_an_article_without_a_photo_has_a_plain_summary_card(client):
    article = ArticleFactory()

    page = head(client, article.get_absolute_url())

    assert page.one("twitter:card") == "summary"
    assert "og:image" not in page.meta


def test_an_article_page_describes_itself_as_a_news_article_in_json_ld(client, article):
    page = head(client, article.get_absolute_url())

    (script,) = page.json_ld
    data = json.loads(script)
    url = f"{SITE}{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "River defences hold"
    assert data["description"] == article.standfirst
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == article.published_at.replace(microsecond=0).isoformat()
    assert data["dateModified"] == article.updated_at.replace(microsecond=0).isoformat()
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Rosa Lindqvist",
            "url": f"{SITE}/authors/{article.byline_authors[0].slug}/",
            "jobTitle": "Environment correspondent",
        },
        {
            "@type": "Person",
            "name": "Dev Marchetti",
            "url": f"{SITE}/authors/{article.byline_authors[1].slug}/",
        },
    ]
    (image,) = data["image"]
    assert image["url"] == page.one("og:image")
    assert (image["width"], image["height"]) == (1200, 675)
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "The Riverside Ledger"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith(f"{SITE}/static/img/logo.")
    assert data["keywords"] == ["Flooding", "Transport"]


def test_the_logo_named_in_the_json_ld_is_served(client, article):
    data = json.loads(head(client, article.get_absolute_url()).json_ld[0])

    path = data["publisher"]["logo"]["url"].removeprefix(SITE)

    assert client.get(path).status_code == 200


def test_article_text_cannot_break_out_of_the_json_ld(client):
    hostile = "Council </script><script>alert(1)</script> <!-- & more"
    article = ArticleFactory(headline=hostile, standfirst="</SCRIPT >")

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")
    (script,) = Head(html).json_ld
    assert json.loads(script)["headline"] == hostile
    assert json.loads(script)["description"] == "</SCRIPT >"


@pytest.mark.parametrize("address", ["home", "section", "tag", "author", "article", "search"])
def test_every_page_names_its_absolute_canonical_address(client, address):
    article = ArticleFactory(tags=[TagFactory()])
    path = {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": article.tags.get().get_absolute_url(),
        "author": article.byline_authors[0].get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": "/search/?q=council",
    }[address]

    page = head(client, path + ("&utm_source=x" if "?" in path else "?utm_source=x"))

    assert page.canonical == f"{SITE}{path}"


def test_a_later_listing_page_is_its_own_canonical_page(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    section = SectionFactory()
    ArticleFactory.create_batch(2, section=section)

    page = head(client, f"{section.get_absolute_url()}?page=2")

    assert page.canonical == f"{SITE}{section.get_absolute_url()}?page=2"
    assert "(page 2)" in page.title
    assert page.one("description") != head(client, section.get_absolute_url()).one("description")


def test_pages_have_distinct_titles_and_descriptions(client):
    article = ArticleFactory(tags=[TagFactory()])
    urls = [
        "/",
        article.section.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        article.byline_authors[0].get_absolute_url(),
        article.get_absolute_url(),
        "/search/",
        "/search/?q=council",
    ]

    pages = [head(client, url) for url in urls]

    assert len({page.title for page in pages}) == len(urls)
    assert len({page.one("description") for page in pages}) == len(urls)


def test_a_missing_page_is_not_indexed_and_claims_no_address(client):
    response = client.get("/no-such-section/")
    html = response.content.decode()

    assert response.status_code == 404
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html
