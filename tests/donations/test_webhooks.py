"""The webhook endpoint: only Stripe's signed events get in; each is answered once stored, and
processed once by a worker that claims due events in batches, retried with backoff when it
fails, without failing its neighbours."""

import codecs
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta

import psycopg
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from donations import webhooks
from donations.models import Donation, WebhookEvent
from donations.webhooks import webhook_event_process, webhook_events_process_due
from tests.factories import one_off_paid_event
from tests.task_queue import TaskQueue

WEBHOOK = "/support/webhooks/stripe/"


def _post(client, body, signature):
    return client.post(
        WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


@pytest.fixture
def paid_one_off(start_checkout, fake_stripe):
    session = start_checkout("once", "20", "usd")
    fake_stripe.complete_checkout(session["id"])
    return fake_stripe.event("checkout.session.completed")


@pytest.mark.django_db
def test_a_wrong_signature_is_refused_and_nothing_stored(client, fake_stripe, paid_one_off):
    body, signature = fake_stripe.signed(paid_one_off, secret="whsec_someone_else")

    response = _post(client, body, signature)

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_a_stale_signature_is_refused(client, fake_stripe, paid_one_off):
    body, signature = fake_stripe.signed(paid_one_off, timestamp=int(time.time()) - 3600)

    assert _post(client, body, signature).status_code == 400
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_missing_signature_is_refused(client, fake_stripe, paid_one_off):
    body, _ = fake_stripe.signed(paid_one_off)

    assert client.post(WEBHOOK, body, content_type="application/json").status_code == 400
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"object": "event"}',
        b'{"id": "evt_1", "object": "event"}',
        b"\xff\xfe",
    ],
)
def test_a_malformed_body_is_refused_even_when_signed(client, fake_stripe, body):
    timestamp = int(time.time())
    # Signed with our secret, as only Stripe (or a bug on our side) could.
    digest = hmac.new(
        fake_stripe.webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()

    response = _post(client, body, f"t={timestamp},v1={digest}")

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_an_event_type_we_do_not_handle_is_stored_and_acknowledged(
    deliver, fake_stripe, paid_one_off
):
    event = {**paid_one_off, "id": "evt_unhandled_1", "type": "customer.tax_id.created"}

    response = deliver(event)

    assert response.status_code == 200
    stored = WebhookEvent.objects.get()
    assert stored.type == "customer.tax_id.created"
    assert stored.processed_at is not None
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_event_is_acknowledged_and_not_processed_again(deliver, paid_one_off):
    first = deliver(paid_one_off)
    Donation.objects.update(prompt="edited after the first delivery")

    second = deliver(paid_one_off)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert Donation.objects.get().prompt == "edited after the first delivery"
    assert WebhookEvent.objects.get().attempts == 1


@pytest.mark.django_db
def test_without_a_webhook_secret_deliveries_are_refused(deliver, paid_one_off, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert deliver(paid_one_off).status_code == 503
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_a_delivery_is_answered_once_stored_and_a_worker_records_the_gift(
    client, fake_stripe, paid_one_off, tasks, django_capture_on_commit_callbacks
):
    body, signature = fake_stripe.signed(paid_one_off)

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, body, signature)

    assert (response.status_code, response.content) == (200, b"queued")
    stored = WebhookEvent.objects.get()
    assert (stored.processed_at, stored.attempts, Donation.objects.count()) == (None, 0, 0)
    assert stored.next_attempt_at is not None  # due: the row is its own place in the queue
    assert stored.payload == paid_one_off
    assert not tasks.queued().exists()

    tasks.run()

    stored.refresh_from_db()
    assert (stored.outcome, stored.attempts, stored.next_attempt_at) == ("processed", 1, None)
    assert Donation.objects.get().amount == 2000
    assert len(mail.outbox) == 1  # the thank-you, queued by the worker's commit


@pytest.mark.django_db
def test_a_delivery_new_or_duplicate_is_one_statement(
    client, fake_stripe, paid_one_off, tasks, django_assert_num_queries
):
    body, signature = fake_stripe.signed(paid_one_off)

    with django_assert_num_queries(1):  # one round trip, one commit: what Stripe waits for
        first = _post(client, body, signature)
    with django_assert_num_queries(1):  # the same statement finds it stored, and writes nothing
        second = _post(client, body, signature)

    assert (first.content, second.content) == (b"queued", b"duplicate")
    tasks.run()
    assert Donation.objects.get().amount == 2000


@pytest.fixture
def wsgi_entry():
    """POST to the site's WSGI entry (newsroom/wsgi.py), as gunicorn calls it: (status, headers,
    body). In a test's transaction the entry leaves the database connection to the test, as
    Django's test client does."""
    from newsroom import wsgi

    def post(body: bytes, signature: str):
        environ = (
            RequestFactory()
            .post(WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)
            .environ
        )
        answer = {}

        def start_response(status, headers):
            answer["status"], answer["headers"] = status, dict(headers)

        chunks = wsgi.application(environ, start_response)
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        return answer["status"], answer["headers"], body

    return post


@pytest.mark.django_db
def test_under_wsgi_a_delivery_is_answered_before_django_and_its_gift_recorded(
    wsgi_entry, fake_stripe, paid_one_off, tasks, django_assert_num_queries
):
    signed = fake_stripe.signed(paid_one_off)
    with django_assert_num_queries(1):
        status, headers, body = wsgi_entry(*signed)
    _, _, again = wsgi_entry(*signed)

    assert (status, body, again) == ("200 OK", b"queued", b"duplicate")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # None of the layers a reader's page passes (security headers, sessions, the support state).
    assert "Content-Security-Policy" not in headers
    assert "Set-Cookie" not in headers
    tasks.run()
    assert Donation.objects.get().amount == 2000


@pytest.mark.django_db
def test_under_wsgi_a_wrong_signature_is_refused_with_the_reason(
    wsgi_entry, fake_stripe, paid_one_off
):
    body, signature = fake_stripe.signed(paid_one_off, secret="whsec_someone_else")

    status, _, answer = wsgi_entry(body, signature)

    assert (status, answer) == ("400 Bad Request", b"Invalid signature or payload.")
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_under_wsgi_a_delivery_after_the_database_dropped_the_kept_connection_is_stored(
    wsgi_entry, fake_stripe, paid_one_off
):
    """No health check before each delivery (a round trip): the lost connection is noticed by
    the delivery's own statement, which is run again on a new one."""
    wsgi_entry(*fake_stripe.signed({**paid_one_off, "id": "evt_first"}))
    kept = connection.connection.info.backend_pid
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [kept])

    status, _, body = wsgi_entry(*fake_stripe.signed(paid_one_off))

    assert (status, body) == ("200 OK", b"queued")
    assert connection.connection.info.backend_pid != kept
    assert WebhookEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_under_wsgi_a_connection_past_its_max_age_is_replaced_before_the_delivery(
    wsgi_entry, fake_stripe, paid_one_off
):
    wsgi_entry(*fake_stripe.signed({**paid_one_off, "id": "evt_first"}))
    kept = connection.connection.info.backend_pid
    connection.close_at = time.monotonic() - 1  # CONN_MAX_AGE has run out since it connected

    status, _, body = wsgi_entry(*fake_stripe.signed(paid_one_off))

    assert (status, body) == ("200 OK", b"queued")
    assert connection.connection.info.backend_pid != kept
    assert WebhookEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_under_wsgi_a_connection_within_its_max_age_is_kept_between_deliveries(
    wsgi_entry, fake_stripe, paid_one_off
):
    wsgi_entry(*fake_stripe.signed({**paid_one_off, "id": "evt_first"}))
    kept = connection.connection.info.backend_pid

    wsgi_entry(*fake_stripe.signed(paid_one_off))

    assert connection.connection.info.backend_pid == kept


