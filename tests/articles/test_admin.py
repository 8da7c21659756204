import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, role_user

pytestmark = pytest.mark.django_db

INLINE = "bylines"
CHANGELIST = reverse("admin:articles_article_changelist")


def _article_form(**overrides):
    section, author, tag = SectionFactory(name="Politics"), AuthorFactory(), TagFactory()
    data = {
        "headline": "Council passes the harbour budget",
        "slug": "council-passes-harbour-budget",
        "standfirst": "A late amendment kept the night ferry running.",
        "section": section.pk,
        "tags": [tag.pk],
        "body": "<p>The vote was 7 to 4.</p><script>alert('x')</script>",
        "lead_image_alt": "",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "_action": "publish",
        "published_at_0": "",
        "published_at_1": "",
        "correction": "",
        f"{INLINE}-TOTAL_FORMS": "1",
        f"{INLINE}-INITIAL_FORMS": "0",
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
        f"{INLINE}-0-author": author.pk,
        f"{INLINE}-0-order": "0",
    }
    data.update(overrides)
    return data, author


def test_an_editor_creates_and_publishes_an_article_that_appears_on_home(admin_client, client):
    data, author = _article_form()

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get(slug="council-passes-harbour-budget")
    assert article.is_public
    assert article.byline_authors == [author]
    assert "<script" not in article.body
    home = client.get("/").content.decode()
    assert "Council passes the harbour budget" in home
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_draft_saved_in_the_admin_stays_off_the_site(admin_client, client):
    data, _ = _article_form(_action="save")

    admin_client.post(reverse("admin:articles_article_add"), data)

    assert Article.objects.get().status == "draft"
    assert "Council passes the harbour budget" not in client.get("/").content.decode()


def test_a_second_article_with_the_same_address_is_refused_with_a_clear_message(admin_client):
    from tests.factories import ArticleFactory

    existing = ArticleFactory(slug="council-passes-harbour-budget")
    when = existing.published_at
    data, _ = _article_form(
        published_at_0=when.strftime("%Y-%m-%d"), published_at_1=when.strftime("%H:%M:%S")
    )

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "Another article published on that day already has this address." in (
        response.content.decode()
    )
    assert Article.objects.count() == 1


def test_a_photo_without_alt_text_is_refused_with_a_clear_message(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from factory.django import ImageField

    jpeg = ImageField()._make_data({"width": 64, "height": 36, "format": "JPEG"})
    data, _ = _article_form(lead_image=SimpleUploadedFile("p.jpg", jpeg, "image/jpeg"))

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "Describe the photo for readers who cannot see it." in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "admin_page",
    ["articles_article", "articles_section", "articles_author", "articles_tag"],
)
def test_admin_lists_and_forms_open(admin_client, admin_page):
    from tests.factories import ArticleFactory

    ArticleFactory(with_photo=True)

    assert admin_client.get(reverse(f"admin:{admin_page}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{admin_page}_add")).status_code == 200


def test_article_list_filters_and_searches(admin_client):
    from tests.factories import ArticleFactory

    ArticleFactory(headline="Ferry fares rise", section=SectionFactory(name="Business"))
    ArticleFactory(headline="Library hours cut", draft=True)
    url = reverse("admin:articles_article_changelist")

    found = admin_client.get(url, {"q": "ferry"}).content.decode()
    drafts = admin_client.get(url, {"status__exact": "draft"}).content.decode()

    assert "Ferry fares rise" in found and "Library hours cut" not in found
    assert "Library hours cut" in drafts and "Ferry fares rise" not in drafts


def test_author_and_tag_autocomplete_answer(admin_client):
    AuthorFactory(name="Ada Reyes")
    TagFactory(name="Housing")
    autocomplete = reverse("admin:autocomplete")

    authors = admin_client.get(
        autocomplete,
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "ada"},
    ).json()
    tags = admin_client.get(
        autocomplete,
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "hous"},
    ).json()

    assert [r["text"] for r in authors["results"]] == ["Ada Reyes"]
    assert [r["text"] for r in tags["results"]] == ["Housing"]


