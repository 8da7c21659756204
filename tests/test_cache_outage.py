"""The site survives its cache: with Redis gone mid-traffic, reader pages, search, giving and
webhooks keep answering, rate limits keep limiting, the outage is logged without flooding the log,
and the cache is used again within seconds of Redis coming back.

Redis here is a real redis-server of the test's own, configured exactly as production configures
the cache for a `CACHE_URL=redis://...`, and stopped under the app's feet.
"""

import logging
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from donations.models import Donation, PromptDay
from newsroom.redis_pool import PAUSE_SECONDS
from tests.factories import ArticleFactory
from tests.processes import ROOT, RedisServer, free_port, http_get, production_environment

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
HEADLINE = "Harbour wall repairs begin"
SUPPORT = "/support/"
GIFT = {"frequency": "once", "amount": "5", "currency": "usd"}
GUNICORN = ["newsroom.wsgi", "--workers", "2", "--timeout", "20", "--bind"]
# The gunicorn site's rows, made by the tests' factories in its own database: a story and both
# asks (whose meter reads the cache too).
SITE_ROWS = (
    "from tests.factories import ArticleFactory, asks_create; ArticleFactory(); asks_create()"
)


@pytest.fixture
def clock():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def article(clock, asks):
    return ArticleFactory(headline=HEADLINE, body="<p>The harbourmaster approved the works.</p>")


def _timed(client, method, url, **kwargs):
    started = time.perf_counter()
    response = getattr(client, method)(url, **kwargs)
    return response, time.perf_counter() - started


def test_with_redis_down_every_page_giving_and_webhooks_still_answer(
    client,
    redis,
    article,
    fake_stripe,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    tasks,
):
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
    }
    for url in pages.values():
        client.get(url)
        with django_assert_num_queries(0):  # served from Redis before the outage
            assert client.get(url).status_code == 200

    redis.stop()
    answers, seconds = {}, []

    for name, url in {**pages, "search": "/search/?q=harbourmaster", "support": SUPPORT}.items():
        answers[name], took = _timed(client, "get", url)
        seconds.append(took)
    answers["checkout"], took = _timed(client, "post", SUPPORT, data=GIFT)
    seconds.append(took)
    answers["beacon"], took = _timed(client, "post", "/support/prompts/ad-free-banner/seen/")
    seconds.append(took)
    session_id = answers["checkout"]["Location"].rsplit("/", 1)[-1]
    for event in fake_stripe.complete_checkout(session_id):
        body, signature = fake_stripe.signed(event)
        with django_capture_on_commit_callbacks(execute=True):
            answers[event["type"]], took = _timed(
                client,
                "post",
                "/support/webhooks/stripe/",
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )
        seconds.append(took)
    tasks.run()  # a worker records the gift, Redis still down

    server_errors = {name: r.status_code for name, r in answers.items() if r.status_code >= 500}
    print(
        f"\nRedis down: {len(answers)} requests, {len(server_errors)} answered 5xx, "
        f"slowest {max(seconds):.3f} s, all {sum(seconds):.3f} s"
    )
    assert server_errors == {}
    for name in ("home", "article", "section", "search"):
        assert answers[name].status_code == 200
        assert HEADLINE in answers[name].content.decode(), name
    assert "Support independent journalism" in answers["support"].content.decode()
    assert answers["checkout"].status_code == 303
    assert answers["checkout"]["Location"].startswith(fake_stripe.url)
    assert answers["beacon"].status_code == 204
    assert PromptDay.objects.get().impressions == 1
    assert answers["checkout.session.completed"].status_code == 200
    assert Donation.objects.get(stripe_checkout_session_id=session_id).status == "paid"


def test_with_redis_down_the_checkout_rate_limit_still_refuses_past_the_limit(
    client, redis, clock, fake_stripe, settings
):
    settings.CHECKOUT_RATE_LIMIT = 3
    redis.stop()

    statuses = [client.post(SUPPORT, GIFT).status_code for _ in range(4)]
    other_reader = client.post(SUPPORT, GIFT, REMOTE_ADDR="192.0.2.44")

    assert statuses == [303, 303, 303, 429]
    assert other_reader.status_code == 303


