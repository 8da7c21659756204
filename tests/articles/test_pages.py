import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_lead_story_then_the_latest_per_section(client):
    news, sport = SectionFactory(name="News"), SectionFactory(name="Sport")
    older_news = ArticleFactory(section=news, headline="Older news story")
    lead = ArticleFactory(
        section=news, headline="Bridge reopens", published_at=timezone.now() - timedelta(minutes=5)
    )
    match = ArticleFactory(section=sport, headline="Harbour FC win the cup")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Bridge reopens") < html.index("Older news story")
    assert html.count("Bridge reopens") == 1, "the lead is not repeated in its section"
    sections = response.context["by_section"]
    assert response.context["lead"] == lead
    assert sections == [(news, [older_news]), (sport, [match])]


def test_home_leaves_out_drafts_and_scheduled_articles(client):
    ArticleFactory(headline="Visible story")
    ArticleFactory(headline="Secret draft", draft=True)
    ArticleFactory(headline="Tomorrow's story", scheduled=True)

    html = client.get("/").content.decode()

    assert "Visible story" in html
    assert "Secret draft" not in html
    assert "Tomorrow&#x27;s story" not in html


def test_home_with_nothing_published_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "No stories have been published yet." in response.content.decode()


def test_article_page_shows_everything_a_reader_expects(client):
    section = SectionFactory(name="Environment")
    first, second = AuthorFactory(name="Ada Reyes"), AuthorFactory(name="Tom Okafor")
    flood = TagFactory(name="Flooding")
    article = ArticleFactory(
        section=section,
        headline="River defences hold",
        standfirst="The new barrier passed its first real test overnight.",
        body="<h2>What happened</h2><p>Water rose two metres.</p>",
        authors=[first, second],
        tags=[flood],
        with_photo=True,
        lead_image_alt="Water pressing against a steel flood barrier at dusk.",
        lead_image_caption="The barrier at Mill Quay on Tuesday night.",
        lead_image_credit="Ines Marlow / The Riverside Ledger",
        correction="An earlier version misstated the height of the barrier.",
    )
    related = ArticleFactory(section=section, headline="Barrier costs questioned", tags=[flood])

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__headline">River defences hold</h1>' in html
    assert "The new barrier passed its first real test overnight." in html
    assert f'<a href="{first.get_absolute_url()}">Ada Reyes</a> and ' in html
    assert f'<a href="{second.get_absolute_url()}">Tom Okafor</a>' in html
    assert f'href="{section.get_absolute_url()}">Environment</a>' in html
    assert 'alt="Water pressing against a steel flood barrier at dusk."' in html
    assert 'width="1200" height="675"' in html
    assert "The barrier at Mill Quay on Tuesday night." in html
    assert "Ines Marlow / The Riverside Ledger" in html
    assert "<h2>What happened</h2><p>Water rose two metres.</p>" in html
    assert "An earlier version misstated the height of the barrier." in html
    assert f'href="{flood.get_absolute_url()}">Flooding</a>' in html
    assert "1 min read" in html
    assert f'datetime="{article.published_at.replace(microsecond=0).isoformat()}"' in html
    assert "Read more" in html
    assert response.context["related"] == [related]


def test_article_page_says_updated_only_when_edited_after_publication(client):
    published_at = timezone.now() - timedelta(days=2)
    fresh = ArticleFactory(published_at=published_at)
    Article.objects.filter(pk=fresh.pk).update(updated_at=published_at + timedelta(minutes=2))
    edited = ArticleFactory(published_at=published_at)
    Article.objects.filter(pk=edited.pk).update(updated_at=published_at + timedelta(hours=6))

    assert "Updated" not in client.get(fresh.get_absolute_url()).content.decode()
    assert "Updated" in client.get(edited.get_absolute_url()).content.decode()


def test_read_more_lists_at_most_four_and_never_the_article_itself(client):
    section = SectionFactory()
    article = ArticleFactory(section=section, headline="The article itself")
    ArticleFactory.create_batch(6, section=section)

    response = client.get(article.get_absolute_url())

    related = response.context["related"]
    assert len(related) == 4
    assert article not in related


def test_drafts_and_scheduled_articles_are_not_found_by_readers(client):
    scheduled = ArticleFactory(scheduled=True)
    draft = ArticleFactory(draft=True)

    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(f"/preview/{draft.pk}/").status_code == 404


