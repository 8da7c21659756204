"""An article's address may change (a better slug, a corrected date); its old addresses keep
working, each with a single permanent redirect to where it is now."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import Article, ArticleRedirect
from articles.services import article_save
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MAY_2 = datetime(2026, 5, 2, 9, tzinfo=UTC)


def move(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    return article_save(article=article)


def test_a_changed_slug_leaves_a_permanent_redirect(client):
    article = ArticleFactory(slug="ferry-fares-rise", published_at=MAY_2)

    move(article, slug="ferry-fares-rise-by-a-fifth")

    response = client.get("/2026/05/02/ferry-fares-rise/")
    assert response.status_code == 301
    assert response["Location"] == "/2026/05/02/ferry-fares-rise-by-a-fifth/"
    assert client.get(response["Location"]).status_code == 200


def test_a_changed_publication_date_leaves_a_permanent_redirect(client):
    article = ArticleFactory(slug="ferry-fares", published_at=MAY_2)

    move(article, published_at=MAY_2 - timedelta(days=1))

    response = client.get("/2026/05/02/ferry-fares/")
    assert response.status_code == 301
    assert response["Location"] == "/2026/05/01/ferry-fares/"


def test_a_chain_of_changes_sends_every_old_address_straight_to_the_current_one(client):
    article = ArticleFactory(slug="a", published_at=MAY_2)

    move(article, slug="b")
    move(article, slug="c")
    move(article, published_at=MAY_2 + timedelta(days=1))

    for old in ("/2026/05/02/a/", "/2026/05/02/b/", "/2026/05/02/c/"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, "/2026/05/03/c/"), old


def test_the_redirect_keeps_the_query_string(client):
    article = ArticleFactory(slug="a", published_at=MAY_2)
    move(article, slug="b")

    response = client.get("/2026/05/02/a/", {"utm_source": "newsletter"})

    assert response["Location"] == "/2026/05/02/b/?utm_source=newsletter"


def test_an_address_taken_by_another_article_shows_that_article(client):
    first = ArticleFactory(slug="budget", headline="First budget story", published_at=MAY_2)
    move(first, slug="budget-2026")
    ArticleFactory(slug="budget", headline="Second budget story", published_at=MAY_2)

    response = client.get("/2026/05/02/budget/")

    assert response.status_code == 200
    assert response.context["article"].headline == "Second budget story"


def test_an_address_is_handed_on_when_its_new_owner_moves_away_too(client):
    first = ArticleFactory(slug="budget", published_at=MAY_2)
    move(first, slug="budget-2026")
    second = ArticleFactory(slug="budget", published_at=MAY_2)

    move(second, slug="budget-vote")

    assert client.get("/2026/05/02/budget/")["Location"] == "/2026/05/02/budget-vote/"
    assert ArticleRedirect.objects.get(slug="budget").article == second


def test_moving_back_to_an_old_address_serves_the_article_there(client):
    article = ArticleFactory(slug="a", published_at=MAY_2)
    move(article, slug="b")

    move(article, slug="a")

    assert client.get("/2026/05/02/a/").status_code == 200
    assert client.get("/2026/05/02/b/")["Location"] == "/2026/05/02/a/"


def test_an_old_address_of_an_unpublished_article_is_not_found(client):
    article = ArticleFactory(slug="a", published_at=MAY_2)
    move(article, slug="b")

    move(article, status=Article.Status.DRAFT)

    assert client.get("/2026/05/02/a/").status_code == 404


def test_saving_without_changing_the_address_records_nothing():
    article = ArticleFactory(slug="a", published_at=MAY_2)

    move(article, headline="A better headline", published_at=MAY_2 + timedelta(hours=2))

    assert not ArticleRedirect.objects.exists()


def test_a_draft_has_no_address_to_keep():
    draft = ArticleFactory(draft=True, slug="working-title")

    move(draft, slug="final-title")

    assert not ArticleRedirect.objects.exists()


def test_an_editor_renaming_the_slug_in_the_admin_keeps_the_old_link_working(admin_client, client):
    article = ArticleFactory(slug="old-slug", headline="Harbour plan", published_at=MAY_2)
    byline = article.bylines.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "headline": article.headline,
        "slug": "new-slug",
        "standfirst": article.standfirst,
        "section": article.section_id,
        "body": article.body,
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "_action": "save",
        "published_at_0": "2026-05-02",
        "published_at_1": "09:00:00",
        "correction": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "1",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-id": byline.pk,
        "bylines-0-article": article.pk,
        "bylines-0-author": byline.author_id,
        "bylines-0-order": "0",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].errors
    old = client.get("/2026/05/02/old-slug/")
    assert (old.status_code, old["Location"]) == (301, "/2026/05/02/new-slug/")
    assert admin_client.get(reverse("admin:articles_articleredirect_changelist")).status_code == 200
