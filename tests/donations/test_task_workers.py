"""Real workers: `manage.py worker` processes beside the site under gunicorn, on the test
database, with the queue in PostgreSQL (TASKS_BACKEND=database) or in a Redis of the test's own
(TASKS_BACKEND=rq). The fake Stripe delivers signed webhooks over HTTP, as Stripe does.

What the queue promises, with processes as production runs them: a delivery is answered before
anything is processed; a worker records each payment once; a failing event is retried with
backoff, then left failed for staff to replay; and a worker killed mid-queue loses nothing.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from donations.models import Donation, Donor, WebhookEvent
from donations.webhooks import HANDLERS
from tests.factories import one_off_paid_event
from tests.processes import ROOT, Gunicorn, RedisServer

pytestmark = pytest.mark.django_db(transaction=True)  # committed, for other processes to see

WEBHOOK = "/support/webhooks/stripe/"
RETRY_DELAYS = "1,2"  # three attempts, over three seconds and more
REQUEUE_AFTER = 3


class Worker:
    """`manage.py worker` in a session of its own, so that the test can kill it and everything
    it started (RQ's scheduler is a process of its own) at once."""

    def __init__(self, environment: dict[str, str], log: Path):
        self.environment = environment
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "worker"],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def kill(self) -> None:
        """As the kernel's OOM killer or a lost machine would: no chance to finish anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):  # what it started, if that outlived it
            os.killpg(self.process.pid, signal.SIGKILL)


def _test_database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.fixture(params=["database", "rq"])
def stack(request, tmp_path, fake_stripe):
    """The site (gunicorn) and its environment, for workers to share; the queue's Redis too."""
    redis = RedisServer(tmp_path).start() if request.param == "rq" else None
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": _test_database_url(),
        "DEBUG": "false",
        "SECRET_KEY": "a-perfectly-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(settings.STATIC_ROOT),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SITE_URL": "https://news.example.org",
        "STRIPE_SECRET_KEY": fake_stripe.api_key,
        "STRIPE_WEBHOOK_SECRET": fake_stripe.webhook_secret,
        "STRIPE_API_BASE": fake_stripe.url,
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        "ADMINS": "ops@example.org",
        "TASKS_BACKEND": request.param,
        "WEBHOOK_RETRY_DELAYS": RETRY_DELAYS,
        "WEBHOOK_REQUEUE_AFTER": str(REQUEUE_AFTER),
        "LOG_LEVEL": "WARNING",
    }
    if redis is not None:
        environment["TASKS_REDIS_URL"] = redis.url
    site = Gunicorn(environment).start()
    site.redis = redis
    fake_stripe.webhook_url = site.url + WEBHOOK
    workers: list[Worker] = []

    def worker() -> Worker:
        workers.append(Worker(environment, tmp_path / f"worker-{len(workers)}.log").start())
        return workers[-1]

    site.worker = worker
    site.mail = tmp_path / "mail"
    yield site
    for started in workers:
        started.stop()
    site.stop()
    if redis is not None:
        redis.stop()


