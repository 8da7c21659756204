"""RSS and Atom feeds, read with a real feed parser, as a feed reader would read them."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.services import article_renditions_make
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def newsroom():
    environment = SectionFactory(name="Environment", slug="environment")
    sport = SectionFactory(name="Sport", slug="sport")
    rosa, dev = AuthorFactory(name="Rosa Lindqvist"), AuthorFactory(name="Dev Marchetti")
    flooding = TagFactory(name="Flooding", slug="flooding")
    lead = ArticleFactory(
        section=environment,
        headline="River defences hold",
        standfirst="The new barrier passed its first test & held.",
        body='<p>Water rose two metres. <a href="/2026/01/01/earlier/">Earlier</a>.</p>',
        authors=[rosa, dev],
        tags=[flooding],
        with_photo=True,
        published_at=timezone.now() - timedelta(hours=1),
    )
    match = ArticleFactory(
        section=sport,
        headline="Harbour FC win the cup",
        authors=[dev],
        published_at=timezone.now() - timedelta(hours=2),
    )
    ArticleFactory(section=environment, headline="Secret draft", tags=[flooding], draft=True)
    ArticleFactory(section=environment, headline="Embargoed report", authors=[rosa], scheduled=True)
    return {"lead": lead, "match": match, "section": environment, "tag": flooding, "author": rosa}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_site_feed_lists_published_articles_newest_first(client, newsroom, kind):
    response, feed = read_feed(client, f"/{kind}/")

    assert [entry.title for entry in feed.entries] == [
        "River defences hold",
        "Harbour FC win the cup",
    ]
    assert feed.feed.title == "The Riverside Ledger"
    assert feed.feed.link == f"{SITE}/"
    assert response["Content-Type"].startswith(f"application/{kind}+xml")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_item_carries_everything_a_feed_reader_shows(client, newsroom, kind):
    lead = newsroom["lead"]

    _, feed = read_feed(client, f"/{kind}/")

    entry = feed.entries[0]
    assert entry.link == f"{SITE}{lead.get_absolute_url()}"
    assert entry.summary == "The new barrier passed its first test &amp; held."
    content = entry.content[0].value
    assert "Water rose two metres." in content
    assert f'href="{SITE}/2026/01/01/earlier/"' in content, "relative links made absolute"
    assert [author.name for author in entry.authors] == ["Rosa Lindqvist", "Dev Marchetti"]
    assert {tag.term for tag in entry.tags} == {"Environment", "Flooding"}
    assert entry.published_parsed[:5] == lead.published_at.utctimetuple()[:5]
    assert entry.id.startswith("tag:news.example.org,")
    media = entry.media_content[0]
    assert media["url"] == f"{SITE}{lead.lead_image.url}"
    assert media["medium"] == "image"


def test_atom_entries_link_each_author_to_their_page(client, newsroom):
    _, feed = read_feed(client, "/atom/")

    assert feed.entries[0].authors[0].href == f"{SITE}/authors/{newsroom['author'].slug}/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_lead_photo_comes_as_an_enclosure_once_its_renditions_exist(client, newsroom, kind):
    article_renditions_make(article=newsroom["lead"])

    _, feed = read_feed(client, f"/{kind}/")

    enclosure = feed.entries[0].enclosures[0]
    assert enclosure.href.startswith(f"{SITE}/media/renditions/")
    assert enclosure.href.endswith("/1200w.jpg")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 1000
    assert feed.entries[0].media_content[0]["width"] == "1200"


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(
    ("listing", "headlines"),
    [
        ("section", ["River defences hold"]),
        ("tag", ["River defences hold"]),
        ("author", ["River defences hold"]),
    ],
)
def test_section_tag_and_author_feeds_hold_only_their_published_articles(
    client, newsroom, kind, listing, headlines
):
    page = newsroom[listing].get_absolute_url()

    _, feed = read_feed(client, f"{page}{kind}/")

    assert [entry.title for entry in feed.entries] == headlines
    assert feed.feed.link == f"{SITE}{page}"


def test_feeds_hold_the_latest_twenty(client):
    section = SectionFactory()
    ArticleFactory.create_batch(25, section=section)

    _, feed = read_feed(client, "/rss/")

    assert len(feed.entries) == 20


@pytest.mark.parametrize(
    "url", ["/no-such-section/rss/", "/tags/nothing/atom/", "/authors/nobody/rss/"]
)
def test_a_feed_of_something_that_does_not_exist_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_pages_announce_their_feeds(client, newsroom):
    section, tag, author = newsroom["section"], newsroom["tag"], newsroom["author"]
    home = client.get("/").content.decode()
    section_page = client.get(section.get_absolute_url()).content.decode()
    tag_page = client.get(tag.get_absolute_url()).content.decode()
    author_page = client.get(author.get_absolute_url()).content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/rss/"' in home and 'href="/atom/"' in home
    assert 'href="/environment/rss/"' in section_page
    assert 'href="/environment/atom/"' in section_page
    assert f'href="/tags/{tag.slug}/rss/"' in tag_page
    assert f'href="/authors/{author.slug}/atom/"' in author_page
