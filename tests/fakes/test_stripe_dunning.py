"""The fake Stripe's dunning side, through the real `stripe` client over HTTP: cards and their
expiry, failed invoices and their retries, upcoming invoices, and Billing Portal flows."""

import pytest
import stripe

from tests.fakes.test_stripe_server import client, fake, server, subscribe  # noqa: F401


@pytest.fixture
def subscription(client, fake):  # noqa: F811
    return subscribe(client, fake).subscription


def test_a_subscription_charges_a_saved_card_whose_expiry_can_be_read(client, fake, subscription):  # noqa: F811
    fake.set_card_expiry(subscription, exp_month=2, exp_year=2027)

    served = client.v1.subscriptions.retrieve(subscription, {"expand": ["default_payment_method"]})
    card = served.default_payment_method

    assert (card.object, card.type) == ("payment_method", "card")
    assert (card.card.exp_month, card.card.exp_year, card.card.last4) == (2, 2027, "4242")
    assert client.v1.payment_methods.retrieve(card.id).customer == served.customer


def test_a_new_card_becomes_the_subscriptions_default(client, fake, subscription):  # noqa: F811
    old = client.v1.subscriptions.retrieve(subscription).default_payment_method

    new = fake.replace_card(subscription, exp_month=1, exp_year=2031)

    assert new != old
    assert client.v1.subscriptions.retrieve(subscription).default_payment_method == new


def test_a_failed_invoice_is_retried_until_paid(client, fake, subscription):  # noqa: F811
    failed = fake.renew(subscription, succeed=False)
    invoice = failed[0]["data"]["object"]
    assert (failed[0]["type"], invoice["status"], invoice["attempt_count"]) == (
        "invoice.payment_failed",
        "open",
        1,
    )

    again = fake.retry_invoice(invoice["id"], succeed=False)
    paid = fake.retry_invoice(invoice["id"], succeed=True)

    assert [e["type"] for e in again] == ["invoice.payment_failed"]
    assert again[0]["data"]["object"]["attempt_count"] == 2
    assert [e["type"] for e in paid] == ["invoice.paid", "customer.subscription.updated"]
    served = client.v1.invoices.retrieve(invoice["id"], {"expand": ["payments"]})
    assert (served.status, served.amount_paid, served.attempt_count) == ("paid", 500, 3)
    [payment] = served.payments.data
    assert payment.status == "paid"
    intent = client.v1.payment_intents.retrieve(payment.payment.payment_intent)
    assert intent.status == "succeeded"
    assert client.v1.subscriptions.retrieve(subscription).status == "active"
    with pytest.raises(ValueError, match="nothing to retry"):
        fake.retry_invoice(invoice["id"])


def test_an_upcoming_invoice_previews_the_renewal(client, fake, subscription):  # noqa: F811
    period_end = client.v1.subscriptions.retrieve(subscription)["items"].data[0].current_period_end

    [event] = fake.upcoming(subscription)

    invoice = event["data"]["object"]
    assert event["type"] == "invoice.upcoming"
    assert invoice["id"].startswith("upcoming_in_")
    assert (invoice["amount_due"], invoice["next_payment_attempt"]) == (500, period_end)
    assert invoice["parent"]["subscription_details"]["subscription"] == subscription
    assert not fake.objects("invoice").get(invoice["id"])  # a preview, never stored


def test_a_portal_session_opens_on_the_card_update_flow(client, fake, subscription):  # noqa: F811
    customer = client.v1.subscriptions.retrieve(subscription).customer

    session = client.v1.billing_portal.sessions.create(
        {
            "customer": customer,
            "return_url": "https://news.example.org/support/",
            "flow_data": {"type": "payment_method_update"},
        },
        {"idempotency_key": "portal-1"},
    )

    assert session.flow.type == "payment_method_update"
    assert session.flow.after_completion.type == "portal_homepage"
    assert session.flow.subscription_cancel is None


def test_a_subscription_flow_must_name_a_subscription_of_the_customers(client, fake, subscription):  # noqa: F811
    stranger = subscribe(client, fake).customer

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.billing_portal.sessions.create(
            {
                "customer": stranger,
                "return_url": "https://news.example.org/support/",
                "flow_data": {
                    "type": "subscription_cancel",
                    "subscription_cancel": {"subscription": subscription},
                },
            },
            {"idempotency_key": "portal-2"},
        )

    assert caught.value.param == "flow_data[subscription_cancel][subscription]"


def test_flow_data_the_pinned_version_does_not_define_is_refused(client, fake, subscription):  # noqa: F811
    customer = client.v1.subscriptions.retrieve(subscription).customer

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.billing_portal.sessions.create(
            {
                "customer": customer,
                "return_url": "https://news.example.org/support/",
                "flow_data": {"type": "payment_method_update", "payment_method_update": {"x": "y"}},
            },
            {"idempotency_key": "portal-3"},
        )

    assert caught.value.param.startswith("flow_data[payment_method_update]")