def _until(condition, seconds: float = 120.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Not within {seconds} s: {what or condition}")
        time.sleep(0.1)


def _handled(events: list[dict]) -> list[dict]:
    return [event for event in events if event["type"] in HANDLERS]


def _mail(site, count: int) -> list[str]:
    """The messages the processes sent, once there are `count` (each is a file), each read once
    written whole: Django's file backend creates the file before it writes the message, and ends
    every message with a line of 79 dashes."""

    def written() -> list[str]:
        if not site.mail.is_dir():
            return []
        texts = [path.read_text() for path in sorted(site.mail.iterdir())]
        return [text for text in texts if text.endswith("-" * 79 + "\n")]

    _until(lambda: len(written()) >= count, what=f"{count} message(s) sent")
    return written()


def _unprocessed() -> int:
    return WebhookEvent.objects.filter(processed_at__isnull=True).count()


def test_a_delivery_is_answered_before_processing_and_a_worker_records_one_gift(
    stack, start_checkout, fake_stripe
):
    session = start_checkout("once", "20", "usd")
    events = fake_stripe.complete_checkout(session["id"])

    statuses = [fake_stripe.deliver(event) for event in events * 2]  # each twice, as Stripe may

    assert statuses == [200] * len(events) * 2
    assert _unprocessed() == len(_handled(events)), "answered; nothing processed yet"
    assert not Donation.objects.exists()
    stack.worker()
    _until(lambda: _unprocessed() == 0, what="the worker processes the events")
    assert Donation.objects.get().amount == 2000
    assert set(WebhookEvent.objects.values_list("attempts", flat=True)) <= {0, 1}
    [thanks] = _mail(stack, 1)
    assert "Thank you for supporting" in thanks


def test_two_workers_record_one_gift_per_payment_of_many_delivered_twice(stack, fake_stripe):
    # Some donors give three times, in batches the two workers may take at once: their batches
    # record gifts together, and race to insert the same new donor.
    events = [
        one_off_paid_event(number, customer=f"cus_often{number % 50:02d}" if number < 150 else "")
        for number in range(200)
    ]
    for event in events + events[::2]:  # half of them delivered twice, as Stripe may
        assert fake_stripe.deliver(event) == 200

    workers = [stack.worker(), stack.worker()]
    _until(lambda: _unprocessed() == 0, what="two workers process every event")

    assert Donation.objects.count() == len(events)
    assert Donor.objects.count() == 50 + 50
    assert not Donation.objects.filter(thanked_at__isnull=True).exists()
    assert set(WebhookEvent.objects.values_list("outcome", "attempts")) == {("processed", 1)}
    # Sent fast, several messages may share a file (the file backend names each by the second).
    _until(
        lambda: sum(text.count("\nSubject: ") for text in _mail(stack, 1)) >= len(events),
        what="the thank-yous",
    )
    time.sleep(1)
    assert sum(text.count("\nSubject: ") for text in _mail(stack, 1)) == len(events)
    assert all(worker.process.poll() is None for worker in workers)


def test_a_failing_event_is_retried_with_backoff_then_left_failed_and_replayable(
    stack, start_checkout, fake_stripe, admin_client
):
    session = start_checkout("once", "40", "usd")
    payment_events = fake_stripe.complete_checkout(session["id"])
    intent = fake_stripe.event("checkout.session.completed")["data"]["object"]["payment_intent"]
    refund = fake_stripe.refund(intent)[0]  # before its payment: fails until that is recorded
    stack.worker()

    assert fake_stripe.deliver(refund) == 200
    _until(
        lambda: WebhookEvent.objects.filter(failed_at__isnull=False).exists(),
        what="the retries run out",
    )

    failed = WebhookEvent.objects.get(stripe_event_id=refund["id"])
    assert (failed.attempts, failed.processed_at, failed.next_attempt_at) == (3, None, None)
    assert "DonationNotYetRecorded" in failed.last_error
    assert (failed.failed_at - failed.received_at).total_seconds() >= 1 + 2, "the backoff"
    [alert] = _mail(stack, 1)
    assert "To: ops@example.org" in alert
    assert "could not be processed, after 3 attempts" in alert
    assert f"Event: {refund['id']}" in alert
    for event in payment_events:
        fake_stripe.deliver(event)
    _until(lambda: Donation.objects.filter(status="paid").exists(), what="the payment")
    replayed = admin_client.post(
        "/admin/donations/webhookevent/",
        {"action": "replay", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "Replayed 1 event(s)" in replayed.content.decode()
    assert Donation.objects.get().status == "refunded"


def test_a_worker_killed_mid_queue_loses_nothing(stack, start_checkout, fake_stripe):
    slow = start_checkout("monthly", "5", "usd")
    # First in the queue: a monthly gift's checkout, whose recording asks Stripe for the
    # subscription it has not heard of yet (and Stripe takes its time to answer).
    slow_events = sorted(
        _handled(fake_stripe.complete_checkout(slow["id"])),
        key=lambda event: event["type"] != "checkout.session.completed",
    )
    quick = [start_checkout("once", str(10 + number), "usd") for number in range(8)]
    quick_events = [
        event
        for session in quick
        for event in _handled(fake_stripe.complete_checkout(session["id"]))
    ]
    fake_stripe.delay_next(5, path_prefix="/v1/subscriptions")
    for event in slow_events + quick_events:
        assert fake_stripe.deliver(event) == 200

    first = stack.worker()
    _until(
        lambda: any(r.path.startswith("/v1/subscriptions") for r in fake_stripe.requests),
        what="the first worker is inside the slow task",
    )
    first.kill()

    assert not Donation.objects.exists()
    assert _unprocessed() == len(slow_events + quick_events)
    stack.worker()
    _until(lambda: _unprocessed() == 0, what="a new worker processes everything")
    assert Donation.objects.count() == 1 + len(quick)
    assert set(WebhookEvent.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.parametrize("stack", ["rq"], indirect=True)
def test_an_event_acknowledged_while_the_queues_redis_was_down_is_processed_once_it_is_back(
    stack, start_checkout, fake_stripe
):
    session = start_checkout("once", "30", "usd")
    events = _handled(fake_stripe.complete_checkout(session["id"]))
    stack.redis.stop()

    statuses = [fake_stripe.deliver(event) for event in events]

    assert statuses == [200] * len(events), "stored: Stripe need not send it again"
    stack.redis.start()  # empty: what it held is gone, and it held nothing of these
    stack.worker()
    _until(lambda: _unprocessed() == 0, what="the sweep queues them again, a worker runs them")
    assert Donation.objects.get().amount == 3000