def test_staff_see_a_scheduled_article_as_a_never_cached_preview(staff_client):
    scheduled = ArticleFactory(scheduled=True, headline="Embargoed report")

    response = staff_client.get(scheduled.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Embargoed report" in html
    assert 'class="preview-ribbon"' in html
    assert "Scheduled for" in html
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_staff_preview_a_draft_by_its_preview_address(staff_client):
    draft = ArticleFactory(draft=True, headline="Work in progress")

    response = staff_client.get(draft.get_absolute_url())

    assert draft.get_absolute_url() == f"/preview/{draft.pk}/"
    assert response.status_code == 200
    assert "Draft: readers cannot see this article." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_staff_see_published_articles_without_a_preview_ribbon(staff_client):
    article = ArticleFactory()

    response = staff_client.get(article.get_absolute_url())

    assert 'class="preview-ribbon"' not in response.content.decode()


def test_section_tag_and_author_pages_list_their_published_articles(client):
    section, tag, author = SectionFactory(name="Culture"), TagFactory(), AuthorFactory()
    shown = ArticleFactory(section=section, tags=[tag], authors=[author], headline="Shown")
    ArticleFactory(section=section, tags=[tag], authors=[author], draft=True, headline="Hidden")
    ArticleFactory(headline="Elsewhere")

    for url in (section.get_absolute_url(), tag.get_absolute_url(), author.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert list(response.context["articles"]) == [shown], url


def test_author_page_shows_the_profile(client):
    author = AuthorFactory(name="Mira Osei", role="Health reporter", bio="Mira covers hospitals.")

    html = client.get(author.get_absolute_url()).content.decode()

    assert "<h1>Mira Osei</h1>" in html
    assert "Health reporter" in html
    assert "Mira covers hospitals." in html


def test_listing_pages_are_paginated_newest_first(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    section = SectionFactory()
    now = timezone.now()
    articles = [
        ArticleFactory(section=section, published_at=now - timedelta(hours=hours))
        for hours in range(1, 6)
    ]

    first = client.get(section.get_absolute_url())
    last = client.get(section.get_absolute_url(), {"page": 3})

    assert list(first.context["articles"]) == articles[:2]
    assert list(last.context["articles"]) == articles[4:]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert "Page 3" in last.content.decode()
    assert "Older stories" not in last.content.decode()


@pytest.mark.parametrize("page", ["0", "4", "abc", "-1", "1.5", "9" * 30, "10001", "２", ""])
def test_a_page_number_that_is_not_a_page_is_not_found(client, settings, page):
    settings.ARTICLES_PER_PAGE = 2
    section = SectionFactory()
    ArticleFactory.create_batch(5, section=section)

    assert client.get(section.get_absolute_url(), {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/2026/02/30/some-story/",
        "/2026/13/01/some-story/",
        "/2026/00/10/some-story/",
        "/0000/01/01/some-story/",
        "/2026/1/5/some-story/",
        "/2026/05/02/no-such-story/",
        "/no-such-section/",
        "/tags/no-such-tag/",
        "/authors/nobody/",
        "/preview/abc/",
        "/this/does/not/exist/",
    ],
)
def test_bad_addresses_are_not_found(client, url):
    ArticleFactory(slug="some-story", published_at=datetime(2026, 5, 2, 9, tzinfo=UTC))

    response = client.get(url)

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_an_article_is_found_only_on_its_own_date(client):
    article = ArticleFactory(slug="ferry", published_at=datetime(2026, 5, 2, 9, tzinfo=UTC))

    assert client.get("/2026/05/02/ferry/").status_code == 200
    assert client.get("/2026/05/03/ferry/").status_code == 404
    assert article.get_absolute_url() == "/2026/05/02/ferry/"


def test_every_page_names_the_sections_in_its_navigation(client):
    SectionFactory(name="Politics")
    SectionFactory(name="Business")

    html = client.get("/").content.decode()

    assert '<nav class="site-nav" aria-label="Sections">' in html
    assert ">Politics</a>" in html and ">Business</a>" in html


def test_a_section_renamed_in_the_admin_shows_in_the_navigation_at_once(
    client, admin_client, django_capture_on_commit_callbacks
):
    section = SectionFactory(name="Sports", slug="sports", order=1)
    client.get("/")  # fills the navigation and page caches

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/articles/section/{section.pk}/change/",
            {"name": "Sport", "slug": "sports", "order": 1},
        )

    assert response.status_code == 302
    assert ">Sport</a>" in client.get("/").content.decode()


def test_pages_load_nothing_from_other_sites(client):
    article = ArticleFactory()

    for url in ("/", article.get_absolute_url(), article.section.get_absolute_url()):
        html = client.get(url).content.decode()
        # Structured data names schema.org as its vocabulary; nothing is fetched from there.
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        assert "https://" not in html.replace("https://news.example.org", ""), url
        assert 'src="//' not in html and 'href="//' not in html, url


def test_the_server_error_page_is_styled_and_needs_no_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "/static/css/site." in html


def test_uploaded_photos_are_served_when_the_site_serves_media(client):
    article = ArticleFactory(with_photo=True)

    response = client.get(article.lead_image.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"  # a JPEG


def test_an_empty_section_says_so_rather_than_not_found(client):
    section = SectionFactory()

    response = client.get(section.get_absolute_url())

    assert response.status_code == 200
    assert "No stories here yet." in response.content.decode()


def test_the_not_found_page_asks_for_nothing_and_offers_search_and_the_latest_stories(client, asks):
    ArticleFactory(headline="Ferry fares rise", published_at=timezone.now() - timedelta(days=2))
    ArticleFactory(headline="Library opens on Sundays")
    ArticleFactory(headline="Not yet out", published_at=timezone.now() + timedelta(days=1))

    response = client.get("/2026/05/02/no-such-story/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "data-support-banner" not in html
    assert "data-support-appeal" not in html
    assert 'id="not-found-search-query" name="q"' in html
    latest = html.split('id="latest-heading"')[1]
    assert latest.index("Library opens on Sundays") < latest.index("Ferry fares rise")
    assert "Not yet out" not in html
