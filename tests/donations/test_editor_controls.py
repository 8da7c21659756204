"""Editors' controls over the asks: "No asks on this story", sensitive tags, "Pause all asks
until …", and the prompt's preview in the admin. What readers see is read from the rendered
pages, through the page cache, as they would get them."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.services import article_save
from donations.models import AsksPause, Prompt
from tests.factories import (
    ArticleFactory,
    AsksPauseFactory,
    PromptFactory,
    TagFactory,
    UserFactory,
    role_user,
    staff_log_in,
)

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BANNER = 'class="support-banner"'
APPEAL = 'class="appeal"'
FOOTER_LINK = '<a href="/support/">Support us</a>'
PAUSES = "/admin/donations/askspause/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def clock():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def story(asks, clock):
    return ArticleFactory(headline="Harbour wall repairs begin", tags=[TagFactory()])


def _asks_on(client, url) -> tuple[bool, bool]:
    """Whether the page at `url` shows the banner and the appeal; it always has the footer's
    plain link."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert FOOTER_LINK in html
    return BANNER in html, APPEAL in html


def _pause_in_admin(admin_client, django_capture_on_commit_callbacks, *, until, reason="Mourning"):
    local = timezone.localtime(until)
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(
            f"{PAUSES}add/",
            {"until_0": f"{local:%Y-%m-%d}", "until_1": f"{local:%H:%M:%S}", "reason": reason},
        )


def _end_in_admin(admin_client, django_capture_on_commit_callbacks, pause):
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(
            PAUSES, {"action": "end_now", "_selected_action": [pause.pk]}, follow=True
        )


# A story, a topic


def test_a_story_marked_no_asks_shows_only_the_footer_link(client, story):
    quiet = ArticleFactory(no_asks=True)

    assert _asks_on(client, quiet.get_absolute_url()) == (False, False)
    assert _asks_on(client, story.get_absolute_url()) == (True, True)


def test_a_story_with_a_sensitive_tag_shows_only_the_footer_link(client, story):
    grief = TagFactory(name="Ferry accident", sensitive=True)
    story.tags.add(grief)

    assert _asks_on(client, story.get_absolute_url()) == (False, False)


def test_a_sensitive_tags_own_page_shows_no_asks(client, story):
    grief = TagFactory(name="Ferry accident", sensitive=True)
    ArticleFactory(tags=[grief])

    assert _asks_on(client, grief.get_absolute_url()) == (False, False)
    assert _asks_on(client, story.tags.get().get_absolute_url()) == (True, False)


def test_ticking_no_asks_takes_the_asks_off_the_cached_story_at_once(
    client, story, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    assert _asks_on(client, url) == (True, True)  # now kept in the page cache

    story.no_asks = True
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=story)  # as the admin's change form saves it

    assert _asks_on(client, url) == (False, False)


def test_a_tag_marked_sensitive_in_the_admin_takes_the_asks_off_its_cached_stories_at_once(
    client, admin_client, story, django_capture_on_commit_callbacks
):
    tag = story.tags.get()
    url = story.get_absolute_url()
    assert _asks_on(client, url) == (True, True)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/articles/tag/{tag.pk}/change/",
            {"name": tag.name, "slug": tag.slug, "sensitive": "on"},
        )

    assert response.status_code == 302
    assert _asks_on(client, url) == (False, False)
    assert _asks_on(client, tag.get_absolute_url()) == (False, False)


def test_only_editors_may_switch_the_asks_off_a_story(client, story):
    editor, writer = role_user("Editor"), role_user("Writer")
    change = f"/admin/articles/article/{story.pk}/change/"
    story.created_by = writer
    story.save()

    staff_log_in(client, editor)
    assert 'name="no_asks"' in client.get(change).content.decode()
    staff_log_in(client, writer)
    html = client.get(change).content.decode()
    assert "No asks on this story" in html and 'name="no_asks"' not in html


# Pausing every ask


