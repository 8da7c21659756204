"""Operators hear about failures: ADMINS are mailed once when a Stripe event's retries run out and
when reconcile_stripe finds events the webhooks missed; Fundraising sees failed events and
replays them; `manage.py check` warns about a configuration that loses events or caches per
process."""

import logging

import environ
import pytest
from django.conf import settings
from django.core import checks, mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from donations.models import Donation, WebhookEvent
from tests.factories import role_user, staff_log_in

pytestmark = pytest.mark.django_db

OPS = ("Ola Operator", "ops@example.org")
EVENTS = "/admin/donations/webhookevent/"


@pytest.fixture
def admins(settings):
    settings.ADMINS = [OPS]
    return settings


def _to_admins():
    """The mail ADMINS got (donors' thank-you mail goes to the same outbox)."""
    return [message for message in mail.outbox if message.to == ["ops@example.org"]]


@pytest.fixture
def refund_before_its_payment(start_checkout, fake_stripe):
    """A refund whose payment we have not recorded yet: its event fails until the payment's
    events arrive. Returns (the refund event, the payment's events)."""
    session = start_checkout("once", "40", "usd")
    payment_events = fake_stripe.complete_checkout(session["id"])
    intent = fake_stripe.event("checkout.session.completed")["data"]["object"]["payment_intent"]
    return fake_stripe.refund(intent)[0], payment_events


# Mail when an event fails for good

ATTEMPTS = len(settings.WEBHOOK_RETRY_DELAYS) + 1  # 7 by default


def test_admins_hear_once_when_an_events_retries_run_out(
    admins, deliver, tasks, refund_before_its_payment
):
    refund, _ = refund_before_its_payment

    assert deliver(refund).outcome == "failed"
    assert deliver(refund).content == b"duplicate"  # Stripe's own retry: the queue has it
    assert not _to_admins(), "a first failure is no news: it is retried"
    tasks.run_until_idle()

    [message] = _to_admins()
    assert message.to == ["ops@example.org"]
    assert (
        message.subject
        == f"[The Riverside Ledger] Stripe event {refund['id']} (charge.refunded) failed"
    )
    assert f"Event: {refund['id']}" in message.body
    assert "Type: charge.refunded" in message.body
    assert f"after {ATTEMPTS} attempts" in message.body
    assert "DonationNotYetRecorded: No donation paid by charge" in message.body
    event = WebhookEvent.objects.get(stripe_event_id=refund["id"])
    assert f"https://news.example.org/admin/donations/webhookevent/{event.pk}/change/" in (
        message.body
    )
    assert event.attempts == ATTEMPTS


def test_a_replay_that_fails_again_sends_no_more_mail(
    admins, deliver, tasks, refund_before_its_payment, admin_client
):
    refund, _ = refund_before_its_payment
    deliver(refund)
    tasks.run_until_idle()
    event = WebhookEvent.objects.get(stripe_event_id=refund["id"])

    admin_client.post(EVENTS, {"action": "replay", "_selected_action": [event.pk]})

    assert len(_to_admins()) == 1
    event.refresh_from_db()
    assert event.attempts == ATTEMPTS + 1
    assert not tasks.queued().exists()


def test_a_failing_mail_server_never_changes_what_the_worker_records(
    admins, settings, deliver, tasks, refund_before_its_payment, caplog
):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.SMTPDown"
    refund, payment_events = refund_before_its_payment

    with caplog.at_level(logging.ERROR, logger="donations.alerts"):
        response = deliver(refund)
        tasks.run_until_idle()

    assert response.status_code == 200
    event = WebhookEvent.objects.get(stripe_event_id=refund["id"])
    assert "DonationNotYetRecorded" in event.last_error
    assert (event.attempts, event.failed_at is not None) == (ATTEMPTS, True)
    assert "Could not tell ADMINS" in caplog.text
    for payment_event in payment_events:
        assert deliver(payment_event).outcome == "processed"
    assert deliver(refund).outcome == "processed"  # resent by Stripe: one more try
    assert Donation.objects.get().status == "refunded"


def test_without_admins_a_failure_is_stored_and_no_mail_is_sent(
    deliver, tasks, refund_before_its_payment
):
    refund, _ = refund_before_its_payment

    assert deliver(refund).outcome == "failed"
    tasks.run_until_idle()

    assert not mail.outbox
    assert WebhookEvent.objects.get(stripe_event_id=refund["id"]).last_error


# Mail when reconcile_stripe finds what the webhooks missed


