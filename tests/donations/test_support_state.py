"""`request.support`, from donations.support.SupportMiddleware: the reader's state as every page
reads it, written to their cookies only when a request changes it, and never a reason for an
anonymous page to vary by cookie."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from donations.models import ReaderSupport
from donations.support import COOKIE_NAME, HINT_COOKIE_NAME, SupportState, state_to_cookie
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
NOTICE = "We’ll ask again on 9 March."


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(MOMENT, tick=False):
        yield


@pytest.fixture
def url(asks):
    return ArticleFactory(published_at=MOMENT - timedelta(days=1)).get_absolute_url()


def _varies_by_cookie(response) -> bool:
    return "cookie" in response.get("Vary", "").lower()


def test_a_reader_who_never_acted_has_no_choices_and_gets_no_cookie(client, url):
    response = client.get(url)

    assert response.wsgi_request.support.state == SupportState()
    assert not response.cookies
    assert not _varies_by_cookie(response)


def test_an_anonymous_readers_cookie_is_their_state_and_is_not_written_again(client, url):
    hidden_until = MOMENT + timedelta(hours=5)
    client.cookies[COOKIE_NAME] = state_to_cookie(SupportState(banner_hidden_until=hidden_until))

    response = client.get(url)

    assert response.wsgi_request.support.state.banner_hidden_until == hidden_until
    assert not response.cookies
    assert not _varies_by_cookie(response)  # the session was never read


def test_a_signed_in_readers_state_is_their_devices_and_their_stored_the_later_winning(client, url):
    user = UserFactory()
    ReaderSupport.objects.create(
        user=user,
        snoozed_until=MOMENT + timedelta(days=2),
        banner_hidden_until=MOMENT + timedelta(days=9),
    )
    client.force_login(user)
    client.cookies[COOKIE_NAME] = state_to_cookie(
        SupportState(
            snoozed_until=MOMENT + timedelta(days=7),
            banner_hidden_until=MOMENT + timedelta(days=1),
        )
    )

    state = client.get(url).wsgi_request.support.state

    assert state.snoozed_until == MOMENT + timedelta(days=7)
    assert state.banner_hidden_until == MOMENT + timedelta(days=9)


def test_an_action_writes_the_cookies_and_the_pages_after_it_do_not(client, url):
    acted = client.post("/support/banner/close/", {"next": url})

    later = client.get(url)

    assert set(acted.cookies) == {COOKIE_NAME, HINT_COOKIE_NAME}
    assert not later.cookies


def test_the_one_time_notice_waits_for_a_page_that_shows_it(client, url):
    client.post("/support/remind-me-later/", {"next": "/support/"})

    giving_page = client.get("/support/").content.decode()  # the giving pages show no asks
    first = client.get(url).content.decode()
    second = client.get(url).content.decode()

    assert NOTICE not in giving_page
    assert NOTICE in first
    assert NOTICE not in second


def test_after_an_answer_in_place_the_notice_is_not_shown_again_on_the_next_page(client, url):
    answer = client.post("/support/remind-me-later/", HTTP_ACCEPT="application/json")

    following = client.get(url).content.decode()

    assert answer.json()["message"] == NOTICE  # prompts.js shows it where the appeal was
    assert NOTICE not in following
