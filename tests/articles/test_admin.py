import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

INLINE = "bylines"


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