def test_reconcile_tells_admins_about_the_events_the_webhooks_missed(
    admins, start_checkout, fake_stripe, deliver, refund_before_its_payment
):
    refund, _ = refund_before_its_payment
    deliver(refund)  # arrives too early and fails; the payment's events never arrive
    mail.outbox.clear()

    call_command("reconcile_stripe", "--days", "1")

    [message] = _to_admins()
    assert message.to == ["ops@example.org"]
    assert "Stripe event(s) the webhooks missed" in message.subject
    completed = fake_stripe.event("checkout.session.completed")
    assert f"- {completed['id']} (checkout.session.completed): never arrived" in message.body
    assert f"- {refund['id']} (charge.refunded): had arrived but not been processed" in (
        message.body
    )
    assert Donation.objects.get().status == "refunded"


def test_reconcile_tells_no_one_when_the_webhooks_missed_nothing(
    admins, start_checkout, fake_stripe, deliver
):
    session = start_checkout("once", "15", "usd")
    for event in fake_stripe.complete_checkout(session["id"]):
        deliver(event)

    call_command("reconcile_stripe", "--days", "1")

    assert not _to_admins()


def test_a_failing_mail_server_never_fails_the_reconciliation(
    admins, settings, start_checkout, fake_stripe, caplog, capsys
):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.ProviderError"
    session = start_checkout("once", "15", "usd")
    fake_stripe.complete_checkout(session["id"])

    with caplog.at_level(logging.ERROR, logger="donations.alerts"):
        call_command("reconcile_stripe", "--days", "1")

    assert Donation.objects.count() == 1
    assert "processed now" in capsys.readouterr().out
    assert "Could not tell ADMINS" in caplog.text


# Fundraising sees failed events and replays them


def test_fundraising_sees_failed_events_and_replays_one(
    client, deliver, tasks, refund_before_its_payment
):
    refund, payment_events = refund_before_its_payment
    deliver(refund)
    tasks.run_until_idle()  # its retries run out before its payment arrives
    for event in payment_events:
        deliver(event)
    staff_log_in(client, role_user("Fundraising", username="fran"))

    listing = client.get(EVENTS, {"processing": "failed"})

    html = listing.content.decode()
    assert listing.status_code == 200
    assert refund["id"] in html and "<strong>Failed</strong>" in html
    assert not any(event["id"] in html for event in payment_events)  # processed, not listed
    failed = WebhookEvent.objects.get(stripe_event_id=refund["id"])
    replayed = client.post(
        EVENTS, {"action": "replay", "_selected_action": [failed.pk]}, follow=True
    )
    assert "Replayed 1 event(s)" in replayed.content.decode()
    failed.refresh_from_db()
    assert failed.processed_at is not None
    assert Donation.objects.get().status == "refunded"


def test_fundraising_sees_when_a_failing_event_is_tried_again(
    client, deliver, refund_before_its_payment
):
    refund, _ = refund_before_its_payment
    deliver(refund)
    staff_log_in(client, role_user("Fundraising", username="fran"))

    queued = client.get(EVENTS, {"processing": "pending"}).content.decode()
    failed = client.get(EVENTS, {"processing": "failed"}).content.decode()

    assert refund["id"] in queued and "Retrying at" in queued
    assert refund["id"] not in failed, "not failed for good while a retry is queued"


def test_the_admin_index_shows_fundraising_the_webhook_events(client):
    staff_log_in(client, role_user("Fundraising", username="fran"))

    assert EVENTS in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["Writer", "Editor"])
def test_other_roles_do_not_see_webhook_events(client, role):
    client.force_login(role_user(role, username="someone"))

    assert client.get(EVENTS).status_code == 403


# manage.py check


def _warnings():
    return {message.id: message for message in checks.run_checks() if message.id}


def test_check_warns_about_a_stripe_key_without_a_webhook_secret(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_example"
    settings.STRIPE_WEBHOOK_SECRET = ""

    with pytest.raises(SystemCheckError, match="STRIPE_WEBHOOK_SECRET is empty"):
        call_command("check", fail_level="WARNING")


@pytest.mark.parametrize(
    ("key", "secret"), [("", ""), ("sk_live_example", "whsec_example"), ("", "whsec_example")]
)
def test_check_is_quiet_about_stripe_when_the_webhook_can_be_verified_or_giving_is_off(
    settings, key, secret
):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = key, secret

    assert "donations.W001" not in _warnings()


@pytest.mark.parametrize(
    "cache_url", ["locmemcache://", "dummycache://", "filecache:///tmp/newsroom-cache"]
)
def test_check_warns_about_a_per_process_cache_with_debug_off(settings, cache_url):
    settings.DEBUG = False
    settings.CACHES = {"default": environ.Env.cache_url_config(cache_url)}

    warning = _warnings()["donations.W002"]

    assert warning.level == checks.WARNING
    assert "CACHE_URL to Redis" in warning.hint


def test_check_is_quiet_about_a_shared_cache_or_while_developing(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": environ.Env.cache_url_config("redis://127.0.0.1:6379/0")}
    assert "donations.W002" not in _warnings()

    settings.DEBUG = True
    settings.CACHES = {"default": environ.Env.cache_url_config("locmemcache://")}
    assert "donations.W002" not in _warnings()