@pytest.mark.parametrize(
    "day", ["2027-03-28", "2027-10-31"], ids=["the-hour-the-clocks-skip", "the-hour-twice-over"]
)
def test_scheduling_at_a_time_a_clock_change_skips_or_repeats_is_refused_with_a_clear_message(
    admin_client, settings, day
):
    """01:30 in London does not exist on 28 March 2027 and happens twice on 31 October."""
    settings.TIME_ZONE = "Europe/London"
    data, _ = _article_form(published_at_0=day, published_at_1="01:30:00")

    response = admin_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "couldn’t be interpreted in time zone Europe/London" in response.content.decode()
    assert not Article.objects.exists()


# The editors' desk: buttons that say what they do, the preview of an unsaved article, and the
# form's help. Times are frozen where the buttons read the clock.

ADD = reverse("admin:articles_article_add")
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.time_machine(NOW, tick=False)
def test_publish_now_puts_the_article_on_the_site_at_once_and_says_so(admin_client, client):
    data, _ = _article_form(_action="publish")

    response = admin_client.post(ADD, data, follow=True)

    article = Article.objects.get()
    assert article.is_public and article.published_at == NOW
    assert "Published: readers can see it now." in response.content.decode()
    assert response.redirect_chain[-1][0] == _change(article)
    assert "Council passes the harbour budget" in client.get("/").content.decode()


@pytest.mark.time_machine(NOW, tick=False)
def test_schedule_keeps_the_article_off_the_site_until_its_time(admin_client, client):
    data, _ = _article_form(
        _action="schedule", published_at_0="2026-03-21", published_at_1="09:00:00"
    )

    response = admin_client.post(ADD, data, follow=True)

    article = Article.objects.get()
    assert article.is_scheduled
    assert "Scheduled: it goes live on 21 March 2026, 09:00." in response.content.decode()
    assert "Council passes the harbour budget" not in client.get("/").content.decode()


@pytest.mark.time_machine(NOW, tick=False)
@pytest.mark.parametrize(
    ("day", "time"), [("", ""), ("2026-03-19", "09:00:00")], ids=["no-time", "a-past-time"]
)
def test_schedule_without_a_time_to_come_is_refused_with_a_clear_message(admin_client, day, time):
    data, _ = _article_form(_action="schedule", published_at_0=day, published_at_1=time)

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    assert "To schedule the article, give a publication time still to come" in (
        response.content.decode()
    )
    assert not Article.objects.exists()


def test_unpublish_takes_the_article_off_the_site_and_keeps_its_address(admin_client, client):
    article = ArticleFactory(slug="council-passes-harbour-budget")
    address, published_at = article.get_absolute_url(), article.published_at
    data, _ = _article_form(
        _action="unpublish",
        published_at_0=timezone.localtime(published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(published_at).strftime("%H:%M:%S"),
        **{f"{INLINE}-TOTAL_FORMS": "0"},
    )

    response = admin_client.post(_change(article), data, follow=True)

    article.refresh_from_db()
    assert article.status == "draft"
    assert "Unpublished: it is a draft again, and off the site." in response.content.decode()
    assert client.get(address).status_code == 404
    assert article.published_at == published_at.replace(microsecond=0)


def test_the_buttons_follow_the_role_and_the_article(admin_client, client):
    draft, live = ArticleFactory(draft=True), ArticleFactory()
    writer = role_user("Writer", username="wren")
    writers_draft = ArticleFactory(draft=True, created_by=writer)
    client.force_login(writer)

    def buttons(response):
        return re.findall(r'name="_action" value="(\w+)"[^>]*>([^<]+)<', response.content.decode())

    assert buttons(admin_client.get(ADD)) == [
        ("save", "Save draft"),
        ("publish", "Publish now"),
        ("schedule", "Schedule"),
    ]
    assert [label for _, label in buttons(admin_client.get(_change(draft)))] == [
        "Save draft",
        "Publish now",
        "Schedule",
    ]
    assert [label for _, label in buttons(admin_client.get(_change(live)))] == [
        "Save changes",
        "Unpublish",
    ]
    assert buttons(client.get(_change(writers_draft))) == [
        ("save", "Save draft"),
        ("submit", "Submit for review"),
    ]


@pytest.mark.time_machine(NOW, tick=False)
def test_a_submitted_draft_waits_on_the_editors_home_page_until_it_is_published(client):
    writer = role_user("Writer", username="wren")
    editor = role_user("Editor", username="eda")
    client.force_login(writer)
    data, _ = _article_form(_action="submit")

    submitted = client.post(ADD, data, follow=True)
    writers_home = client.get(reverse("admin:index")).content.decode()
    client.force_login(editor)
    editors_home = client.get(reverse("admin:index")).content.decode()
    article = Article.objects.get()
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [article.pk], "index": 0})
    after = client.get(reverse("admin:index")).content.decode()

    assert "Submitted for review: editors see it on their admin home page." in (
        submitted.content.decode()
    )
    assert article.status == "draft" and article.review_requested_at == NOW
    assert "Waiting for review" not in writers_home
    assert "Waiting for review (1)" in editors_home
    assert f'href="{_change(article)}">Council passes the harbour budget</a>' in editors_home
    assert "Waiting for review (0)" in after