def test_a_pause_saved_in_the_admin_takes_every_ask_off_cached_pages_at_once(
    client, admin_client, story, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    assert _asks_on(client, url) == (True, True)
    assert _asks_on(client, "/") == (True, False)

    response = _pause_in_admin(
        admin_client, django_capture_on_commit_callbacks, until=MOMENT + timedelta(hours=6)
    )

    assert response.status_code == 302
    pause = AsksPause.objects.get()
    assert pause.created_by.is_superuser and pause.until == MOMENT + timedelta(hours=6)
    assert _asks_on(client, url) == (False, False)
    assert _asks_on(client, "/") == (False, False)


def test_the_asks_come_back_when_the_pause_ends_even_on_pages_kept_during_it(
    client, admin_client, story, clock, django_capture_on_commit_callbacks
):
    url = story.get_absolute_url()
    _pause_in_admin(
        admin_client, django_capture_on_commit_callbacks, until=MOMENT + timedelta(seconds=30)
    )
    assert _asks_on(client, url) == (False, False)  # kept in the page cache

    clock.move_to(MOMENT + timedelta(seconds=29))
    assert _asks_on(client, url) == (False, False)
    clock.move_to(MOMENT + timedelta(seconds=30))
    assert _asks_on(client, url) == (True, True)


def test_ending_a_pause_early_brings_the_asks_back_at_once(
    client, admin_client, story, django_capture_on_commit_callbacks
):
    pause = AsksPauseFactory()
    url = story.get_absolute_url()
    assert _asks_on(client, url) == (False, False)

    response = _end_in_admin(admin_client, django_capture_on_commit_callbacks, pause)

    assert "Ended 1 pause(s)" in response.content.decode()
    pause.refresh_from_db()
    assert pause.ended_at == MOMENT and not pause.is_active
    assert _asks_on(client, url) == (True, True)


def test_pausing_and_ending_a_pause_drop_every_page_at_the_edge(
    admin_client, story, purged, django_capture_on_commit_callbacks
):
    _pause_in_admin(
        admin_client, django_capture_on_commit_callbacks, until=MOMENT + timedelta(hours=1)
    )
    _end_in_admin(admin_client, django_capture_on_commit_callbacks, AsksPause.objects.get())

    assert purged == [{"pages"}, {"pages"}]


def test_a_pause_that_would_end_in_the_past_is_refused_with_a_message(
    admin_client, story, django_capture_on_commit_callbacks
):
    response = _pause_in_admin(
        admin_client, django_capture_on_commit_callbacks, until=MOMENT - timedelta(minutes=1)
    )

    assert response.status_code == 200
    assert "The end of the pause must be in the future." in response.content.decode()
    assert not AsksPause.objects.exists()


def test_editors_and_fundraising_may_pause_the_asks_and_writers_may_not(client, story):
    for role, allowed in (("Editor", True), ("Fundraising", True), ("Writer", False)):
        staff_log_in(client, role_user(role))
        assert (client.get(f"{PAUSES}add/").status_code == 200) is allowed, role


def test_the_editors_controls_cost_pages_no_query(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs
    quiet = ArticleFactory(no_asks=True, tags=[TagFactory(sensitive=True)])

    def queries(url) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    asking = queries(story.get_absolute_url())
    assert queries(quiet.get_absolute_url()) == asking
    AsksPauseFactory()
    assert queries(story.get_absolute_url()) == asking
    assert queries("/") <= 2  # home's budget (tests/articles/test_query_counts.py)


# The prompt's preview


@pytest.fixture
def dormant():
    """A prompt no reader sees: switched off."""
    return PromptFactory(
        key="winter-drive",
        headline="Winter drive: keep the night desk open",
        is_active=False,
    )


def test_the_preview_shows_the_prompt_at_a_phones_and_a_desktops_size(admin_client, dormant):
    html = admin_client.get(f"/admin/donations/prompt/{dormant.pk}/preview/").content.decode()

    frames = re.findall(r'<iframe src="([^"]+)" width="(\d+)" height="(\d+)"', html)
    page = f"/admin/donations/prompt/{dormant.pk}/preview/page/"
    assert frames == [(page, "390", "844"), (page, "1280", "800")]
    assert "Readers do not see this prompt now" in html


def test_the_preview_page_is_the_readers_banner_framed_only_by_the_admin(admin_client, dormant):
    response = admin_client.get(f"/admin/donations/prompt/{dormant.pk}/preview/page/")

    html = response.content.decode()
    assert BANNER in html and "Winter drive: keep the night desk open" in html
    assert "css/prompts." in html and "js/prompts." not in html  # no beacon: nothing counted
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_the_preview_of_an_appeal_puts_it_at_the_end_of_a_story(admin_client):
    appeal = PromptFactory(appeal=True, headline="Before you go: this story was paid for")

    html = admin_client.get(f"/admin/donations/prompt/{appeal.pk}/preview/page/").content.decode()

    assert APPEAL in html and BANNER not in html
    assert html.index('class="article"') < html.index(APPEAL)


def test_reader_pages_still_refuse_every_frame(client, story):
    assert "frame-ancestors 'none'" in client.get("/")["Content-Security-Policy"]


@pytest.mark.parametrize("suffix", ["preview/", "preview/page/"])
def test_only_staff_who_may_see_prompts_get_the_preview(client, dormant, suffix):
    url = f"/admin/donations/prompt/{dormant.pk}/{suffix}"
    assert client.get(url).status_code == 302  # to the sign-in page
    staff_log_in(client, role_user("Writer"))
    assert client.get(url).status_code == 403
    staff_log_in(client, role_user("Fundraising"))
    assert client.get(url).status_code == 200
    staff_log_in(client, UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


def test_previewing_a_prompt_that_does_not_exist_is_a_404(admin_client):
    assert admin_client.get("/admin/donations/prompt/999999/preview/page/").status_code == 404


def test_the_prompt_form_links_to_its_preview(admin_client, dormant):
    html = admin_client.get(f"/admin/donations/prompt/{dormant.pk}/change/").content.decode()

    assert f'href="/admin/donations/prompt/{dormant.pk}/preview/"' in html
    assert Prompt.objects.get(pk=dormant.pk).is_active is False
