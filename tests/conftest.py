"""Shared fixtures. The suite runs on PostgreSQL, and says so plainly when it cannot."""

import http.server
import runpy
import threading
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command

from fakestripe.server import FakeStripe
from tests.factories import asks_create
from tests.processes import ROOT, RedisServer
from tests.task_queue import TaskQueue

POSTGRES_HELP = (
    "The test suite runs on PostgreSQL, at DATABASE_URL "
    "(default postgres://postgres@127.0.0.1:5432/newsroom). {problem}\n"
    "On Debian: apt-get install postgresql, then start it with\n"
    "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
    "Debian's PostgreSQL asks for a password over TCP: give the postgres user one with\n"
    '  su postgres -c "psql -c \\"ALTER USER postgres PASSWORD \'choose-one\'\\""\n'
    "and run with DATABASE_URL=postgres://postgres:choose-one@127.0.0.1:5432/newsroom,\n"
    "or point DATABASE_URL at a PostgreSQL server whose user may create databases."
)


def pytest_sessionstart(session):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit(
            POSTGRES_HELP.format(problem=f"DATABASE_URL names {database['ENGINE']} instead."),
            returncode=2,
        )
    try:
        psycopg.connect(
            dbname="postgres",
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        pytest.exit(
            POSTGRES_HELP.format(problem=f"It cannot be reached: {error}".strip()), returncode=2
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last.

    Fast tests report first; and once Playwright's event loop runs in this thread, Django keys
    database connections by context, so tests after it would open connections that outlive the
    test database.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Production static storage (hashed, compressed) needs its manifest: build it once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def redis(tmp_path, settings, monkeypatch):
    """A redis-server of the test's own as the cache, configured exactly as production
    configures it for a `CACHE_URL=redis://...` (newsroom/settings.py), with the page cache on."""
    server = RedisServer(tmp_path).start()
    monkeypatch.setenv("CACHE_URL", server.url)
    settings.CACHES = runpy.run_path(str(ROOT / "newsroom" / "settings.py"))["CACHES"]
    settings.PAGE_CACHE_SECONDS = 60
    for alias in settings.CACHES:  # the per-process fallback too
        caches[alias].clear()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def _fake_stripe_server():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture
def fake_stripe(_fake_stripe_server, settings):
    """A fresh fake Stripe, with the app configured to use it."""
    _fake_stripe_server.reset()
    settings.STRIPE_SECRET_KEY = _fake_stripe_server.api_key
    settings.STRIPE_WEBHOOK_SECRET = _fake_stripe_server.webhook_secret
    settings.STRIPE_API_BASE = _fake_stripe_server.url
    settings.STRIPE_CHECKOUT_ORIGIN = _fake_stripe_server.url  # its Checkout page is there too
    settings.STRIPE_TIMEOUT = 2.0
    settings.CHECKOUT_RATE_LIMIT = 1000  # tests that start many checkouts; one test lowers it
    return _fake_stripe_server


@pytest.fixture
def tasks(db) -> TaskQueue:
    """The task queue, for a test to run as a worker would (tests/task_queue.py)."""
    return TaskQueue()


@pytest.fixture
def worker(tasks, django_capture_on_commit_callbacks):
    """`with worker():` around requests: their commits' work runs as a commit would run it
    (queuing tasks; each test's own transaction never commits), then a worker runs the queue."""

    @contextmanager
    def working():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        tasks.run()

    return working


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, past the second factor that superusers must give."""
    from django.test import Client

    from tests.factories import staff_log_in

    client = Client()
    staff_log_in(client, admin_user)
    return client


@pytest.fixture
def asks(db) -> dict:
    """Both asks, banner and appeal (tests.factories.asks_create)."""
    return asks_create()


# Moments where date arithmetic goes wrong, as clock times in the site's time zone: the edges of
# a month (1 April's month began in winter time, 1 March, and it ends in summer time), the end
# of a leap day, and both of London's clock changes in 2027 (forward at 01:00 GMT on 28 March,
# back at 02:00 BST on 31 October), including the hour that happens twice.
CALENDAR_EDGES = {
    "first-minute-of-a-month": datetime(2027, 4, 1, 0, 0, 30),
    "last-minute-of-a-month": datetime(2027, 3, 31, 23, 59, 30),
    "last-minute-of-29-february": datetime(2028, 2, 29, 23, 59, 30),
    "late-on-the-eve-of-the-clocks-going-forward": datetime(2027, 3, 27, 23, 30),
    "just-after-the-clocks-went-forward": datetime(2027, 3, 28, 2, 0, 30),
    "just-after-midnight-before-the-clocks-go-back": datetime(2027, 10, 31, 0, 30),
    "the-second-half-past-one-as-the-clocks-go-back": datetime(2027, 10, 31, 1, 30, fold=1),
}


@pytest.fixture(params=["UTC", "Europe/London"])
def site_time_zone(request, settings) -> ZoneInfo:
    """The site's TIME_ZONE: UTC, and one with daylight saving time."""
    settings.TIME_ZONE = request.param
    return ZoneInfo(request.param)


@pytest.fixture(params=list(CALENDAR_EDGES))
def calendar_edge(request, site_time_zone, time_machine) -> datetime:
    """The clock stopped at one of CALENDAR_EDGES in the site's time zone; that moment, aware.

    The clock is moved by timestamp, so that time_machine leaves the process's TZ alone."""
    moment = CALENDAR_EDGES[request.param].replace(tzinfo=site_time_zone)
    time_machine.move_to(moment.timestamp(), tick=False)
    return moment


class _PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """An edge that only notes what it is asked to drop."""

    def do_PURGE(self):
        self.server.purged.append(set(self.headers["Surrogate-Key"].split()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def purged(settings):
    """The tags of each PURGE the app sends its edge, in order (an edge that only listens)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield server.purged
    server.shutdown()
    server.server_close()
