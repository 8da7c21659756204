"""Shared fixtures. The suite runs on PostgreSQL, and says so plainly when it cannot."""

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from tests.fakes.stripe_server import FakeStripe

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
def admin_client(db, admin_user):
    """pytest-django's admin_client, past the second factor that superusers must give."""
    from django.test import Client

    from tests.factories import staff_log_in

    client = Client()
    staff_log_in(client, admin_user)
    return client
