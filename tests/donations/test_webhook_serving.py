"""The webhook's own gunicorn, started with production's configuration for it
(deploy/gunicorn-webhooks.conf.py), on the test database: deliveries on one kept-alive
connection, each answered once its event is stored."""

import http.client
import sys
from pathlib import Path

import pytest

from donations.models import WebhookEvent
from tests.donations.test_task_workers import _test_database_url
from tests.factories import one_off_paid_event
from tests.processes import ROOT, Gunicorn, production_environment

pytestmark = pytest.mark.django_db(transaction=True)  # committed, for gunicorn to see

WEBHOOK = "/support/webhooks/stripe/"
CONFIG = ROOT / "deploy" / "gunicorn-webhooks.conf.py"


class WebhookGunicorn(Gunicorn):
    """gunicorn as the configuration says (worker class, workers, threads, keep-alive), on the
    test's own port."""

    def command(self) -> list:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        return [gunicorn, "newsroom.wsgi", "-c", CONFIG, "--bind", f"127.0.0.1:{self.port}"]


@pytest.fixture
def webhook_server(tmp_path, fake_stripe):
    environment = production_environment(
        tmp_path,
        DATABASE_URL=_test_database_url(),
        STRIPE_SECRET_KEY=fake_stripe.api_key,
        STRIPE_WEBHOOK_SECRET=fake_stripe.webhook_secret,
        STRIPE_API_BASE=fake_stripe.url,
        LOG_LEVEL="WARNING",
    )
    server = WebhookGunicorn(environment).start()
    yield server
    server.stop()


def test_deliveries_on_one_kept_alive_connection_are_each_answered_once_stored(
    webhook_server, fake_stripe
):
    events = [one_off_paid_event(number) for number in (1, 2)]
    connection = http.client.HTTPConnection("127.0.0.1", webhook_server.port, timeout=30)
    answers, sockets = [], []
    for event in [*events, events[0]]:  # the first again, as Stripe retries
        body, signature = fake_stripe.signed(event)
        connection.request(
            "POST",
            WEBHOOK,
            body,
            {"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        response = connection.getresponse()
        answers.append((response.status, response.read().decode()))
        sockets.append(connection.sock)  # None once the server closed the connection
    connection.close()

    assert answers == [(200, "queued"), (200, "queued"), (200, "duplicate")]
    assert sockets[0] is not None and sockets == [sockets[0]] * 3, "one connection, kept alive"
    stored = WebhookEvent.objects.filter(processed_at__isnull=True, next_attempt_at__isnull=False)
    assert sorted(stored.values_list("stripe_event_id", flat=True)) == sorted(
        event["id"] for event in events
    )
