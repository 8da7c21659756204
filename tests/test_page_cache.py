"""Reader pages from the server's cache: fast for a rush, never stale past a change or a minute,
never one reader's page shown to another."""

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import timezone
from redis import Redis

from articles.models import Article
from articles.services import article_publish
from donations import support
from donations.models import Prompt
from newsroom import page_cache, wsgi
from tests.factories import ArticleFactory, AuthorFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

BANNER = 'class="support-banner"'
APPEAL = 'class="appeal"'
SHARED = "public, max-age=0, must-revalidate, s-maxage=60"
PERSONAL = "private, no-cache"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def article(asks):
    return ArticleFactory(
        headline="Harbour wall repairs begin", tags=[TagFactory()], authors=[AuthorFactory()]
    )


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("page", ["home", "article", "section", "tag", "author"])
def test_the_next_reader_gets_the_page_without_touching_the_database(
    client, article, django_assert_num_queries, page
):
    url = {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "author": article.authors.first().get_absolute_url(),
    }[page]
    first = _html(client, url)

    with django_assert_num_queries(0):
        again = _html(client, url)

    assert again == first
    assert "Harbour wall repairs begin" in again


def test_later_pages_of_a_listing_are_cached_each_on_its_own(
    client, article, settings, django_assert_num_queries
):
    settings.ARTICLES_PER_PAGE = 1
    older = ArticleFactory(
        section=article.section, published_at=article.published_at - timedelta(days=1)
    )
    url = article.section.get_absolute_url()
    first, second = _html(client, url), _html(client, url + "?page=2")

    with django_assert_num_queries(0):
        assert _html(client, url + "?page=2") == second

    assert older.headline in second and older.headline not in first


def test_a_reader_who_snoozed_the_asks_and_one_who_did_not_each_get_their_own_page(client, article):
    url = article.get_absolute_url()
    assert BANNER in _html(client, url)  # cached with the asks
    snoozer = type(client)()
    snoozer.post("/support/remind-me-later/", {"next": url})
    _html(snoozer, url)  # the one-time "We'll ask again" page

    snoozed_page = _html(snoozer, url)
    everybody_else = _html(client, url)

    assert BANNER not in snoozed_page and APPEAL not in snoozed_page
    assert BANNER in everybody_else and APPEAL in everybody_else


def test_the_one_time_notice_is_never_served_to_another_reader(client, article):
    url = article.get_absolute_url()
    first = type(client)()
    first.post("/support/remind-me-later/", {"next": url})
    assert "We’ll ask again on" in _html(first, url)
    second = type(client)()
    second.post("/support/remind-me-later/", {"next": url})
    second.get(url)  # their own notice, shown once

    assert "We’ll ask again on" not in _html(second, url)
    assert "We’ll ask again on" not in _html(first, url)


def test_publishing_shows_on_cached_pages_at_once(
    client, article, django_capture_on_commit_callbacks
):
    draft = ArticleFactory(
        headline="Ferry fares frozen", status=Article.Status.DRAFT, published_at=None
    )
    assert "Ferry fares frozen" not in _html(client, "/")

    with django_capture_on_commit_callbacks(execute=True):
        article_publish(articles=Article.objects.filter(pk=draft.pk))

    assert "Ferry fares frozen" in _html(client, "/")


def test_an_edit_in_the_admin_shows_on_the_cached_article_at_once(
    client, admin_client, article, django_capture_on_commit_callbacks
):
    prompt = Prompt.objects.get(placement=Prompt.Placement.ARTICLE_END)
    url = article.get_absolute_url()
    assert prompt.headline in _html(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/donations/prompt/{prompt.pk}/change/",
            {
                "placement": prompt.placement,
                "headline": "Keep the harbour reporting going",
                "key": prompt.key,
                "body": prompt.body,
                "call_to_action": prompt.call_to_action,
                "default_frequency": prompt.default_frequency,
                "presets": json.dumps(prompt.presets),
                "monthly_goal": prompt.monthly_goal,
                "goal_currency": prompt.goal_currency,
                "is_active": "on",
                "priority": prompt.priority,
                "starts_at_0": "",
                "starts_at_1": "",
                "ends_at_0": "",
                "ends_at_1": "",
                "snooze_days": prompt.snooze_days,
                "hide_days": prompt.hide_days,
            },
        )
    assert response.status_code == 302

    assert "Keep the harbour reporting going" in _html(client, url)


