import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles import demo
from articles.models import Article, Author, Byline, Section, Tag
from articles.search import body_text

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(Article.objects.values_list("slug", "status", "published_at", "updated_at"))


def test_seed_demo_fills_a_whole_newsroom(capsys):
    call_command("seed_demo")

    published = Article.objects.published()
    assert Section.objects.count() >= 5
    assert Author.objects.count() >= 8
    assert Tag.objects.exists()
    assert published.count() >= 60
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(published_at__gt=timezone.now()).exists()
    assert not published.filter(lead_image="").exists()
    assert not published.filter(lead_image_caption="").exists()
    assert not published.filter(lead_image_credit="").exists()
    # Their size is stored, for the space pages keep before the photo (or a rendition) arrives.
    assert set(published.values_list("lead_image_width", "lead_image_height")) == {demo.IMAGE_SIZE}
    assert not published.filter(bylines=None).exists()
    assert not published.filter(tags=None).exists()
    oldest = published.order_by("published_at").first().published_at
    assert (timezone.now() - oldest).days >= 60, "spread over recent months"
    # The copy is typeset: typographic quotes and apostrophes only.
    copy = published.values_list("headline", "standfirst", "lead_image_caption", "body")
    texts = [body_text(text) for row in copy for text in row]
    assert not [text for text in texts if "'" in text or '"' in text]
    # A correction is shown with its time.
    assert Article.objects.exclude(correction="").exists()
    assert not Article.objects.exclude(correction="").filter(corrected_at=None).exists()


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    before = _snapshot()

    call_command("seed_demo")

    assert _snapshot() == before


def test_seed_demo_creates_an_editor_account_only_with_debug_on(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")
    assert not get_user_model().objects.exists()

    settings.DEBUG = True
    call_command("seed_demo")

    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and editor.check_password("read-all-about-it")
    assert "password 'read-all-about-it'" in capsys.readouterr().out


def test_the_demo_editor_signs_in_with_the_printed_password_and_no_authenticator_app(
    client, settings
):
    settings.DEBUG = True
    call_command("seed_demo")

    client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "read-all-about-it", "next": "/admin/"},
    )
    home = client.get("/admin/")

    assert home.status_code == 200
    assert "Set up two-factor authentication" in home.content.decode()  # offered, not required
    assert client.get("/admin/articles/article/").status_code == 200


def test_seed_demo_articles_adds_that_many_published_articles_in_bulk(capsys):
    call_command("seed_demo", articles=250)

    assert Article.objects.published().count() == 250
    assert Byline.objects.count() >= 250
    assert Article.tags.through.objects.count() >= 250
    assert "250 / 250 articles" in capsys.readouterr().out
    article = Article.objects.published().first()
    assert article.published_on == timezone.localdate(article.published_at)


def test_seed_demo_articles_can_run_again_without_clashing_addresses():
    call_command("seed_demo", articles=50)
    call_command("seed_demo", articles=50)

    assert Article.objects.count() == 100


def test_the_demo_has_a_section_with_a_second_page_of_stories(client, settings):
    """A newcomer sees pagination work: News has more stories than one page holds."""
    settings.ARTICLES_PER_PAGE = 12  # the default the demo runs with
    call_command("seed_demo")

    first = client.get("/news/").content.decode()
    second = client.get("/news/?page=2")

    assert 'rel="next" href="?page=2"' in first
    assert second.status_code == 200
    assert "Page 2" in second.content.decode()
    assert 'rel="prev"' in second.content.decode()
