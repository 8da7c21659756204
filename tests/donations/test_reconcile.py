import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command

from donations.models import Donation, RecurringDonation, WebhookEvent

pytestmark = pytest.mark.django_db


def test_reconcile_recovers_gifts_whose_webhooks_never_arrived(start_checkout, fake_stripe, capsys):
    one_off = start_checkout("once", "15", "usd")
    monthly = start_checkout("monthly", "5", "eur")
    fake_stripe.complete_checkout(one_off["id"])
    fake_stripe.complete_checkout(monthly["id"])

    call_command("reconcile_stripe", "--days", "3")

    assert Donation.objects.count() == 2
    assert RecurringDonation.objects.get().status == "active"
    output = capsys.readouterr().out
    assert "events checked" in output
    assert "processed now" in output


def test_reconcile_twice_changes_nothing(start_checkout, fake_stripe, capsys):
    session = start_checkout("monthly", "5", "usd")
    fake_stripe.complete_checkout(session["id"])
    call_command("reconcile_stripe", "--days", "3")
    before = list(Donation.objects.values()), list(WebhookEvent.objects.values())

    call_command("reconcile_stripe", "--days", "3")

    assert (list(Donation.objects.values()), list(WebhookEvent.objects.values())) == before
    assert "0 processed now" in capsys.readouterr().out


def test_reconcile_skips_what_webhooks_already_delivered(
    start_checkout, fake_stripe, deliver, capsys
):
    session = start_checkout("once", "15", "usd")
    for event in fake_stripe.complete_checkout(session["id"]):
        deliver(event)

    call_command("reconcile_stripe", "--days", "1")

    assert Donation.objects.count() == 1
    assert "already processed" in capsys.readouterr().out


def test_reconcile_pages_through_many_events(start_checkout, fake_stripe):
    for _ in range(40):  # 40 sessions x 3 events: more than one page of 100
        session = start_checkout("monthly", "5", "usd")
        fake_stripe.complete_checkout(session["id"])

    call_command("reconcile_stripe", "--days", "1")

    assert Donation.objects.count() == 40


def test_reconcile_says_when_stripe_cannot_be_reached(fake_stripe):
    fake_stripe.fail_next(500)

    with pytest.raises(CommandError, match="Could not read events from Stripe"):
        call_command("reconcile_stripe", "--days", "1")


def test_reconcile_refuses_more_than_stripe_keeps(fake_stripe):
    with pytest.raises(CommandError, match="between 1 and 30"):
        call_command("reconcile_stripe", "--days", "31")


def test_the_admin_replays_a_failed_event(start_checkout, fake_stripe, deliver, admin_client):
    session = start_checkout("once", "40", "usd")
    checkout_events = fake_stripe.complete_checkout(session["id"])
    payment_intent = fake_stripe.event("checkout.session.completed")["data"]["object"][
        "payment_intent"
    ]
    refund = fake_stripe.refund(payment_intent)[0]
    assert deliver(refund).outcome == "failed"  # the payment is not known yet
    for event in checkout_events:
        deliver(event)
    failed = WebhookEvent.objects.get(type="charge.refunded")

    response = admin_client.post(
        "/admin/donations/webhookevent/",
        {"action": "replay", "_selected_action": [failed.pk]},
        follow=True,
    )

    assert "Replayed 1 event(s)" in response.content.decode()
    assert Donation.objects.get().status == "refunded"
    failed.refresh_from_db()
    assert failed.processed_at is not None
    assert site.is_registered(WebhookEvent)