def test_a_section_renamed_in_the_admin_shows_on_cached_pages_at_once(
    client, admin_client, article, django_capture_on_commit_callbacks
):
    section = article.section
    url = article.get_absolute_url()
    assert section.name in _html(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/articles/section/{section.pk}/change/",
            {"name": "Harbour and Coast", "slug": section.slug, "order": section.order},
        )
    assert response.status_code == 302

    assert "Harbour and Coast" in _html(client, url)


def test_tags_deleted_together_in_the_admin_leave_cached_pages_at_once(
    client, admin_client, article, django_capture_on_commit_callbacks
):
    tags = [TagFactory(name="Sea defences"), TagFactory(name="Storm damage")]
    article.tags.add(*tags)
    url = article.get_absolute_url()
    assert "Sea defences" in _html(client, url) and "Storm damage" in _html(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/articles/tag/",
            {
                "action": "delete_selected",
                "_selected_action": [tag.pk for tag in tags],
                "post": "yes",
            },
        )
    assert response.status_code == 302

    page = _html(client, url)
    assert "Sea defences" not in page and "Storm damage" not in page


def test_a_page_from_the_cache_carries_the_tags_the_edge_purges_by(client, article):
    url = article.get_absolute_url()
    rendered = client.get(url)

    again = client.get(url)

    assert again["Surrogate-Key"] == rendered["Surrogate-Key"]
    assert f"article-{article.pk}" in again["Surrogate-Key"].split()


def test_a_scheduled_article_appears_on_time_whatever_the_cache_holds(client, article):
    now = timezone.now()
    ArticleFactory(headline="Budget vote tonight", published_at=now + timedelta(seconds=20))

    with time_machine.travel(now, tick=False):
        assert "Budget vote tonight" not in _html(client, "/")
    with time_machine.travel(now + timedelta(seconds=19), tick=False):
        assert "Budget vote tonight" not in _html(client, "/")
    with time_machine.travel(now + timedelta(seconds=20), tick=False):
        assert "Budget vote tonight" in _html(client, "/")


def test_a_scheduled_article_appears_on_time_at_the_edges_of_the_calendar(
    calendar_edge, client, article, time_machine
):
    """Scheduled for the very moment (local time) of a month's edge, a leap day's end or a clock
    change: the home page cached just before leads with it on the second, at its local date."""
    scheduled = ArticleFactory(headline="Budget vote tonight", published_at=calendar_edge)
    time_machine.move_to(calendar_edge.timestamp() - 30, tick=False)
    assert "Budget vote tonight" not in _html(client, "/")

    time_machine.move_to(calendar_edge.timestamp() - 1, tick=False)
    assert "Budget vote tonight" not in _html(client, "/")
    time_machine.move_to(calendar_edge.timestamp(), tick=False)
    assert "Budget vote tonight" in _html(client, "/")
    assert scheduled.get_absolute_url().startswith(f"/{calendar_edge:%Y/%m/%d}/")
    assert "Budget vote tonight" in _html(client, scheduled.get_absolute_url())


def test_a_cached_page_is_at_most_a_minute_old(client, article):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        _html(client, "/")
        Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")
    with time_machine.travel(now + timedelta(seconds=59), tick=False):
        assert "Harbour wall repairs begin" in _html(client, "/")
    with time_machine.travel(now + timedelta(seconds=61), tick=False):
        assert "Harbour wall finished" in _html(client, "/")


def test_other_query_strings_are_neither_cached_nor_shown_to_other_readers(
    client, article, django_assert_max_num_queries
):
    url = article.get_absolute_url()
    tracked = url + "?utm_source=newsletter&token=private-value"
    assert "private-value" in _html(client, tracked)  # the prompt forms link back to the page

    with django_assert_max_num_queries(10) as queries:
        _html(client, tracked)

    assert len(queries) > 0  # rendered again: nobody can fill the cache with copies
    assert "private-value" not in _html(client, url)