@pytest.mark.django_db
def test_under_wsgi_a_stale_signature_is_refused(wsgi_entry, fake_stripe, paid_one_off):
    body, signature = fake_stripe.signed(paid_one_off, timestamp=int(time.time()) - 3600)

    status, _, answer = wsgi_entry(body, signature)

    assert (status, answer) == ("400 Bad Request", b"Invalid signature or payload.")
    assert not WebhookEvent.objects.exists()


def _subscription_event_stripe_fails(paid_one_off):
    """A subscription's checkout, whose recording needs Stripe to answer (tests make it fail)."""
    session = paid_one_off["data"]["object"]
    return {
        **paid_one_off,
        "id": "evt_sub_fail",
        "data": {
            "object": {
                **session,
                "mode": "subscription",
                "subscription": "sub_missing",
                "invoice": "in_x",
            }
        },
    }


@pytest.mark.django_db
def test_a_handler_failure_is_stored_and_due_again_after_a_minute(
    deliver, fake_stripe, paid_one_off, tasks
):
    fake_stripe.fail_next(500, path_prefix="/v1/subscriptions")
    before = timezone.now()

    response = deliver(_subscription_event_stripe_fails(paid_one_off))

    assert (response.status_code, response.outcome) == (200, "failed")
    stored = WebhookEvent.objects.get(stripe_event_id="evt_sub_fail")
    assert stored.processed_at is None
    assert stored.attempts == 1
    assert "PaymentProviderUnavailable" in stored.last_error
    assert before + timedelta(seconds=60) <= stored.next_attempt_at
    assert not tasks.queued().exists()  # its row says when: no task for it
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_a_failing_event_is_retried_with_backoff_then_left_failed_for_staff(
    deliver, fake_stripe, paid_one_off, tasks, time_machine, settings
):
    delays = settings.WEBHOOK_RETRY_DELAYS
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    fake_stripe.fail_next(500, path_prefix="/v1/subscriptions", times=len(delays) + 1)
    event = _subscription_event_stripe_fails(paid_one_off)
    deliver(event)
    stored = WebhookEvent.objects.get(stripe_event_id="evt_sub_fail")
    tried_at = [start]

    for attempts, delay in enumerate(delays, start=1):
        time_machine.move_to(tried_at[-1] + timedelta(seconds=delay - 1), tick=False)
        tasks.run()
        stored.refresh_from_db()
        assert stored.attempts == attempts, "not before its backoff"
        time_machine.move_to(tried_at[-1] + timedelta(seconds=delay), tick=False)
        tasks.run()
        stored.refresh_from_db()
        assert stored.attempts == attempts + 1
        tried_at.append(timezone.now())

    assert stored.attempts == len(delays) + 1 == 7
    assert (stored.processed_at, stored.next_attempt_at) == (None, None)
    assert stored.failed_at == tried_at[-1]
    assert "PaymentProviderUnavailable" in stored.last_error
    assert not tasks.events_queued().exists(), "nothing left queued: it waits for staff"
    assert tried_at[-1] - start == timedelta(seconds=sum(delays))