def test_the_article_list_filters_the_drafts_waiting_for_review(admin_client):
    ArticleFactory(draft=True, headline="Library hours cut", review_requested_at=NOW)
    ArticleFactory(draft=True, headline="Ferry timetable draft")

    html = admin_client.get(CHANGELIST, {"status__exact": "review"}).content.decode()

    assert "Library hours cut" in html and "Ferry timetable draft" not in html


def test_the_slug_help_gives_the_articles_real_address(admin_client, settings):
    settings.SITE_URL = "https://news.example.org"
    article = ArticleFactory(slug="ferry-fares-rise")

    html = admin_client.get(_change(article)).content.decode()

    address = f"https://news.example.org{article.get_absolute_url()}"
    assert f'<a href="{address}">{address}</a>' in html


def test_the_lead_photo_is_shown_as_readers_will_see_it(admin_client):
    article = ArticleFactory(with_photo=True)

    html = admin_client.get(_change(article)).content.decode()

    assert 'alt="Commuters wait on a ferry pier under grey skies."' in html
    assert "On cards, cropped to 16:9" in html
    assert 'class="lead-photo-preview__crop"' in html


def test_the_authors_come_right_after_the_headline(admin_client):
    html = admin_client.get(ADD).content.decode()

    assert html.index('name="headline"') < html.index('id="bylines-group"')
    assert html.index('id="bylines-group"') < html.index('name="body"')


PREVIEW = reverse("admin:articles_article_preview")


def test_an_unsaved_article_is_previewed_as_readers_would_see_it_and_nothing_is_saved(
    admin_client,
):
    data, author = _article_form(headline="Night ferry returns")

    response = admin_client.post(PREVIEW, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__headline">Night ferry returns</h1>' in html
    assert "<p>The vote was 7 to 4.</p>" in html and "<script>alert" not in html
    assert author.name in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not Article.objects.exists()


def test_a_saved_article_is_previewed_with_its_unsaved_changes(admin_client):
    article = ArticleFactory(headline="Ferry fares rise")
    data, _ = _article_form(headline="Ferry fares rise again", slug=article.slug)

    response = admin_client.post(
        reverse("admin:articles_article_preview_change", args=[article.pk]), data
    )

    assert "Ferry fares rise again" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Ferry fares rise"


def test_a_preview_of_an_incomplete_article_says_what_is_missing(admin_client):
    data, _ = _article_form(headline="", section="")

    response = admin_client.post(PREVIEW, data)

    assert response.status_code == 400
    assert "Correct these in the article form, then press Preview again" in (
        response.content.decode()
    )
    assert "Headline: This field is required." in response.content.decode()


def test_the_preview_is_only_for_staff_who_may_write_the_article(client, admin_client):
    colleague = role_user("Writer", username="colleague")
    theirs = ArticleFactory(draft=True, created_by=colleague)
    client.force_login(role_user("Writer", username="wren"))
    data, _ = _article_form()

    assert admin_client.get(PREVIEW).status_code == 405
    assert client.post(
        reverse("admin:articles_article_preview_change", args=[theirs.pk]), data
    ).status_code in (403, 404)
    client.logout()
    assert client.post(PREVIEW, data).status_code == 302  # to the sign-in page
