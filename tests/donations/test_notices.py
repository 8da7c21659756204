"""Notices before money moves: annual donors hear of their renewal (amount, date, manage link)
when Stripe announces it, and donors whose card expires before their next payment hear of it
once, from the daily check."""

from datetime import UTC, datetime

import pytest
from django.core import mail

from donations.models import DonorNotice
from donations.tasks import card_expiry_check

pytestmark = pytest.mark.django_db

# The last day of January: a monthly gift started now next bills on 28 February (clamped, as
# Stripe clamps), so a card that expires in February still pays it, and one in January not.
NOW = datetime(2027, 1, 31, 12, 0, tzinfo=UTC)


@pytest.fixture
def give(time_machine, start_checkout, fake_stripe, deliver):
    """A reader gives (frequency, amount in dollars) on NOW, the clock running on from there;
    returns the subscription's id. The thank-you email is cleared."""
    time_machine.move_to(NOW, tick=True)
    fake_stripe.clock = int(NOW.timestamp())

    def gift(frequency, amount, email="lee@example.org"):
        session = start_checkout(frequency, amount, "usd")
        for event in fake_stripe.complete_checkout(session["id"], email=email):
            deliver(event)
        mail.outbox.clear()
        return fake_stripe.objects("checkout.session")[session["id"]]["subscription"]

    return gift


def test_an_annual_donor_is_told_the_amount_and_date_of_their_renewal(give, fake_stripe, deliver):
    subscription = give("annual", "60")

    [upcoming] = fake_stripe.upcoming(subscription)
    assert deliver(upcoming).outcome == "processed"

    [message] = mail.outbox
    assert message.to == ["lee@example.org"]
    assert "renews soon" in message.subject
    assert "$60" in message.body
    assert "31 January 2028" in message.body
    assert "https://news.example.org/support/manage/" in message.body


def test_stripe_announcing_a_renewal_twice_sends_one_notice(give, fake_stripe, deliver):
    subscription = give("annual", "60")
    first = fake_stripe.upcoming(subscription)
    again = fake_stripe.upcoming(subscription)  # another event, the same renewal

    for event in first + first + again:
        deliver(event)

    assert len(mail.outbox) == 1


def test_monthly_donors_get_no_renewal_notice(give, fake_stripe, deliver):
    subscription = give("monthly", "5")

    [upcoming] = fake_stripe.upcoming(subscription)

    assert deliver(upcoming).outcome == "nothing to record"
    assert mail.outbox == []


def test_a_renewal_of_a_subscription_not_ours_is_ignored(fake_stripe, deliver):
    events = fake_stripe.shop_checkout(interval="year", email="club@example.org")
    for event in events:
        deliver(event)
    mail.outbox.clear()
    subscription = next(e for e in events if e["type"] == "customer.subscription.created")

    [upcoming] = fake_stripe.upcoming(subscription["data"]["object"]["id"])

    assert deliver(upcoming).outcome == "nothing to record"
    assert mail.outbox == []


def test_a_gift_cancelled_at_the_period_end_gets_no_renewal_notice(give, fake_stripe, deliver):
    subscription = give("annual", "60")
    [upcoming] = fake_stripe.upcoming(subscription)
    for event in fake_stripe.update_subscription(subscription, cancel_at_period_end=True):
        deliver(event)

    deliver(upcoming)

    assert mail.outbox == []


def test_a_renewal_announced_after_it_happened_sends_nothing(
    give, fake_stripe, deliver, time_machine
):
    """An event Stripe delivers late (its retries last days), or reconcile_stripe finds."""
    subscription = give("annual", "60")
    [upcoming] = fake_stripe.upcoming(subscription)
    time_machine.move_to(datetime(2028, 2, 1, tzinfo=UTC), tick=True)

    deliver(upcoming)

    assert mail.outbox == []


def _daily_check(tasks):
    """The daily job, queued as the schedule queues it, run by a worker."""
    card_expiry_check.enqueue()
    tasks.run()


def test_a_card_that_expires_before_the_next_payment_gets_one_notice(give, fake_stripe, tasks):
    subscription = give("monthly", "5")
    fake_stripe.set_card_expiry(subscription, exp_month=1, exp_year=2027)

    _daily_check(tasks)
    _daily_check(tasks)  # the next day: the same card, no second notice

    [message] = mail.outbox
    assert "expires before your next gift" in message.subject
    assert "January 2027" in message.body
    assert "28 February 2027" in message.body
    assert "https://news.example.org/support/manage/" in message.body


def test_a_card_that_lasts_the_expiry_month_of_the_payment_gets_no_notice(give, fake_stripe, tasks):
    subscription = give("monthly", "5")
    fake_stripe.set_card_expiry(subscription, exp_month=2, exp_year=2027)

    _daily_check(tasks)

    assert mail.outbox == []


def test_a_new_card_that_expires_too_gets_its_own_notice(give, fake_stripe, tasks):
    subscription = give("monthly", "5")
    fake_stripe.set_card_expiry(subscription, exp_month=12, exp_year=2026)
    _daily_check(tasks)
    fake_stripe.replace_card(subscription, exp_month=1, exp_year=2027)

    _daily_check(tasks)

    assert len(mail.outbox) == 2
    assert DonorNotice.objects.filter(kind="card_expiring").count() == 2


def test_a_cancelled_gift_is_not_checked(give, fake_stripe, deliver, tasks):
    subscription = give("monthly", "5")
    fake_stripe.set_card_expiry(subscription, exp_month=1, exp_year=2027)
    for event in fake_stripe.cancel_subscription(subscription):
        deliver(event)

    _daily_check(tasks)

    assert mail.outbox == []
    assert not [r for r in fake_stripe.requests if "default_payment_method" in str(r.params)]


def test_stripe_unavailable_for_one_gift_leaves_the_others_checked(give, fake_stripe, tasks):
    first = give("monthly", "5", email="one@example.org")
    second = give("monthly", "7", email="two@example.org")
    fake_stripe.set_card_expiry(first, exp_month=1, exp_year=2027)
    fake_stripe.set_card_expiry(second, exp_month=1, exp_year=2027)
    fake_stripe.fail_next(500, path_prefix=f"/v1/subscriptions/{first}")

    _daily_check(tasks)
    assert [m.to for m in mail.outbox] == [["two@example.org"]]

    _daily_check(tasks)  # the next day, Stripe answers
    assert [m.to for m in mail.outbox] == [["two@example.org"], ["one@example.org"]]