@pytest.mark.django_db
def test_an_event_whose_retries_ran_out_is_tried_again_when_stripe_resends_it(
    deliver, fake_stripe, paid_one_off, tasks, settings
):
    attempts = len(settings.WEBHOOK_RETRY_DELAYS) + 1
    fake_stripe.fail_next(500, path_prefix="/v1/subscriptions", times=attempts)
    event = _subscription_event_stripe_fails(paid_one_off)
    deliver(event)
    tasks.run_until_idle()
    assert WebhookEvent.objects.get().failed_at is not None

    resent = deliver(event)

    assert (resent.content, resent.outcome) == (b"queued", "failed")  # sub_missing: still no
    assert WebhookEvent.objects.get().attempts == attempts + 1
    assert not tasks.events_queued().exists()


@pytest.mark.django_db
def test_a_claimed_event_is_left_alone_until_its_lease_ends_then_another_worker_takes_it(
    client, fake_stripe, paid_one_off, tasks, settings, time_machine
):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    _post(client, *fake_stripe.signed(paid_one_off))
    [(claimed, _)] = webhooks._claim(limit=10)  # a worker claims it, and is killed

    time_machine.move_to(start + timedelta(seconds=settings.WEBHOOK_REQUEUE_AFTER - 1))
    early = webhook_events_process_due()
    time_machine.move_to(start + timedelta(seconds=settings.WEBHOOK_REQUEUE_AFTER))
    late = webhook_events_process_due()

    assert (early, late) == ([], [claimed])
    assert WebhookEvent.objects.get().outcome == "processed"
    assert Donation.objects.count() == 1


def _refund_before_its_payment(number: int) -> dict:
    """A refund of a gift of ours whose payment has not been recorded: its write fails."""
    return {
        **one_off_paid_event(number),
        "id": f"evt_refund{number:04d}",
        "type": "charge.refunded",
        "data": {
            "object": {
                "id": f"ch_batch{number:04d}",
                "object": "charge",
                "amount": 1000 + number,
                "amount_refunded": 1000 + number,
                "currency": "usd",
                "payment_intent": f"pi_batch{number:04d}",
                "metadata": {"newsroom": "donation"},
            }
        },
    }


