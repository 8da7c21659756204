"""Reader search on PostgreSQL: what is found, in what order, highlighted how, and what a
reader sees for every kind of query, hostile ones included."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, Byline, SearchWord
from articles.search import (
    MARK_END,
    MARK_START,
    MAX_QUERY_LENGTH,
    SimpleSearch,
    passage,
    search_articles,
)
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def found(client, query, **params):
    """The headlines of the results a reader gets for `query`, in order."""
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [article.headline for article in response.context["results"].page.object_list]


def test_a_headline_match_ranks_above_a_standfirst_match_above_a_body_only_match(client):
    ArticleFactory(
        headline="Budget night at the town hall",
        body="<p>Volunteer mobilisation kept the count going.</p>",
        published_at=ago(hours=1),
    )
    ArticleFactory(
        headline="Councillors agree new plan",
        standfirst="A mobilisation of residents changed minds.",
        published_at=ago(days=3),
    )
    ArticleFactory(headline="Mobilisation of volunteers grows", published_at=ago(days=30))

    assert found(client, "mobilisation") == [
        "Mobilisation of volunteers grows",
        "Councillors agree new plan",
        "Budget night at the town hall",
    ]


def test_within_a_tier_the_newest_article_comes_first(client):
    ArticleFactory(headline="Ferry fares rise again", published_at=ago(days=9))
    ArticleFactory(headline="Ferry fares frozen", published_at=ago(days=1))
    ArticleFactory(headline="Ferry fares rise", published_at=ago(days=40))

    assert found(client, "ferry fares") == [
        "Ferry fares frozen",
        "Ferry fares rise again",
        "Ferry fares rise",
    ]


def test_authors_names_and_tags_are_searched(client):
    rosa = AuthorFactory(name="Rosa Lindqvist")
    ArticleFactory(headline="River levels fall", authors=[rosa])
    ArticleFactory(headline="Rents rise", tags=[TagFactory(name="Housing")])
    ArticleFactory(headline="Unrelated story")

    assert found(client, "Lindqvist") == ["River levels fall"]
    assert found(client, "housing") == ["Rents rise"]


def test_a_quoted_phrase_finds_the_words_together_only(client):
    ArticleFactory(headline="Flood barrier holds")
    ArticleFactory(headline="Barrier to entry as flood of applicants arrives")

    assert found(client, '"flood barrier"') == ["Flood barrier holds"]
    assert len(found(client, "flood barrier")) == 2


def test_a_minus_sign_leaves_out_articles_with_that_word(client):
    ArticleFactory(headline="Ferry fares rise")
    ArticleFactory(headline="Ferry timetable changes")

    assert found(client, "ferry -fares") == ["Ferry timetable changes"]


def test_a_minus_sign_leaves_out_articles_with_that_word_in_the_body(client):
    ArticleFactory(headline="Ferry timetable changes", body="<p>Fares stay the same.</p>")
    ArticleFactory(headline="Ferry crew honoured", body="<p>A lifeboat rescue.</p>")

    assert found(client, "ferry -fares") == ["Ferry crew honoured"]


def test_a_minus_sign_leaves_out_articles_with_that_word_in_the_standfirst(client):
    ArticleFactory(headline="Ferry timetable changes", standfirst="Fares rise in May.")
    ArticleFactory(headline="Ferry crew honoured", standfirst="A lifeboat rescue.")

    assert found(client, "ferry -fares") == ["Ferry crew honoured"]


def test_a_minus_sign_leaves_out_articles_by_that_author_or_with_that_tag(client):
    ArticleFactory(headline="Ferry timetable changes", authors=[AuthorFactory(name="Ana Fares")])
    ArticleFactory(headline="Ferry route extended", tags=[TagFactory(name="Fares")])
    ArticleFactory(headline="Ferry crew honoured")

    assert found(client, "ferry -fares") == ["Ferry crew honoured"]


def test_a_minus_sign_leaves_out_articles_that_match_only_in_the_body(client):
    ArticleFactory(headline="Harbour news", body="<p>The ferry fares rise.</p>")
    ArticleFactory(headline="Island news", body="<p>The ferry runs late.</p>")

    assert found(client, "ferry -fares") == ["Island news"]


def test_a_minus_sign_applies_to_the_results_of_a_corrected_search(client):
    ArticleFactory(headline="Ferry timetable changes", body="<p>Fares stay the same.</p>")
    ArticleFactory(headline="Ferry crew honoured")

    response = client.get("/search/", {"q": "ferrry -fares"})

    results = response.context["results"]
    assert results.corrected == "ferry -fares"
    assert [a.headline for a in results.page.object_list] == ["Ferry crew honoured"]


def test_a_quoted_phrase_ranks_by_where_the_phrase_is_found(client):
    ArticleFactory(headline="Budget night", body="<p>The flood barrier holds.</p>")
    ArticleFactory(headline="Town braces", standfirst="The flood barrier is tested.")
    ArticleFactory(headline="Flood barrier holds", published_at=ago(days=30))
    ArticleFactory(headline="Flood warning", body="<p>A barrier of sandbags.</p>")

    assert found(client, '"flood barrier"') == [
        "Flood barrier holds",
        "Town braces",
        "Budget night",
    ]


def test_a_quoted_phrase_with_a_minus_sign_leaves_out_the_word_anywhere(client):
    ArticleFactory(headline="Flood barrier holds", body="<p>The council paid for it.</p>")
    ArticleFactory(headline="Flood barrier tested", published_at=ago(days=2))

    assert found(client, '"flood barrier" -council') == ["Flood barrier tested"]


def test_or_ranks_each_article_by_where_either_word_is_found(client):
    ArticleFactory(headline="Night at the museum", body="<p>The ferry runs late.</p>")
    ArticleFactory(headline="Bus lane opens", published_at=ago(days=30))
    ArticleFactory(headline="Library hours cut", standfirst="The ferry stops early.")

    assert found(client, "ferry or bus") == [
        "Bus lane opens",
        "Library hours cut",
        "Night at the museum",
    ]


def test_or_with_a_minus_sign_leaves_out_the_word_anywhere(client):
    ArticleFactory(headline="Bus lane opens", body="<p>Fares are unchanged.</p>")
    ArticleFactory(headline="Ferry timetable changes", published_at=ago(days=2))
    ArticleFactory(headline="Library hours cut")

    assert found(client, "ferry or bus -fares") == ["Ferry timetable changes"]


def test_or_finds_articles_with_either_word(client):
    ArticleFactory(headline="Ferry timetable changes")
    ArticleFactory(headline="Bus lane opens")
    ArticleFactory(headline="Library hours cut")

    assert sorted(found(client, "ferry or bus")) == ["Bus lane opens", "Ferry timetable changes"]


def test_words_are_matched_by_their_stem(client):
    ArticleFactory(headline="Councillors vote on parking")

    assert found(client, "voting") == ["Councillors vote on parking"]


def test_a_misspelt_search_shows_results_for_the_closest_words_it_knows(client):
    ArticleFactory(headline="Volunteer mobilisation grows")

    response = client.get("/search/", {"q": "mobilisaton"})

    html = response.content.decode()
    assert response.context["results"].corrected == "mobilisation"
    assert "Showing results for “mobilisation”" in html
    assert "Volunteer <mark>mobilisation</mark> grows" in html


def test_a_correction_is_not_offered_from_words_that_only_drafts_contain(client):
    ArticleFactory(headline="Mayor to resign", draft=True)
    ArticleFactory(headline="Embargoed merger", scheduled=True)

    for typo in ("resgn", "mergr"):
        response = client.get("/search/", {"q": typo})
        assert response.context["results"].corrected == ""
        assert "No stories match" in response.content.decode()


def test_only_published_articles_are_found(client):
    ArticleFactory(headline="Harbour plan published")
    ArticleFactory(headline="Harbour plan draft", draft=True)
    ArticleFactory(headline="Harbour plan tomorrow", scheduled=True)

    assert found(client, "harbour plan") == ["Harbour plan published"]


def test_found_words_are_marked_in_the_headline_and_snippet(client):
    ArticleFactory(
        headline="Council budget approved",
        standfirst="The council voted late on Tuesday.",
    )

    html = client.get("/search/", {"q": "council"}).content.decode()

    assert "<mark>Council</mark> budget approved" in html
    assert "The <mark>council</mark> voted late on Tuesday." in html


def test_a_body_only_match_shows_the_passage_of_the_body_that_matched(client):
    ArticleFactory(
        headline="Night at the museum",
        standfirst="A new late opening.",
        body="<p>Opening hours change.</p><p>The <em>astronomy</em> gallery stays open.</p>",
    )

    html = client.get("/search/", {"q": "astronomy"}).content.decode()

    assert "<mark>astronomy</mark> gallery stays open" in html
    assert "<em>" not in html.split('class="search-results"')[1]


def test_a_passage_is_cut_at_word_boundaries():
    text = (
        "Fishermen met at the quay. " * 8
    ) + f"The council {MARK_START}focused{MARK_END} on jobs"
    text += " and housing for the rest of the evening" * 8

    cut = passage(text, reach=40)

    assert cut.startswith("… ") and cut.endswith(" …")
    words = cut.removeprefix("… ").removesuffix(" …").replace(MARK_START, "").replace(MARK_END, "")
    plain = text.replace(MARK_START, "").replace(MARK_END, "").split()
    assert all(word in plain for word in words.split())
    assert f"{MARK_START}focused{MARK_END} on jobs" in cut


def test_a_passage_of_a_short_text_is_all_of_it():
    assert passage(f"Jobs {MARK_START}first{MARK_END}.") == f"Jobs {MARK_START}first{MARK_END}."


def _snippet_words(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    snippet = re.search(r'class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    return re.sub(r"</?mark>", "", snippet).split()


LONG_BODY = (
    "<p>"
    + "Fishermen gathered at the harbour before dawn to hear the plans. " * 6
    + "</p><p>The new council fo<em>cused</em> on jobs, well-placed to hire.</p><p>"
    + "Later the meeting turned to the bridge and the ferry timetable again. " * 6
    + "</p>"
)


def test_a_body_only_match_shows_whole_words_only(client):
    ArticleFactory(headline="Night meeting", standfirst="A long evening.", body=LONG_BODY)

    words = _snippet_words(client, "jobs")

    body_words = "Fishermen gathered at the harbour before dawn to hear the plans. The new council "
    body_words += "focused on jobs, well-placed to hire. Later the meeting turned to the bridge "
    body_words += "and the ferry timetable again."
    known = set(body_words.split()) | {"…"}
    assert "focused" in words and "cused" not in words
    assert set(words) <= known


def test_the_simple_search_shows_whole_words_only():
    ArticleFactory(headline="Night meeting", standfirst="A long evening.", body=LONG_BODY)
    engine = SimpleSearch()

    (article,) = engine.fetch("jobs", engine.ranked("jobs", limit=10))

    words = re.sub(r"</?mark>", "", str(article.hit_snippet)).split()
    assert words[0] == "…" and words[-1] == "…"
    assert "focused" in words
    assert all(w in LONG_BODY or w in ("…", "focused") for w in words)


def test_the_page_offers_search_operators_where_the_database_understands_them(client):
    html = client.get("/search/").content.decode()

    assert "Leave a word out with a minus" in html
    assert search_articles("ferry", page="1", per_page=10).operators


def test_the_simple_search_offers_no_operators(client):
    assert not search_articles("ferry", page="1", per_page=10, vendor="sqlite").operators
    assert not search_articles("", page="1", per_page=10, vendor="sqlite").operators


def test_article_text_in_results_stays_text_whatever_it_contains(client):
    ArticleFactory(
        headline="<script>alert('x')</script> Council budget",
        standfirst='Fish & chips <img src=x onerror="alert(1)"> council',
        body="<p>The harbourmaster sells fish &amp; chips &lt;script&gt;alert(2)&lt;/script&gt;",
    )

    headline_html = client.get("/search/", {"q": "council"}).content.decode()
    body_html = client.get("/search/", {"q": "harbourmaster"}).content.decode()

    assert "<script>alert" not in headline_html
    # (the quotes are typeset on save: articles.typography)
    assert "&lt;script&gt;alert(‘x’)&lt;/script&gt; <mark>Council</mark>" in headline_html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>council</mark>" in headline_html
    assert "<script>alert" not in body_html
    assert "<mark>harbourmaster</mark> sells fish &amp; chips &lt;script&gt;alert(2)" in body_html


def test_a_reader_cannot_inject_highlight_markers(client):
    ArticleFactory(headline="Council budget")

    html = client.get("/search/", {"q": "\ue000council\ue001"}).content.decode()

    assert "<mark>Council</mark> budget" in html


HOSTILE_QUERIES = [
    "a" * 10_000,
    "council " * 2_000,
    "\x00council",
    "coun\x00cil\x07\x1b[31m",
    '"unbalanced quote',
    'council "',
    "-",
    "- - -",
    "or",
    "or or or",
    '""',
    "()!:&|*<->",
    "!council & (budget | rates)",
    "council:A | 'x':*",
    "\u202ecouncil\u200b",
    "' OR 1=1; DROP TABLE articles_article; --",
    "%",
    "\\",
    "🏛️ council",
    "the and of",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_no_query_breaks_search(client, query):
    ArticleFactory(headline="Council budget")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<h1" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_query_string_that_is_not_utf8_is_answered(client):
    response = client.get("/search/", QUERY_STRING="q=%ED%A0%80%FF&page=1")

    assert response.status_code == 200


def test_a_very_long_query_is_cut_and_the_reader_told(client):
    response = client.get("/search/", {"q": "budget " * 2_000})

    results = response.context["results"]
    assert results.shortened
    assert len(results.query) <= MAX_QUERY_LENGTH
    assert "we used its first 200 characters" in response.content.decode()


def test_an_empty_search_explains_how_to_search(client):
    SectionFactory(name="Politics")

    response = client.get("/search/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "What are you looking for?" in html
    assert ">Politics</a>" in html
    assert "Find a phrase with quotes" in html


def test_a_search_of_only_operators_says_there_is_nothing_to_search_for(client):
    response = client.get("/search/", {"q": '- "" or'})

    assert "There is nothing to search for" in response.content.decode()


def test_a_search_that_finds_nothing_suggests_what_to_try(client):
    ArticleFactory(headline="Council budget")

    html = client.get("/search/", {"q": "xylophone"}).content.decode()

    assert "No stories match “xylophone”." in html
    assert "Try another search" in html


def test_results_are_paginated(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for days in range(5):
        ArticleFactory(headline=f"Harbour story {days}", published_at=ago(days=days + 1))

    first = client.get("/search/", {"q": "harbour"})
    third = client.get("/search/", {"q": "harbour", "page": 3})

    assert found(client, "harbour") == ["Harbour story 0", "Harbour story 1"]
    assert 'rel="next" href="?q=harbour&amp;page=2"' in first.content.decode()
    assert found(client, "harbour", page=3) == ["Harbour story 4"]
    assert "More results" not in third.content.decode()


def test_pages_of_results_run_on_from_one_relevance_tier_into_the_next(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for day in range(3):
        ArticleFactory(headline=f"Harbour headline {day}", published_at=ago(days=10 + day))
        ArticleFactory(
            headline=f"Body story {day}",
            body="<p>The harbour again.</p>",
            published_at=ago(days=day + 1),
        )

    pages = [found(client, "harbour", page=number) for number in (1, 2, 3)]

    assert pages == [
        ["Harbour headline 0", "Harbour headline 1"],
        ["Harbour headline 2", "Body story 0"],
        ["Body story 1", "Body story 2"],
    ]
    assert client.get("/search/", {"q": "harbour", "page": 4}).status_code == 404


@pytest.mark.parametrize("page", ["4", "0", "abc", "-1", "51", "9" * 40])
def test_a_page_beyond_the_results_is_not_found(client, settings, page):
    settings.ARTICLES_PER_PAGE = 2
    ArticleFactory.create_batch(5, headline="Harbour story")

    assert client.get("/search/", {"q": "harbour", "page": page}).status_code == 404


def test_search_results_are_not_indexed(client):
    html = client.get("/search/", {"q": "council"}).content.decode()

    assert '<meta name="robots" content="noindex">' in html


def test_every_page_has_a_search_form_in_its_header(client):
    article = ArticleFactory()

    for url in ("/", article.get_absolute_url(), article.section.get_absolute_url()):
        html = client.get(url).content.decode()
        assert (
            '<form class="site-search" role="search" aria-label="Site search" action="/search/"'
            in html
        )
        assert 'name="q"' in html


# The vectors are kept by the database: whatever changes an article, its search follows.


def websearch(query):
    return SearchQuery(query, search_type="websearch", config="english")


def test_editing_an_article_updates_what_finds_it(client):
    article = ArticleFactory(headline="Harbour plan")

    article.headline = "Quayside plan"
    article.save()

    assert found(client, "quayside") == ["Quayside plan"]
    assert found(client, "harbour") == []


def test_an_update_by_queryset_updates_what_finds_it(client):
    article = ArticleFactory(headline="Harbour plan", body="<p>Nothing yet.</p>")

    Article.objects.filter(pk=article.pk).update(body="<p>The aquarium reopens.</p>")

    assert found(client, "aquarium") == ["Harbour plan"]


def test_renaming_an_author_updates_their_articles(client):
    author = AuthorFactory(name="Dev Marchetti")
    ArticleFactory(headline="Harbour plan", authors=[author])

    author.name = "Devika Marchetti-Okoro"
    author.save()

    assert found(client, "Devika") == ["Harbour plan"]
    assert found(client, "Okoro") == ["Harbour plan"]


def test_adding_and_removing_a_byline_updates_what_finds_the_article(client):
    article = ArticleFactory(headline="Harbour plan", authors=[])
    noor = AuthorFactory(name="Noor Castellan")

    byline = Byline.objects.create(article=article, author=noor)
    assert found(client, "Castellan") == ["Harbour plan"]

    byline.delete()
    assert found(client, "Castellan") == []


def test_tagging_renaming_and_untagging_update_what_finds_the_article(client):
    article = ArticleFactory(headline="Harbour plan")
    tag = TagFactory(name="Waterfront")

    article.tags.add(tag)
    assert found(client, "waterfront") == ["Harbour plan"]

    tag.name = "Quayside"
    tag.save()
    assert found(client, "quayside") == ["Harbour plan"]
    assert found(client, "waterfront") == []

    article.tags.remove(tag)
    assert found(client, "quayside") == []


def test_saving_an_article_keeps_its_authors_and_tags_searchable(client):
    article = ArticleFactory(
        headline="Harbour plan",
        authors=[AuthorFactory(name="Noor Castellan")],
        tags=[TagFactory(name="Waterfront")],
    )

    article.standfirst = "A new standfirst."
    article.save()

    assert found(client, "Castellan waterfront") == ["Harbour plan"]


def test_bulk_seeded_articles_are_searchable_and_their_words_known():
    call_command("seed_demo", articles=30, stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article WHERE search_vector IS NULL "
            "OR search_headline IS NULL OR search_summary IS NULL"
        )
        assert cursor.fetchone()[0] == 0
    article = Article.objects.select_related("section").first()
    words = [w for w in re.findall(r"[a-z]+", article.headline.lower()) if len(w) > 3]
    assert SearchWord.objects.filter(word__in=words).count() == len(set(words))
    assert article.pk in Article.objects.matching(websearch(article.headline), tier=1).values_list(
        "pk", flat=True
    )
    author = article.byline_authors[0]
    assert article.pk in Article.objects.matching(websearch(author.name), tier=2).values_list(
        "pk", flat=True
    )


def test_the_simple_search_for_other_databases_finds_and_ranks_by_substring():
    ArticleFactory(headline="Budget night", body="<p>Volunteer mobilisation.</p>")
    ArticleFactory(headline="Mobilisation grows", published_at=ago(days=30))
    ArticleFactory(headline="Unrelated")
    engine = SimpleSearch()

    hits = engine.ranked("mobilisation", limit=10)
    articles = engine.fetch("mobilisation", hits)

    assert [a.headline for a in articles] == ["Mobilisation grows", "Budget night"]
    assert str(articles[0].hit_headline) == "<mark>Mobilisation</mark> grows"
