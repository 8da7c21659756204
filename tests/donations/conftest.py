"""Giving tests talk to a fake Stripe over real HTTP, through the real `stripe` client; the
figures' tests read a ledger of known records instead."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from donations.models import Donation, RecurringDonation
from tests.donations.events import event_outcome
from tests.factories import (
    ArticleFactory,
    DonationFactory,
    DonorFactory,
    PromptFactory,
    RecurringDonationFactory,
)

# The day the ledger is read: its records are dated back from noon on it.
LEDGER_DAY = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def deliver(client, fake_stripe, tasks, django_capture_on_commit_callbacks):
    """Post events to our webhook endpoint, signed as Stripe signs them, then let a worker run
    the queue. Returns the response, with `outcome` added: what processing made of the event,
    as the event records it ("processed", "nothing to record", "ignored"; "failed" while it
    waits for a retry or once its retries ran out; None when it was refused).

    Each test runs in a transaction that never commits, so the request's on-commit work (queuing
    the event's processing) is run as its commit would run it, at the end of the request.
    """

    def post(event, **signing):
        body, signature = fake_stripe.signed(event, **signing)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("donations:stripe_webhook"),
                body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )
        tasks.run()
        response.outcome = event_outcome(event["id"])
        return response

    return post


@pytest.fixture
def visit_thanks(client, tasks, django_capture_on_commit_callbacks):
    """A reader lands on the thank-you page back from Checkout (a worker then runs the queue:
    the thank-you email)."""

    def visit(session_id):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("donations:thanks"), {"session_id": session_id})
        tasks.run()
        return response

    return visit


@pytest.fixture
def start_checkout(client, fake_stripe):
    """A reader submits the support form; returns the Checkout Session the fake created."""

    def start(frequency="monthly", amount="5", currency="usd", **extra):
        response = client.post(
            reverse("donations:support"),
            {"frequency": frequency, "amount": amount, "currency": currency, **extra},
        )
        assert response.status_code == 303, response.content.decode()[:2000]
        session_id = response["Location"].rsplit("/", 1)[-1]
        return fake_stripe.objects("checkout.session")[session_id]

    return start


@pytest.fixture
def ledger(db):
    """Known records on LEDGER_DAY, in dollars and euros, for the figures staff read: recurring
    gifts started, cancelled and past due at known times (with a failed renewal), one-off gifts
    with cents, a partial and a full refund, some of them attributed to asks and to an article,
    and a $200 monthly goal. Returns that article."""

    def ago(days):
        return LEDGER_DAY - timedelta(days=days)

    year = RecurringDonation.Interval.YEAR
    canceled = RecurringDonation.Status.CANCELED
    with time_machine.travel(LEDGER_DAY, tick=False):
        article = ArticleFactory(headline="Harbour wall repairs begin")
        both = DonorFactory()
        # Running, in MRR: $10 and $119/year (991.67 cents a month) from one donor, and
        # $100.62/year (838.5 cents a month: rounded up) from a new donor.
        RecurringDonationFactory(amount=1000, started_at=ago(60), donor=both)
        RecurringDonationFactory(amount=11900, interval=year, started_at=ago(90), donor=both)
        RecurringDonationFactory(amount=10062, interval=year, started_at=ago(10))
        # Cancelled: one that had been running 30 days ago (churn), one started and cancelled
        # within the 30 days (not churn), one cancelled 40 days ago (neither).
        RecurringDonationFactory(
            amount=2000, status=canceled, started_at=ago(100), canceled_at=ago(5)
        )
        RecurringDonationFactory(
            amount=800, status=canceled, started_at=ago(10), canceled_at=ago(2)
        )
        RecurringDonationFactory(
            amount=1500, status=canceled, started_at=ago(120), canceled_at=ago(40)
        )
        # Euros: two running, one past due with a failed renewal.
        RecurringDonationFactory(amount=500, currency="eur", started_at=ago(200))
        RecurringDonationFactory(amount=1200, currency="eur", started_at=ago(45))
        late = RecurringDonationFactory(
            amount=700, currency="eur", status=RecurringDonation.Status.PAST_DUE, started_at=ago(50)
        )
        DonationFactory(renewal=True, failed=True, recurring=late, stripe_invoice_id="in_failed")
        # One-off gifts.
        DonationFactory(amount=5000, paid_at=ago(3), prompt="banner-a", article=article)
        DonationFactory(
            amount=3000,
            amount_refunded=1000,
            paid_at=ago(2),
            prompt="banner-a",
            stripe_checkout_session_id="cs_refund",
        )
        DonationFactory(
            amount=2500,
            amount_refunded=2500,
            status=Donation.Status.REFUNDED,
            paid_at=ago(1),
            prompt="banner-b",
            article=article,
            stripe_checkout_session_id="cs_full_refund",
        )
        DonationFactory(
            donor=DonorFactory(email="rosa@example.org"),
            amount=550,
            paid_at=ago(4),
            prompt="banner-b",
            article=article,
            stripe_checkout_session_id="cs_cents",
            stripe_payment_intent_id="pi_cents",
        )
        DonationFactory(
            amount=4000, paid_at=ago(25), prompt="banner-a"
        )  # last month, within 30 days
        DonationFactory(
            amount=1500, currency="eur", paid_at=ago(1), prompt="banner-a", article=article
        )
        # Outside every window but the chart's.
        DonationFactory(amount=2000, currency="eur", paid_at=ago(35), prompt="banner-a")
        PromptFactory(monthly_goal=200, goal_currency="usd")
    return article