@pytest.mark.django_db
def test_a_batch_with_a_failing_event_records_the_others_and_retries_that_one_alone(
    client, fake_stripe, tasks, mailoutbox, settings
):
    settings.ADMINS = [("Fundraising", "fundraising@example.org")]
    for event in [one_off_paid_event(1), _refund_before_its_payment(9), one_off_paid_event(2)]:
        _post(client, *fake_stripe.signed(event))

    assert len(webhook_events_process_due()) == 3  # one batch, one commit

    assert sorted(Donation.objects.values_list("amount", flat=True)) == [1001, 1002]
    refund = WebhookEvent.objects.get(type="charge.refunded")
    assert (refund.processed_at, refund.attempts) == (None, 1)
    assert "DonationNotYetRecorded" in refund.last_error
    assert refund.next_attempt_at > timezone.now() + timedelta(seconds=59)
    tasks.run()
    assert len(mailoutbox) == 2  # the two gifts' thank-yous, queued as one task

    tasks.run_until_idle()  # its retries run out: failed, staff told, replayable
    refund.refresh_from_db()
    assert (refund.failed_at is not None, refund.next_attempt_at) == (True, None)
    assert [message.to for message in mailoutbox[2:]] == [["fundraising@example.org"]]
    _post(client, *fake_stripe.signed(one_off_paid_event(9)))  # its payment arrives at last
    tasks.run()
    assert webhooks.webhook_event_replay(event_pk=refund.pk) == "processed"
    assert Donation.objects.get(amount=1009).status == Donation.Status.REFUNDED


def _in_threads(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_deliveries_of_one_event_queue_it_once_and_record_one_gift(
    fake_stripe, paid_one_off
):
    body, signature = fake_stripe.signed(paid_one_off)

    answers = _in_threads(10, lambda: _post(Client(), body, signature).content)

    assert sorted(answers) == [b"duplicate"] * 9 + [b"queued"]
    assert len(TaskQueue().run()) == 1  # the event, then the thank-you task it queued
    assert Donation.objects.count() == 1
    assert WebhookEvent.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_ten_workers_at_one_event_at_once_record_one_gift(fake_stripe, paid_one_off):
    body, signature = fake_stripe.signed(paid_one_off)
    _post(Client(), body, signature)
    event = WebhookEvent.objects.get()

    outcomes = _in_threads(10, lambda: webhook_event_process(event_pk=event.pk))

    assert sorted(outcomes) == ["duplicate"] * 9 + ["processed"]
    assert Donation.objects.count() == 1
    assert WebhookEvent.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_batches_at_once_record_one_gift_per_payment(fake_stripe):
    events = [one_off_paid_event(number) for number in range(120)]
    client = Client()
    for event in events + events[::3]:  # a third of them delivered twice
        assert _post(client, *fake_stripe.signed(event)).status_code == 200

    def work():
        claimed = []
        while batch := webhook_events_process_due(limit=20):
            claimed += batch
        return claimed

    first, second = _in_threads(2, work)

    assert first and second, "both workers took batches"
    assert sorted(first + second) == sorted(WebhookEvent.objects.values_list("pk", flat=True))
    assert Donation.objects.count() == 120
    assert set(WebhookEvent.objects.values_list("outcome", "attempts")) == {("processed", 1)}


@pytest.mark.django_db(transaction=True)
def test_the_thank_you_page_and_the_webhook_at_once_record_one_gift(fake_stripe, paid_one_off):
    body, signature = fake_stripe.signed(paid_one_off)
    session_id = paid_one_off["data"]["object"]["id"]

    turns = iter(range(10))

    def work():
        if next(turns) % 2:
            status = _post(Client(), body, signature).status_code
            TaskQueue().run()  # a worker beside each delivery, all at once
            return status
        return Client().get(reverse("donations:thanks"), {"session_id": session_id}).status_code

    assert _in_threads(10, work) == [200] * 10
    assert Donation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_different_events_about_one_monthly_payment_record_one_gift(
    fake_stripe, start_checkout
):
    session = start_checkout("monthly", "5", "usd")
    events = fake_stripe.complete_checkout(session["id"])
    payment_events = [
        e for e in events if e["type"] in {"invoice.paid", "checkout.session.completed"}
    ]
    signed = [fake_stripe.signed(event) for event in payment_events] * 4

    queue = iter(signed)

    def work():
        body, signature = next(queue)
        status = _post(Client(), body, signature).status_code
        TaskQueue().run()
        return status

    assert _in_threads(len(signed), work) == [200] * len(signed)
    assert Donation.objects.count() == 1
    donation = Donation.objects.get()
    assert donation.stripe_checkout_session_id == session["id"]
    assert donation.stripe_invoice_id is not None


# Signed, but not storable


def _signed_by_stripe(fake_stripe, body: bytes) -> str:
    timestamp = int(time.time())
    digest = hmac.new(
        fake_stripe.webhook_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def _with_nul_in_the_name(event):
    event["data"]["object"]["customer_details"]["name"] = "Ana\u0000"
    return json.dumps(event).encode()


def _with_an_over_long_id(event):
    return json.dumps({**event, "id": "evt_" + "x" * 300}).encode()


def _nested_too_deep(depth):
    def build(event):
        body = json.dumps(event).encode()
        nested = b'{"a":' * depth + b"1" + b"}" * depth
        return body.replace(b'"metadata": {', b'"metadata": {"deep": ' + nested + b", ", 1)

    build.__name__ = f"_nested_{depth}_deep"
    return build


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unstorable", "reason"),
    [
        (_with_nul_in_the_name, "NUL character"),
        (_with_an_over_long_id, "id is longer than"),
        (_nested_too_deep(200), "nested deeper than"),
        (_nested_too_deep(5000), "nested deeper than"),
    ],
    ids=["nul", "long-id", "nested-200", "nested-5000"],
)
def test_a_signed_event_the_database_cannot_store_is_refused_with_the_reason_logged(
    client, fake_stripe, paid_one_off, unstorable, reason, caplog
):
    body = unstorable(paid_one_off)

    response = _post(client, body, _signed_by_stripe(fake_stripe, body))

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert not Donation.objects.exists()
    assert "Rejected a webhook delivery" in caplog.text
    assert reason in caplog.text


def _with_nul_in_a_metadata_key(event):
    event["data"]["object"]["metadata"]["note\u0000"] = "x"
    return json.dumps(event).encode()


def _nested_to(levels):
    """An event with a value `levels` deep, the event itself being the first level, and no
    other object or array: its data's object is a chain of objects, the innermost holding it."""

    def build(event):
        chain = levels - 3
        nested = '{"a": ' * chain + "1" + "}" * chain
        return (
            f'{{"id": "evt_deep", "object": "event", "type": "tax_id.created", '
            f'"created": {event["created"]}, "data": {{"object": {nested}}}}}'
        ).encode()

    build.__name__ = f"_nested_to_{levels}"
    return build


def _in_utf_16(event):
    """As UTF-16 without a byte-order mark, which the signature check reads as UTF-8 (each
    ASCII character followed by a zero byte) and the JSON parser as UTF-16."""
    return json.dumps(event).encode("utf-16-le")


def _with_a_byte_order_mark(event):
    return codecs.BOM_UTF8 + json.dumps(event).encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unstorable", "reason"),
    [
        (_with_nul_in_a_metadata_key, "NUL character"),
        (_nested_to(65), "nested deeper than 64 levels"),
        (lambda event: _in_utf_16(json.loads(_with_nul_in_the_name(event))), "NUL character"),
    ],
    ids=["nul-in-a-key", "65-levels", "utf-16-nul"],
)
def test_a_signed_event_at_the_edge_of_what_we_store_is_refused(
    client, fake_stripe, paid_one_off, unstorable, reason, caplog
):
    body = unstorable(paid_one_off)

    response = _post(client, body, _signed_by_stripe(fake_stripe, body))

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not WebhookEvent.objects.exists()