def test_cache_errors_are_logged_once_a_minute_not_per_request(client, redis, article, caplog):
    redis.stop()
    caplog.set_level(logging.ERROR)

    def logged():
        return [r for r in caplog.records if r.name.startswith("django_redis")]

    # A moment of its own: no other test's cache errors fall in this minute.
    with time_machine.travel(MOMENT + timedelta(days=1), tick=False) as traveller:
        statuses = [client.get("/").status_code for _ in range(10)]
        in_the_first_minute = len(logged())
        traveller.shift(timedelta(seconds=59))
        client.get(article.get_absolute_url())
        still_the_first_minute = len(logged())
        traveller.shift(timedelta(seconds=2))
        client.get("/")
        a_minute_later = len(logged())

    assert set(statuses) == {200}
    assert (in_the_first_minute, still_the_first_minute, a_minute_later) == (1, 1, 2)


def test_a_redis_that_hangs_costs_a_reader_one_wait_not_one_per_cache_call(client, redis, article):
    client.get("/")  # a connection to Redis is open and pooled
    redis.freeze()

    pages = {url: _timed(client, "get", url) for url in ("/", article.get_absolute_url())}

    print("\nRedis frozen: " + ", ".join(f"{url} {took:.2f} s" for url, (_, took) in pages.items()))
    for response, took in pages.values():
        assert response.status_code == 200
        assert HEADLINE in response.content.decode()
        # A page makes a dozen cache calls: waiting on each took ten seconds.
        assert took < 3


def test_pages_are_cached_again_within_seconds_of_redis_returning(
    client, redis, article, clock, django_assert_num_queries
):
    redis.stop()
    assert client.get("/").status_code == 200

    redis.start()
    clock.shift(timedelta(seconds=PAUSE_SECONDS))
    client.get("/")

    with django_assert_num_queries(0):
        response = client.get("/")
    assert HEADLINE in response.content.decode()


def test_a_gunicorn_site_on_redis_keeps_serving_through_an_outage_and_back(tmp_path):
    """The issue's own scenario, end to end: production settings from the environment, two
    gunicorn workers, Redis stopped during traffic, then started again."""
    redis = RedisServer(tmp_path).start()
    port = free_port()
    environment = production_environment(
        tmp_path,
        CACHE_URL=redis.url,
        PAGE_CACHE_SECONDS="60",
    )
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["shell", "-c", SITE_ROWS],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
            timeout=300,
        )
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [Path(sys.executable).parent / "gunicorn", *GUNICORN, f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    site = f"http://127.0.0.1:{port}"
    try:
        _, _, home = http_get(f"{site}/")
        article = re.search(rb'href="(/\d{4}/\d{2}/\d{2}/[-\w]+/)"', home).group(1).decode()
        urls = ["/", article, "/search/?q=council", "/support/", "/support/manage/"]
        cached_before = _keys(redis)
        redis.stop()
        statuses = [_status(f"{site}{url}") for _ in range(10) for url in urls]
        statuses += [_status(f"{site}/support/prompts/ad-free-banner/seen/", method="POST")]
        redis.start()
        time.sleep(PAUSE_SECONDS + 0.5)
        for _ in range(4):  # each worker tries Redis again, whichever answers
            http_get(f"{site}/")
        cached_after = _keys(redis)
    finally:
        server.terminate()
        server.wait(timeout=20)
        redis.stop()

    ignored = log.read_text().count("Exception ignored")
    print(
        f"\ngunicorn, Redis down: {len(statuses)} requests, {Counter(statuses)}, {ignored} logged"
    )
    assert cached_before > 0
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {200, 204}
    assert 1 <= ignored <= 2  # one a minute per worker
    assert cached_after > 0


def _status(url: str, method: str = "GET") -> int:
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _keys(redis: RedisServer) -> int:
    with socket.create_connection(("127.0.0.1", redis.port), timeout=2) as sock:
        sock.sendall(b"DBSIZE\r\n")
        return int(sock.recv(64).strip().lstrip(b":"))