def test_signed_in_readers_are_never_served_from_the_cache(client, article):
    url = article.get_absolute_url()  # its headline is the page's own, not a kept card's
    signed_in = type(client)()
    signed_in.force_login(UserFactory())
    _html(signed_in, url)
    _html(client, url)  # kept for anonymous readers
    # A change that tells nobody (no signal, as a fix in the database shell would): the kept
    # page stays as it was.
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")

    assert "Harbour wall finished" in _html(signed_in, url)
    assert "Harbour wall repairs begin" in _html(client, url)


def test_the_cache_can_be_turned_off(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = article.get_absolute_url()  # its headline is the page's own, not a kept card's
    _html(client, url)
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")

    assert "Harbour wall finished" in _html(client, url)


def test_a_page_from_the_cache_is_what_the_site_answered_byte_for_byte(client, article):
    url = article.get_absolute_url()
    rendered = client.get(url)

    again = client.get(url)

    assert again.content == rendered.content
    assert dict(again.items()) == dict(rendered.items())
    assert again["Cache-Control"] == SHARED


@pytest.fixture
def redis_commands(redis):
    """The commands the app sent the test's Redis since the last call, by name. The app sends
    no pipelines, so each is one network round trip."""
    server = Redis.from_url(redis.url)

    def since_last_call() -> dict[str, int]:
        stats = server.info("commandstats")
        server.config_resetstat()
        return {
            name.removeprefix("cmdstat_"): figures["calls"]
            for name, figures in stats.items()
            # The pushed version's listener PINGs Redis twice a second (page_cache._PushedVersion).
            if name not in ("cmdstat_info", "cmdstat_config|resetstat", "cmdstat_ping")
        }

    since_last_call()
    yield since_last_call
    server.close()


def test_a_page_from_redis_costs_one_round_trip_and_no_query(
    client, article, redis_commands, django_assert_num_queries, monkeypatch
):
    # A version pushed is never trusted: as while the listener has not heard from Redis.
    monkeypatch.setattr(page_cache, "PUSH_LIVE_SECONDS", 0)
    url = article.get_absolute_url()
    rendered = client.get(url)
    redis_commands()

    with django_assert_num_queries(0):
        again = client.get(url)

    # The version: this process keeps a copy of the page it stored.
    assert redis_commands() == {"get": 1}
    assert again.content == rendered.content


def push_live(timeout: float = 5.0) -> int:
    """Waits for this process's listener to be subscribed and heard from; the pushed version."""
    deadline = time.monotonic() + timeout
    while (version := page_cache._store().pushed_version()) is None:
        assert time.monotonic() < deadline, "the pushed version never became live"
        time.sleep(0.01)
    return version


def test_a_page_held_here_costs_no_round_trip_while_the_version_is_pushed(
    client, article, redis_commands, django_assert_num_queries
):
    url = article.get_absolute_url()
    rendered = client.get(url)
    push_live()
    redis_commands()

    with django_assert_num_queries(0):
        answers = [client.get(url) for _ in range(20)]

    assert redis_commands() == {}
    assert all(again.content == rendered.content for again in answers)


def test_a_page_another_process_stored_costs_one_round_trip(client, article, redis_commands):
    url = article.get_absolute_url()
    rendered = client.get(url)
    push_live()
    # As another app process that has seen the version, but holds no copy of this page.
    page_cache._held.clear()
    redis_commands()

    again = client.get(url)

    assert redis_commands() == {"mget": 1}  # the version and the page together
    assert again.content == rendered.content


def test_a_page_published_in_another_process_shows_at_once(client, article, redis):
    client.get("/")
    ArticleFactory(headline="Ferry fares frozen")
    push_live()
    # Another process published it: the version in Redis moves on and is pushed, as the app's
    # bump does it; this process's copy stays.
    store = page_cache._store()
    Redis.from_url(redis.url).eval(page_cache._BUMP, 1, store.version_key, store.channel)

    deadline = time.monotonic() + 1
    while "Ferry fares frozen" not in _html(client, "/"):  # once the message is here
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _bump_elsewhere(redis) -> None:
    """The version moved on by another app process, as its bump does it (page_cache._BUMP)."""
    store = page_cache._store()
    Redis.from_url(redis.url).eval(page_cache._BUMP, 1, store.version_key, store.channel)


def test_a_bump_missed_while_the_listener_was_cut_off_is_asked_for_then_pushed_again(
    client, article, redis, redis_commands
):
    url = article.get_absolute_url()
    _html(client, url)
    push_live()
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")

    Redis.from_url(redis.url).client_kill_filter(_type="pubsub")
    deadline = time.monotonic() + page_cache.PUSH_LIVE_SECONDS + 1
    while page_cache._store().pushed_version() is not None:  # the listener noticed
        assert time.monotonic() < deadline
        time.sleep(0.01)
    _bump_elsewhere(redis)  # no listener to hear it

    assert "Harbour wall finished" in _html(client, url)  # asked Redis, rendered
    version = push_live()  # the listener is back
    assert version == page_cache._seen_version
    redis_commands()
    assert all("Harbour wall finished" in _html(client, url) for _ in range(5))
    assert redis_commands() == {}


def test_the_bumps_own_process_hears_its_bump_at_once(client, article, redis):
    url = article.get_absolute_url()
    _html(client, url)
    push_live()
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")
    Redis.from_url(redis.url).client_kill_filter(_type="pubsub")  # no message comes back

    page_cache._version_bump()

    assert "Harbour wall finished" in _html(client, url)


def test_with_redis_stopped_pages_are_rendered_once_the_push_is_not_heard(
    client, article, redis, caplog
):
    url = article.get_absolute_url()
    _html(client, url)
    push_live()
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")

    redis.stop()
    time.sleep(page_cache.PUSH_LIVE_SECONDS)  # at most this long a copy is trusted unasked
    answers = [_wsgi_get(wsgi.application, url) for _ in range(3)]

    assert [status for status, _, _ in answers] == ["200 OK"] * 3
    assert all("Harbour wall finished" in body.decode() for _, _, body in answers)
    assert "The page cache failed" not in caplog.text


def test_a_scheduled_ask_starts_and_ends_on_time_on_cached_pages(client, article):
    now = timezone.now()
    Prompt.objects.create(
        key="spring-drive",
        placement=Prompt.Placement.BANNER,
        headline="Spring drive: every gift doubled",
        body="A reader matches every gift this week.",
        priority=99,
        starts_at=now + timedelta(seconds=20),
        ends_at=now + timedelta(seconds=40),
    )
    url = article.get_absolute_url()
    shown = {}

    for seconds in (0, 19, 20, 39, 40):
        with time_machine.travel(now + timedelta(seconds=seconds), tick=False):
            shown[seconds] = "Spring drive: every gift doubled" in _html(client, url)

    assert shown == {0: False, 19: False, 20: True, 39: True, 40: False}


def test_a_reader_with_the_support_cookie_never_gets_the_shared_copy_even_with_the_same_asks(
    client, article
):
    url = article.get_absolute_url()
    lapsed = type(client)()  # closed the banner long ago: they see what everybody sees
    gone = timezone.now() - timedelta(days=3)
    lapsed.cookies[support.COOKIE_NAME] = support.state_to_cookie(
        support.SupportState(banner_hidden_until=gone)
    )
    pages = [client.get(url), lapsed.get(url), lapsed.get(url), client.get(url)]

    assert [page["Cache-Control"] for page in pages] == [SHARED, PERSONAL, PERSONAL, SHARED]
    assert all(BANNER in page.content.decode() for page in pages)
    assert "Surrogate-Key" not in pages[2]


def test_a_host_the_site_refuses_never_gets_a_kept_page(client, article):
    url = article.get_absolute_url()
    client.get(url)

    response = client.get(url, headers={"Host": "news.example.net"})

    assert response.status_code == 400


def test_a_page_kept_for_https_readers_is_never_served_over_plain_http(client, article, settings):
    settings.SECURE_SSL_REDIRECT = True
    url = article.get_absolute_url()
    assert client.get(url, secure=True).status_code == 200

    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{url}"


def test_a_browser_asking_again_for_a_page_the_cache_lost_hears_not_modified_and_it_is_kept(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    cache.clear()  # evicted, or Redis restarted empty

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


# The WSGI entry (newsroom/wsgi.py): hits answered in front of Django's handler.


def _wsgi_answer(application, path, **headers):
    """(status, headers in order, body) of a GET made to a WSGI application, as gunicorn makes
    it (gunicorn adds its Date, Server and Connection lines to what the application gives)."""
    environ = RequestFactory().get(path, headers=headers).environ
    answer = {}

    def start_response(status, response_headers):
        answer["status"], answer["headers"] = status, list(response_headers)

    # Django's handler, when it answers, opens and closes database connections at each request,
    # which would end the test's transaction: as the test client, it leaves them alone here.
    request_started.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def _wsgi_get(application, path, **headers):
    """(status, headers, body) of a GET made to a WSGI application."""
    status, headers, body = _wsgi_answer(application, path, **headers)
    return status, dict(headers), body


def _django(environ, start_response):
    raise AssertionError("Django's handler was asked")


def test_a_kept_page_is_answered_before_djangos_handler_with_the_same_bytes(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    rendered = client.get(url)
    requests_started = []

    def started(sender, **kwargs):
        requests_started.append(sender)

    request_started.connect(started, weak=False, dispatch_uid="counted")

    try:
        with django_assert_num_queries(0):
            status, headers, body = _wsgi_get(wsgi.application, url)
    finally:
        request_started.disconnect(dispatch_uid="counted")

    assert requests_started == []
    assert status == "200 OK"
    assert body == rendered.content
    assert headers == dict(rendered.items())


def test_the_wsgi_entry_answers_a_browser_holding_the_page_not_modified(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]

    status, headers, body = _wsgi_get(
        page_cache.PageCacheWSGIHandler(_django), url, if_none_match=etag
    )

    assert (status, body) == ("304 Not Modified", b"")
    assert headers["Cache-Control"] == SHARED
    assert headers["ETag"] == etag


def test_the_wsgi_entry_hands_django_every_other_request(client, article):
    url = article.get_absolute_url()
    client.get(url)
    asked = []

    def django(environ, start_response):
        asked.append(environ["REQUEST_METHOD"] + " " + environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    entry = page_cache.PageCacheWSGIHandler(django)
    _wsgi_get(entry, "/support/")
    _wsgi_get(entry, article.section.get_absolute_url())  # not kept yet
    _wsgi_get(entry, url, cookie="sessionid=abc")

    assert asked == ["GET /support/", f"GET {article.section.get_absolute_url()}", f"GET {url}"]


def test_a_failure_in_the_wsgi_entry_is_logged_and_django_answers(
    client, article, monkeypatch, caplog
):
    def broken(key_parts):
        raise RuntimeError("the cache client broke")

    monkeypatch.setattr(page_cache, "_lookup", broken)
    answered = []

    def django(environ, start_response):
        answered.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    _wsgi_get(page_cache.PageCacheWSGIHandler(django), article.get_absolute_url())

    assert answered == [article.get_absolute_url()]
    assert "the cache client broke" in caplog.text


def _cookie(state: support.SupportState) -> str:
    return f"{support.COOKIE_NAME}={support.state_to_cookie(state)}"


@pytest.mark.parametrize("conditions", [{}, {"if_none_match": "etag"}])
def test_a_hit_from_the_wsgi_entry_is_byte_for_byte_what_djangos_path_sends(
    article, redis, conditions
):
    url = article.get_absolute_url()
    django = WSGIHandler()  # every layer, the page cache middleware outermost
    status, headers, body = _wsgi_answer(django, url)  # rendered, and kept in Redis
    if conditions:
        conditions = {"if_none_match": dict(headers)["ETag"]}

    from_django = _wsgi_answer(django, url, **conditions)  # the middleware's hit
    from_the_entry = _wsgi_answer(page_cache.PageCacheWSGIHandler(_django), url, **conditions)

    assert from_the_entry == from_django
    if conditions:
        assert from_the_entry[0] == "304 Not Modified" and from_the_entry[2] == b""
    else:
        assert from_the_entry == (status, headers, body)
        assert ("Cache-Control", SHARED) in from_the_entry[1]


def test_a_page_is_kept_in_redis_as_its_own_bytes_not_pickled(client, article, redis):
    url = article.get_absolute_url()
    body = client.get(url).content

    server = Redis.from_url(redis.url)
    kept = [server.get(key) for key in server.keys("*:pages:*")]
    server.close()

    pages = [value for value in kept if value and value.endswith(body)]
    assert len(pages) == 1
    assert b"\nCache-Control: " + SHARED.encode() + b"\n" in pages[0]


def test_a_reader_who_closed_the_banner_gets_their_page_from_the_wsgi_entry(client, article):
    url = article.get_absolute_url()
    closed = _cookie(support.SupportState(banner_hidden_until=timezone.now() + timedelta(days=3)))
    client.get(url)  # everybody's page, with the banner
    rendered = client.get(url, headers={"Cookie": closed})  # theirs, kept too

    entry = page_cache.PageCacheWSGIHandler(_django)
    _, theirs, their_page = _wsgi_get(entry, url, cookie=closed)
    _, everybodys, everybodys_page = _wsgi_get(entry, url)

    assert their_page == rendered.content
    assert BANNER not in their_page.decode() and APPEAL in their_page.decode()
    assert theirs["Cache-Control"] == PERSONAL
    assert BANNER in everybodys_page.decode() and everybodys["Cache-Control"] == SHARED


def test_a_tampered_support_cookie_counts_as_none_in_the_wsgi_entry_as_in_django(article, redis):
    url = article.get_absolute_url()
    closed = _cookie(support.SupportState(banner_hidden_until=timezone.now() + timedelta(days=3)))
    tampered = closed[:-3] + ("xyz" if not closed.endswith("xyz") else "abc")
    django = WSGIHandler()
    _wsgi_answer(django, url, cookie=tampered)  # rendered and kept

    from_django = _wsgi_answer(django, url, cookie=tampered)
    from_the_entry = _wsgi_answer(page_cache.PageCacheWSGIHandler(_django), url, cookie=tampered)

    assert from_the_entry == from_django
    assert BANNER in from_the_entry[2].decode()  # the asks, as for a reader without a cookie
    assert ("Cache-Control", PERSONAL) in from_the_entry[1]


def test_a_signed_in_reader_never_gets_a_kept_page_from_the_wsgi_entry(client, article, redis):
    signed_in = type(client)()
    signed_in.force_login(UserFactory())
    session = f"sessionid={signed_in.cookies['sessionid'].value}"
    url = article.get_absolute_url()
    _html(client, url)  # kept for anonymous readers
    _html(signed_in, url)
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")

    status, headers, body = _wsgi_get(wsgi.application, url, cookie=session)

    assert status == "200 OK"
    assert "Harbour wall finished" in body.decode()
    assert headers["Cache-Control"] == PERSONAL


def test_with_redis_stopped_mid_way_the_wsgi_entry_lets_django_render(
    client, article, redis, caplog
):
    url = article.get_absolute_url()
    _html(client, url)
    assert _wsgi_get(page_cache.PageCacheWSGIHandler(_django), url)[0] == "200 OK"  # a hit
    Article.objects.filter(pk=article.pk).update(headline="Harbour wall finished")

    redis.stop()
    # A copy stored under the pushed version is trusted unasked until the listener notices.
    deadline = time.monotonic() + page_cache.PUSH_LIVE_SECONDS + 1
    while page_cache._store().pushed_version() is not None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    answers = [_wsgi_get(wsgi.application, url) for _ in range(3)]

    assert [status for status, _, _ in answers] == ["200 OK"] * 3
    assert all("Harbour wall finished" in body.decode() for _, _, body in answers)
    assert "The page cache failed" not in caplog.text
    outage = [r for r in caplog.records if r.name == "newsroom.page_cache.outage"]
    assert len(outage) <= 1  # once a minute


def test_with_redis_hanging_the_wsgi_entry_waits_once_then_lets_django_render(
    client, article, redis
):
    url = article.get_absolute_url()
    _html(client, url)
    assert _wsgi_get(page_cache.PageCacheWSGIHandler(_django), url)[0] == "200 OK"  # a hit
    redis.freeze()

    timings, statuses = [], []
    for _ in range(3):
        started = time.perf_counter()
        statuses.append(_wsgi_get(wsgi.application, url)[0])
        timings.append(time.perf_counter() - started)

    assert statuses == ["200 OK"] * 3
    assert timings[0] < 3  # the socket timeout, a time or two
    assert max(timings[1:]) < 1  # then Redis is left alone for a while (redis_pool.py)
