"""Who may keep a page, and for how long: shared caches may keep a page for readers who have
not acted; browsers always ask again, and hear "unchanged" (304) when it is; pages for a reader
with choices, a signed-in reader, the giving pages and previews are never shared."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from donations import support
from tests.factories import ArticleFactory, UserFactory, staff_log_in, staff_user

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SHARED = "public, max-age=0, must-revalidate, s-maxage=60"
PERSONAL = "private, no-cache"
NEVER = "max-age=0, no-cache, no-store, must-revalidate, private"
BANNER = 'class="support-banner"'


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MOMENT, tick=False):
        yield


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_MAX_AGE = 60


@pytest.fixture
def article(asks):
    return ArticleFactory(published_at=MOMENT - timedelta(days=1))


def _snoozed(client, url):
    client.post("/support/remind-me-later/", {"next": url})
    client.get(url)  # the one-time "We'll ask again" page
    return client


@pytest.mark.parametrize("visit", ["rendered", "from the page cache"])
def test_a_reader_who_has_not_acted_gets_a_page_shared_caches_may_keep(client, article, visit):
    url = article.get_absolute_url()
    if visit == "from the page cache":
        client.get(url)

    response = client.get(url)

    assert response["Cache-Control"] == SHARED
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert response.has_header("ETag")


def test_shared_caches_keep_a_page_for_public_page_max_age(client, article, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 300

    response = client.get("/")

    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=300"


def test_a_browser_asking_again_for_an_unchanged_page_hears_not_modified(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["Cache-Control"] == SHARED
    assert response["ETag"] == etag


def test_a_reader_who_snoozed_gets_their_page_not_the_copy_their_browser_holds(client, article):
    url = article.get_absolute_url()
    with_asks = client.get(url)
    assert BANNER in with_asks.content.decode()

    response = _snoozed(client, url).get(url, headers={"If-None-Match": with_asks["ETag"]})

    assert response.status_code == 200
    assert response["ETag"] != with_asks["ETag"]
    assert BANNER not in response.content.decode()


def test_a_reader_with_choices_gets_pages_no_shared_cache_keeps(client, article):
    url = article.get_absolute_url()

    response = _snoozed(client, url).get(url)

    assert response["Cache-Control"] == PERSONAL


def test_a_reader_with_choices_hears_not_modified_for_their_unchanged_page(client, article):
    url = article.get_absolute_url()
    etag = _snoozed(client, url).get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["Cache-Control"] == PERSONAL


def test_a_signed_in_reader_gets_pages_no_shared_cache_keeps(client, article):
    client.force_login(UserFactory())

    response = client.get(article.get_absolute_url())

    assert response["Cache-Control"] == PERSONAL
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "path",
    ["/support/", "/support/thanks/", "/support/thanks/?session_id=cs_test_1", "/support/manage/"],
)
def test_the_giving_pages_are_never_stored(client, article, path):
    response = client.get(path)

    assert response["Cache-Control"] == NEVER
    assert not response.has_header("ETag")


def test_a_preview_is_never_stored(client):
    draft = ArticleFactory(draft=True)
    staff_log_in(client, staff_user())

    response = client.get(f"/preview/{draft.pk}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == NEVER


# The readable companion cookie, for pages the browser kept (static/js/prompts.js)


def test_remind_me_later_tells_the_script_until_when_the_asks_are_hidden(client, article):
    response = client.post("/support/remind-me-later/", {"next": "/"})

    until = int((MOMENT + timedelta(days=7)).timestamp())
    hint = response.cookies[support.HINT_COOKIE_NAME]
    assert hint.value == f"{until}-{until}"
    assert not hint["httponly"]
    assert response.cookies[support.COOKIE_NAME]["httponly"]
    assert hint["max-age"] == response.cookies[support.COOKIE_NAME]["max-age"]


def test_closing_the_banner_tells_the_script_only_the_banner_is_hidden(client, article):
    response = client.post("/support/banner/close/", {"next": "/"})

    until = int((MOMENT + timedelta(days=1)).timestamp())
    assert response.cookies[support.HINT_COOKIE_NAME].value == f"0-{until}"


def test_undo_removes_both_cookies(client, article):
    client.post("/support/remind-me-later/", {"next": "/"})

    response = client.post("/support/remind-me-later/undo/", {"next": "/"})

    assert response.cookies[support.COOKIE_NAME]["max-age"] == 0
    assert response.cookies[support.HINT_COOKIE_NAME]["max-age"] == 0
