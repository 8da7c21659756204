"""Giving tests talk to a fake Stripe over real HTTP, through the real `stripe` client."""

import pytest
from django.urls import reverse

from tests.donations.events import event_outcome


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
