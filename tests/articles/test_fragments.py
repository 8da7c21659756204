"""Fragments kept in each process (articles/fragments.py: cards, "Read more", the header and
footer, the asks) never show an edit late: a change readers are told about shows on the next
page of every kind, and a scheduled story joins "Read more" at its time."""

import sys
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import fragments
from articles.models import Article, Section
from articles.services import article_publish, article_save, author_save
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Rendered pages: the fragments are what is under test, not the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def story():
    tag = TagFactory()
    section = SectionFactory(name="Harbour")
    neighbour = ArticleFactory(
        headline="Ferry timetable changes", section=section, tags=[tag], authors=[AuthorFactory()]
    )
    main = ArticleFactory(
        headline="Harbour wall repairs begin",
        section=section,
        tags=[tag],
        authors=[AuthorFactory()],
    )
    return {"main": main, "neighbour": neighbour, "section": section, "tag": tag}


def _pages(story):
    author = story["neighbour"].byline_authors[0]
    return {
        "home": "/",
        "story": story["main"].get_absolute_url(),  # its "Read more" lists the neighbour
        "section": story["section"].get_absolute_url(),
        "tag": story["tag"].get_absolute_url(),
        "author": author.get_absolute_url(),
    }


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_edited_headline_shows_at_once_on_every_page_that_shows_its_card(
    client, story, django_capture_on_commit_callbacks
):
    pages = _pages(story)
    for url in pages.values():
        assert "Ferry timetable changes" in _html(client, url), url

    neighbour = Article.objects.get(pk=story["neighbour"].pk)
    neighbour.headline = "Ferry timetable restored"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=neighbour)

    for name, url in pages.items():
        html = _html(client, url)
        assert "Ferry timetable restored" in html, name
        assert "Ferry timetable changes" not in html, name


def test_a_renamed_author_shows_at_once_on_cards(client, story, django_capture_on_commit_callbacks):
    author = story["neighbour"].byline_authors[0]
    _html(client, "/")

    author.name = "Rosa Okafor-Lind"
    with django_capture_on_commit_callbacks(execute=True):
        author_save(author=author)

    assert "Rosa Okafor-Lind" in _html(client, "/")


def test_a_renamed_section_shows_at_once_in_every_page_header(
    client, story, django_capture_on_commit_callbacks
):
    pages = _pages(story)
    for url in pages.values():
        _html(client, url)

    section = story["section"]
    section.name = "Waterfront"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()

    for name, url in pages.items():
        assert '">Waterfront</a></li>' in _html(client, url), name


def test_a_published_story_joins_read_more_at_once(
    client, story, django_capture_on_commit_callbacks
):
    url = story["main"].get_absolute_url()
    draft = ArticleFactory(
        draft=True, headline="Lighthouse reopens", section=story["section"], tags=[story["tag"]]
    )
    assert "Lighthouse reopens" not in _html(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(articles=Article.objects.filter(pk=draft.pk))

    assert "Lighthouse reopens" in _html(client, url)


def test_a_scheduled_story_joins_read_more_at_its_time_without_any_edit(client, story):
    now = timezone.now()
    ArticleFactory(
        headline="Lighthouse reopens",
        section=story["section"],
        tags=[story["tag"]],
        published_at=now + timedelta(minutes=10),
    )
    url = story["main"].get_absolute_url()
    with time_machine.travel(now, tick=False):
        assert "Lighthouse reopens" not in _html(client, url)
    with time_machine.travel(now + timedelta(minutes=9, seconds=30), tick=False):
        assert "Lighthouse reopens" not in _html(client, url)  # kept from here, no edit since

    with time_machine.travel(now + timedelta(minutes=10, seconds=1), tick=False):
        assert "Lighthouse reopens" in _html(client, url)


# A page's own markup (remember_page: a story's head and text, a listing, the front page) is
# kept under what the view read for the request, so it never lags the database: a change made
# without telling anyone (a shell's QuerySet.update, another tool) shows on the next page.


def test_a_story_page_shows_an_untold_change_to_its_story_on_the_next_page(client, story):
    url = story["main"].get_absolute_url()
    _html(client, url)
    _html(client, url)  # its markup kept

    Article.objects.filter(pk=story["main"].pk).update(
        headline="Harbour wall finished", standfirst="The work ended early."
    )

    html = _html(client, url)
    assert "<title>Harbour wall finished |" in html
    assert '<meta property="og:title" content="Harbour wall finished">' in html
    assert '<h1 class="article__headline">Harbour wall finished</h1>' in html
    assert "The work ended early." in html
    assert "Harbour wall repairs begin" not in html


def test_a_listing_page_shows_an_untold_change_to_its_subject_on_the_next_page(client, story):
    url = story["section"].get_absolute_url()
    _html(client, url)
    _html(client, url)

    Section.objects.filter(pk=story["section"].pk).update(description="Boats, piers and tides")

    html = _html(client, url)
    assert '<meta name="description" content="Boats, piers and tides: the latest' in html
    assert '<p class="listing__intro">Boats, piers and tides</p>' in html


def test_a_story_added_without_a_signal_joins_the_front_page_and_its_listings_at_once(
    client, story
):
    pages = _pages(story)
    for url in pages.values():
        _html(client, url)
        _html(client, url)

    ArticleFactory(
        headline="Lighthouse reopens",
        section=story["section"],
        tags=[story["tag"]],
        authors=[story["neighbour"].byline_authors[0]],
    )

    for name in ("home", "section", "tag", "author"):
        assert "Lighthouse reopens" in _html(client, pages[name]), name


def _markup_kept() -> int:
    """The bytes of markup this process keeps, counted from the store itself."""
    kept = fragments._kept.values()
    return sum(sys.getsizeof(value) for _, value, _ in kept if isinstance(value, str))


def test_a_crawler_reading_every_story_keeps_each_process_within_its_byte_budget(
    client, monkeypatch
):
    monkeypatch.setattr(fragments, "_kept", {})
    monkeypatch.setattr(fragments, "_kept_bytes", 0)
    monkeypatch.setattr(fragments, "MAX_BYTES", 100_000)
    section = SectionFactory()
    long_text = "".join(f"<p>Paragraph {i} of a long story.</p>" for i in range(250))
    stories = ArticleFactory.create_batch(15, section=section, body=long_text)
    first = _html(client, stories[0].get_absolute_url())

    for story in stories:
        _html(client, story.get_absolute_url())

    assert 0 < _markup_kept() <= fragments.MAX_BYTES
    assert _html(client, stories[0].get_absolute_url()) == first


def test_a_story_larger_than_the_whole_budget_is_shown_but_not_kept(client, monkeypatch):
    monkeypatch.setattr(fragments, "_kept", {})
    monkeypatch.setattr(fragments, "_kept_bytes", 0)
    monkeypatch.setattr(fragments, "MAX_BYTES", 20_000)
    body = "".join(f"<p>Paragraph {i} of a very long story.</p>" for i in range(1000))
    story = ArticleFactory(headline="A very long story", body=body)

    html = _html(client, story.get_absolute_url())

    assert "Paragraph 999 of a very long story." in html
    assert _markup_kept() <= fragments.MAX_BYTES
