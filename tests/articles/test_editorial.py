"""An editor's daily work in the admin: corrections with their time, scheduling, preview, the
change list."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from articles.models import Article
from articles.services import article_save
from tests.factories import ArticleFactory, role_user

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 3, 10, 40, tzinfo=UTC)


def _json_ld(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_a_correction_is_shown_with_its_time(client):
    article = ArticleFactory(published_at=MOMENT - timedelta(days=1))
    with time_machine.travel(MOMENT, tick=False):
        article.correction = "An earlier version gave the wrong vote count."
        article_save(article=article)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Correction, " in html
    assert "3 March 2026 10:40</time>: An earlier version gave the wrong vote count." in html


def test_a_correction_saved_any_other_way_is_shown_with_its_time(client):
    with time_machine.travel(MOMENT, tick=False):
        article = ArticleFactory(
            published_at=MOMENT - timedelta(days=1),
            correction="The photo caption named the wrong quay.",
        )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "3 March 2026 10:40</time>: The photo caption named the wrong quay." in html


def test_a_correction_sets_date_modified_to_its_time(client):
    article = ArticleFactory(published_at=MOMENT - timedelta(days=1))
    with time_machine.travel(MOMENT, tick=False):
        article.correction = "An earlier version gave the wrong vote count."
        article_save(article=article)
    with time_machine.travel(MOMENT + timedelta(hours=2), tick=False):
        article.standfirst = "A typo fixed, not a correction."
        article_save(article=article)

    html = client.get(article.get_absolute_url()).content.decode()

    assert _json_ld(html)["dateModified"] == MOMENT.isoformat()
    assert f'<meta property="article:modified_time" content="{MOMENT.isoformat()}">' in html


def test_saving_without_changing_the_correction_keeps_its_time():
    article = ArticleFactory(correction="")
    with time_machine.travel(MOMENT, tick=False):
        article.correction = "The photo caption named the wrong quay."
        article_save(article=article)
    with time_machine.travel(MOMENT + timedelta(days=1), tick=False):
        article.headline = "A better headline"
        article_save(article=article)

    article.refresh_from_db()
    assert article.corrected_at == MOMENT


def test_rewording_a_correction_updates_its_time_and_removing_it_clears_it():
    article = ArticleFactory()
    with time_machine.travel(MOMENT, tick=False):
        article.correction = "The photo caption named the wrong quay."
        article_save(article=article)
    with time_machine.travel(MOMENT + timedelta(hours=1), tick=False):
        article.correction = "The photo caption named the wrong quay: it is Mill Quay."
        article_save(article=article)
    reworded_at = Article.objects.get(pk=article.pk).corrected_at
    article.correction = ""
    article_save(article=article)

    assert reworded_at == MOMENT + timedelta(hours=1)
    assert Article.objects.get(pk=article.pk).corrected_at is None


def test_a_scheduled_article_reaches_the_home_page_at_its_time_and_not_before(client):
    with time_machine.travel(MOMENT, tick=False):
        ArticleFactory(headline="Night ferry returns", published_at=MOMENT + timedelta(minutes=10))
        before = client.get("/").content.decode()
    with time_machine.travel(MOMENT + timedelta(minutes=10), tick=False):
        after = client.get("/").content.decode()

    assert "Night ferry returns" not in before
    assert "Night ferry returns" in after


def test_the_admin_offers_a_preview_of_drafts_and_scheduled_articles(admin_client):
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    live = ArticleFactory()

    def change_form(article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return admin_client.get(url).content.decode()

    preview = reverse("articles:preview", kwargs={"pk": draft.pk})
    assert f'href="{preview}"' in change_form(draft)
    assert 'href="{}"'.format(reverse("articles:preview", kwargs={"pk": scheduled.pk})) in (
        change_form(scheduled)
    )
    assert "Preview" not in change_form(live).split('id="content-main"')[0]


def test_the_preview_shows_a_ribbon_to_staff_and_is_never_cached(client):
    writer = role_user("Writer")
    draft = ArticleFactory(draft=True, headline="Harbour budget draft", created_by=writer)
    client.force_login(writer)

    response = client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))

    assert response.status_code == 200
    assert "Harbour budget draft" in response.content.decode()
    assert 'class="preview-ribbon"' in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_writer_cannot_preview_another_writers_draft(client):
    draft = ArticleFactory(draft=True, created_by=role_user("Writer", username="colleague"))
    client.force_login(role_user("Writer", username="wren"))

    response = client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))

    assert response.status_code == 404


def test_the_preview_is_not_shown_to_readers(client):
    draft = ArticleFactory(draft=True)

    response = client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))

    assert response.status_code in (302, 404)


CHANGELIST = reverse("admin:articles_article_changelist")


def test_the_change_list_shows_status_badges_authors_and_sections(admin_client):
    from tests.factories import AuthorFactory, SectionFactory

    ArticleFactory(
        headline="Ferry fares rise",
        authors=[AuthorFactory(name="Ada Reyes")],
        section=SectionFactory(name="Business"),
    )
    ArticleFactory(headline="Library hours cut", draft=True)
    ArticleFactory(headline="Night ferry returns", scheduled=True)

    html = admin_client.get(CHANGELIST).content.decode()

    assert '<span class="status-badge status-badge--published">Published</span>' in html
    assert '<span class="status-badge status-badge--draft">Draft</span>' in html
    assert '<span class="status-badge status-badge--scheduled">Scheduled</span>' in html
    assert "Ada Reyes" in html and "Business" in html


def test_the_change_list_shows_a_thumbnail_of_the_lead_photo(admin_client):
    ArticleFactory(with_photo=True)

    html = admin_client.get(CHANGELIST).content.decode()

    assert 'class="article-thumb"' in html


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("draft", "Library hours cut"),
        ("scheduled", "Night ferry returns"),
        ("published", "Ferry fares rise"),
    ],
)
def test_the_change_list_filters_by_status_including_scheduled(admin_client, status, shown):
    headlines = {"Ferry fares rise", "Library hours cut", "Night ferry returns"}
    ArticleFactory(headline="Ferry fares rise")
    ArticleFactory(headline="Library hours cut", draft=True)
    ArticleFactory(headline="Night ferry returns", scheduled=True)

    html = admin_client.get(CHANGELIST, {"status__exact": status}).content.decode()

    assert shown in html
    assert not any(other in html for other in headlines - {shown})


def test_the_change_list_filters_and_searches_by_author(admin_client):
    from tests.factories import AuthorFactory

    ada = AuthorFactory(name="Ada Reyes")
    ArticleFactory(headline="Ferry fares rise", authors=[ada])
    ArticleFactory(headline="Library hours cut")

    filtered = admin_client.get(CHANGELIST, {"bylines__author__id__exact": ada.pk})
    searched = admin_client.get(CHANGELIST, {"q": "reyes"})

    for response in (filtered, searched):
        html = response.content.decode()
        assert "Ferry fares rise" in html and "Library hours cut" not in html


def test_the_change_list_reads_a_page_of_articles_in_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for _ in range(30):
        ArticleFactory(with_photo=False)

    # 12, and 2 for staff accounts: the second factor's device, the idle session's new expiry.
    with django_assert_max_num_queries(14):
        assert admin_client.get(CHANGELIST).status_code == 200


def test_the_revision_history_shows_who_changed_which_field_from_what_to_what(client):
    from tests.articles.test_admin import _article_form

    editor = role_user("Editor", username="eda")
    client.force_login(editor)
    data, _ = _article_form(_action="save")
    client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get()
    data["headline"] = "Harbour budget passes after late amendment"
    data["bylines-INITIAL_FORMS"] = "1"
    data["bylines-0-id"] = article.bylines.get().pk
    data["bylines-0-article"] = article.pk
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = html.decode()

    latest = article.revisions.first()
    assert latest.user == editor
    assert latest.changes == {
        "headline": [
            "Council passes the harbour budget",
            "Harbour budget passes after late amendment",
        ]
    }
    assert article.revisions.count() == 2
    assert "Harbour budget passes after late amendment</td>" in html
    assert '<th scope="row">headline</th>' in html
    assert ">eda</td>" in html


def test_a_save_that_changes_nothing_adds_no_revision(client):
    from tests.articles.test_admin import _article_form

    client.force_login(role_user("Editor"))
    data, _ = _article_form(_action="save")
    client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get()
    data["bylines-INITIAL_FORMS"] = "1"
    data["bylines-0-id"] = article.bylines.get().pk
    data["bylines-0-article"] = article.pk

    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert article.revisions.count() == 1