def _with_an_escaped_backslash_before_u0000(event):
    event["data"]["object"]["customer_details"]["name"] = "Ana\\u0000"  # no NUL: a backslash
    return json.dumps(event).encode()


def _with_many_shallow_objects(event):
    event["data"]["object"]["metadata"]["items"] = [{"n": n} for n in range(100)]
    return json.dumps(event).encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "storable",
    [
        _with_an_escaped_backslash_before_u0000,
        _nested_to(64),
        _with_many_shallow_objects,
        _in_utf_16,
        _with_a_byte_order_mark,
    ],
    ids=["escaped-backslash-u0000", "64-levels", "many-shallow-objects", "utf-16", "utf-8-bom"],
)
def test_a_signed_event_at_the_edge_of_what_we_store_is_stored(
    client, fake_stripe, paid_one_off, storable
):
    body = storable(paid_one_off)

    response = _post(client, body, _signed_by_stripe(fake_stripe, body))

    assert response.status_code == 200
    assert WebhookEvent.objects.get().payload == json.loads(body)


@pytest.mark.django_db
def test_a_claim_shorter_than_two_seconds_stops_the_check(settings):
    settings.WEBHOOK_REQUEUE_AFTER = 0

    with pytest.raises(SystemCheckError, match=r"(?s)donations\.E021.*at least 2 seconds"):
        call_command("check")
