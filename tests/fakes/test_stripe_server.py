"""The fake Stripe, checked through the real `stripe` client over HTTP.

These tests pin the fake's contract (shapes, errors, idempotency, events, signatures) so the
app's tests can trust it. None of them touch Django or the database.
"""

import json
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import stripe

from fakestripe.server import API_VERSION, FakeStripe, add_interval, decode_form
from tests.processes import ROOT, free_port


@pytest.fixture(scope="module")
def server():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(server):
    server.reset()
    server.webhook_url = None
    return server


def make_client(fake, *, api_key=None, timeout=5.0):
    return stripe.StripeClient(
        api_key or fake.api_key,
        base_addresses={"api": fake.url},
        http_client=stripe.RequestsClient(timeout=timeout),
        max_network_retries=0,
    )


@pytest.fixture
def client(fake):
    return make_client(fake)


class Receiver:
    """A tiny web server standing in for the app: records requests, answers 200."""

    def __init__(self):
        self.requests = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                received.append(
                    (self.command, self.path, dict(self.headers), self.rfile.read(length))
                )
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = _record

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def checkout_params(mode="payment", amount=500, **extra):
    price_data = {"currency": "eur", "unit_amount": amount, "product_data": {"name": "Donation"}}
    if mode == "subscription":
        price_data["recurring"] = {"interval": "month"}
    return {
        "mode": mode,
        "success_url": "https://news.example.org/thanks?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://news.example.org/donate",
        "line_items": [{"price_data": price_data, "quantity": 1}],
        **extra,
    }


def subscribe(client, fake, **extra):
    params = checkout_params("subscription", subscription_data={"metadata": {"donation": "42"}})
    session = client.v1.checkout.sessions.create(params | extra)
    fake.complete_checkout(session.id)
    return client.v1.checkout.sessions.retrieve(session.id)


# -- form decoding and periods ---------------------------------------------------------------------


def test_decode_form_rebuilds_nested_dicts_and_lists():
    pairs = [
        ("line_items[0][price_data][currency]", "eur"),
        ("line_items[0][quantity]", "1"),
        ("line_items[1][quantity]", "2"),
        ("expand[0]", "subscription"),
        ("expand[]", "invoice"),
        ("metadata[0]", "kept as a key"),
        ("created[gte]", "10"),
    ]
    assert decode_form(pairs) == {
        "line_items": [{"price_data": {"currency": "eur"}, "quantity": "1"}, {"quantity": "2"}],
        "expand": ["subscription", "invoice"],
        "metadata": {"0": "kept as a key"},
        "created": {"gte": "10"},
    }


def test_monthly_periods_clamp_to_the_end_of_short_months():
    jan_31 = 1738281600  # 2025-01-31 00:00 UTC
    assert add_interval(jan_31, "month") == 1740700800  # 2025-02-28
    assert add_interval(jan_31, "year") == jan_31 + 365 * 86400


# -- creating Checkout Sessions -------------------------------------------------------------------


def test_create_payment_session(client, fake):
    session = client.v1.checkout.sessions.create(
        checkout_params(metadata={"donor": "7"}, payment_intent_data={"metadata": {"d": "1"}})
    )
    assert session.object == "checkout.session"
    assert session.id.startswith("cs_test_")
    assert (session.status, session.payment_status, session.mode) == ("open", "unpaid", "payment")
    assert (session.amount_total, session.currency) == (500, "eur")
    assert session.url == f"{fake.url}/checkout/{session.id}"
    assert session.metadata.to_dict() == {"donor": "7"}
    assert session.customer is None and session.subscription is None
    assert session.payment_intent is None and session.customer_details is None
    assert session.expires_at > session.created

    request = fake.last_request("POST", "/v1/checkout/sessions")
    assert request.params["line_items"][0]["price_data"]["unit_amount"] == "500"
    assert request.headers["Stripe-Version"] == API_VERSION
    assert request.idempotency_key


def test_create_subscription_session(client, fake):
    session = client.v1.checkout.sessions.create(checkout_params("subscription"))
    assert (session.mode, session.status, session.amount_total) == ("subscription", "open", 500)
    items = client.v1.checkout.sessions.line_items.list(session.id)
    assert items.data[0].price.recurring.interval == "month"


BAD_PARAMS = {
    "no-mode": (lambda p: p.pop("mode"), "mode"),
    "no-success-url": (lambda p: p.pop("success_url"), "success_url"),
    "no-amount": (lambda p: p["line_items"][0]["price_data"].pop("unit_amount"), "unit_amount"),
    "zero": (lambda p: p["line_items"][0]["price_data"].update(unit_amount=0), "unit_amount"),
    "decimal": (lambda p: p["line_items"][0]["price_data"].update(unit_amount="5.0"), "amount"),
    "no-name": (lambda p: p["line_items"][0]["price_data"].pop("product_data"), "[name]"),
    "no-quantity": (lambda p: p["line_items"][0].pop("quantity"), "quantity"),
    "bad-mode": (lambda p: p.update(mode="donation"), "mode"),
    "typo": (lambda p: p.update(sucess_url="https://typo.example"), "sucess_url"),
    "wrong-mode": (lambda p: p.update(subscription_data={"description": "x"}), "subscription_data"),
}


@pytest.mark.parametrize(("change", "param"), BAD_PARAMS.values(), ids=BAD_PARAMS.keys())
def test_bad_payment_session_params_are_rejected(client, change, param):
    params = checkout_params()
    change(params)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params)
    assert caught.value.http_status == 400
    assert param in caught.value.param


# -- only what the pinned API version accepts ------------------------------------------------------


def test_the_fake_speaks_the_api_version_the_stripe_package_pins():
    assert stripe.api_version == API_VERSION


def test_a_request_for_another_api_version_is_refused(fake):
    older = stripe.StripeClient(
        fake.api_key,
        stripe_version="2024-06-20",
        base_addresses={"api": fake.url},
        max_network_retries=0,
    )
    with pytest.raises(stripe.InvalidRequestError, match="2024-06-20") as caught:
        older.v1.checkout.sessions.create(checkout_params())
    assert caught.value.http_status == 400
    assert fake.objects("checkout.session") == {}


def test_payment_method_types_is_refused_as_the_pinned_version_removed_it(client, fake):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(checkout_params(payment_method_types=["card"]))
    assert caught.value.http_status == 400
    assert (caught.value.code, caught.value.param) == ("parameter_unknown", "payment_method_types")
    assert caught.value.user_message == "Received unknown parameter: payment_method_types"
    assert fake.objects("checkout.session") == {}


def test_an_unknown_nested_parameter_is_refused_with_its_path(client):
    params = checkout_params()
    params["line_items"][0]["price_data"]["foo"] = "bar"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params)
    assert (caught.value.code, caught.value.param) == (
        "parameter_unknown",
        "line_items[0][price_data][foo]",
    )


def test_a_missing_required_nested_parameter_is_refused(client):
    params = checkout_params(custom_fields=[{"key": "employer", "type": "text"}])
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params)
    assert caught.value.code == "parameter_missing"
    assert caught.value.param == "custom_fields[0][label]"
    assert caught.value.user_message == "Missing required param: custom_fields[0][label]."


def test_a_value_outside_a_parameters_choices_is_refused(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(checkout_params(billing_address_collection="always"))
    assert caught.value.param == "billing_address_collection"
    assert caught.value.user_message == (
        "Invalid billing_address_collection: must be one of auto or required"
    )


def test_numbers_and_booleans_are_parsed_from_their_form_encoding(client):
    accepted = checkout_params(allow_promotion_codes=True, expires_at=int(time.time()) + 3600)
    assert client.v1.checkout.sessions.create(accepted).status == "open"
    for name, value, code in (
        ("expires_at", "tomorrow", "parameter_invalid_integer"),
        ("allow_promotion_codes", "yes", None),
    ):
        with pytest.raises(stripe.InvalidRequestError) as caught:
            client.v1.checkout.sessions.create(checkout_params(**{name: value}))
        assert (caught.value.param, caught.value.code) == (name, code)


def test_an_empty_string_is_refused_where_a_parameter_cannot_be_unset(client):
    # Form encoding has no null: Stripe reads "" as "unset", which only some parameters allow.
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(checkout_params(client_reference_id=""))
    assert (caught.value.code, caught.value.param) == (
        "parameter_invalid_empty",
        "client_reference_id",
    )
    unset = checkout_params(branding_settings={"background_color": ""})
    assert client.v1.checkout.sessions.create(unset).status == "open"


# Each endpoint the fake serves, called with one thing its stripe type does not allow.
REFUSED_BY_THE_TYPES = {
    "session-retrieve": (
        lambda c: c.v1.checkout.sessions.retrieve("cs_test_x", {"expand": ["x"], "lang": "en"}),
        "lang",
    ),
    "line-items": (
        lambda c: c.v1.checkout.sessions.line_items.list("cs_test_x", {"limit": "all"}),
        "limit",
    ),
    "portal": (
        lambda c: c.v1.billing_portal.sessions.create(
            {"customer": "cus_x", "return_url": "https://news.example.org", "locale": "xx"}
        ),
        "locale",
    ),
    "refund": (
        lambda c: c.v1.refunds.create({"payment_intent": "pi_x", "reason": "changed_mind"}),
        "reason",
    ),
    "events-list": (lambda c: c.v1.events.list({"created": {"after": 1}}), "created[after]"),
    "event": (lambda c: c.v1.events.retrieve("evt_x", {"expand": [["x"]]}), "expand[0]"),
    "subscription-update": (
        lambda c: c.v1.subscriptions.update("sub_x", {"proration_behavior": "sometimes"}),
        "proration_behavior",
    ),
    "subscription-cancel": (
        lambda c: c.v1.subscriptions.cancel("sub_x", {"invoice_now": "soon"}),
        "invoice_now",
    ),
    "invoice": (
        lambda c: c.v1.invoices.retrieve("in_x", {"expand": ["payments"], "include": "all"}),
        "include",
    ),
    "invoice-payments": (
        lambda c: c.v1.invoice_payments.list({"payment_intent": "pi_x"}),
        "payment_intent",
    ),
    "payment-intent": (
        lambda c: c.v1.payment_intents.retrieve("pi_x", {"client_secret": {"a": "b"}}),
        "client_secret",
    ),
}


@pytest.mark.parametrize(("call", "param"), REFUSED_BY_THE_TYPES.values(), ids=REFUSED_BY_THE_TYPES)
def test_every_endpoint_checks_its_parameters_before_anything_else(client, call, param):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        call(client)
    assert (caught.value.http_status, caught.value.param) == (400, param)


def test_subscription_mode_needs_a_recurring_interval(client):
    params = checkout_params("subscription")
    del params["line_items"][0]["price_data"]["recurring"]["interval"]
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params)
    assert caught.value.param == "line_items[0][price_data][recurring][interval]"
    assert caught.value.code == "parameter_missing"


def test_amounts_below_stripes_minimum_are_rejected(client):
    with pytest.raises(stripe.InvalidRequestError, match=r"at least 0\.50 EUR"):
        client.v1.checkout.sessions.create(checkout_params(amount=20))


def test_posts_without_idempotency_key_are_rejected(client, fake):
    with pytest.raises(stripe.InvalidRequestError, match="Idempotency-Key header required"):
        client.v1.checkout.sessions.create(checkout_params(), {"headers": {"Idempotency-Key": ""}})
    assert fake.objects("checkout.session") == {}


def test_same_idempotency_key_replays_the_first_response(client, fake):
    first = client.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "donate-1"})
    again = client.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "donate-1"})
    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(fake.objects("checkout.session")) == 1
    with pytest.raises(stripe.IdempotencyError):
        client.v1.checkout.sessions.create(
            checkout_params(amount=900), {"idempotency_key": "donate-1"}
        )


# -- authentication and injected failures ---------------------------------------------------------


def test_wrong_api_key_is_an_authentication_error(fake):
    with pytest.raises(stripe.AuthenticationError) as caught:
        make_client(fake, api_key="sk_test_wrong").v1.checkout.sessions.create(checkout_params())
    assert caught.value.http_status == 401
    assert fake.objects("checkout.session") == {}


def test_fail_next_500_is_an_api_error_then_service_resumes(client, fake):
    fake.fail_next(500)
    with pytest.raises(stripe.APIError):
        client.v1.checkout.sessions.create(checkout_params())
    assert client.v1.checkout.sessions.create(checkout_params()).status == "open"


def test_fail_next_429_is_a_rate_limit_error(client, fake):
    fake.fail_next(429, times=2, path_prefix="/v1/checkout")
    session_id = "cs_test_nothing"
    with pytest.raises(stripe.InvalidRequestError):  # other paths are unaffected: a plain 404
        client.v1.customers.retrieve("cus_missing")
    for _ in range(2):
        with pytest.raises(stripe.RateLimitError):
            client.v1.checkout.sessions.retrieve(session_id)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve(session_id)
    assert caught.value.code == "resource_missing"


def test_a_failed_attempt_can_be_retried_with_the_same_key(client, fake):
    fake.fail_next(503)
    with pytest.raises(stripe.APIError):
        client.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "k"})
    session = client.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "k"})
    assert list(fake.objects("checkout.session")) == [session.id]


def test_delay_beyond_the_client_timeout_is_a_connection_error(fake):
    fake.delay_next(0.6)
    impatient = make_client(fake, timeout=0.2)
    with pytest.raises(stripe.APIConnectionError):
        impatient.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "slow"})
    time.sleep(0.7)  # Stripe finished the request anyway; a retry with the key replays it
    session = impatient.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "slow"})
    assert list(fake.objects("checkout.session")) == [session.id]


# -- completing checkouts -------------------------------------------------------------------------


def test_complete_payment_checkout(client, fake):
    session = client.v1.checkout.sessions.create(
        checkout_params(payment_intent_data={"metadata": {"donation": "9"}})
    )
    events = fake.complete_checkout(session.id, email="ada@example.org", name="Ada")
    assert [e["type"] for e in events] == ["checkout.session.completed"]
    completed = events[0]["data"]["object"]
    assert (completed["status"], completed["payment_status"]) == ("complete", "paid")
    assert completed["customer"] is None  # customer_creation defaults to if_required
    assert completed["customer_details"]["email"] == "ada@example.org"

    session = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["payment_intent"]})
    pi = session.payment_intent
    assert (pi.status, pi.amount, pi.currency) == ("succeeded", 500, "eur")
    assert pi.metadata.to_dict() == {"donation": "9"}
    charge = client.v1.charges.retrieve(pi.latest_charge)
    assert (charge.payment_intent, charge.amount, charge.amount_refunded) == (pi.id, 500, 0)
    assert (charge.refunded, charge.currency, charge.status) == (False, "eur", "succeeded")


def test_payment_checkout_with_customer_creation_always_makes_a_customer(client, fake):
    session = client.v1.checkout.sessions.create(checkout_params(customer_creation="always"))
    fake.complete_checkout(session.id, email="ada@example.org")
    session = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["customer"]})
    assert session.customer.email == "ada@example.org"


def test_complete_subscription_checkout(client, fake):
    session = client.v1.checkout.sessions.create(
        checkout_params("subscription", subscription_data={"metadata": {"donation": "42"}})
    )
    events = fake.complete_checkout(session.id)
    assert [e["type"] for e in events] == [
        "customer.subscription.created",
        "invoice.paid",
        "checkout.session.completed",
    ]
    assert [e["created"] for e in events] == sorted(e["created"] for e in events)
    event = events[-1]
    assert event["object"] == "event" and event["api_version"] == API_VERSION
    assert event["request"] == {"id": None, "idempotency_key": None}

    session = client.v1.checkout.sessions.retrieve(
        session.id, {"expand": ["subscription", "invoice", "customer"]}
    )
    assert (session.status, session.payment_status) == ("complete", "paid")
    sub = session.subscription
    assert (sub.status, sub.customer, sub.cancel_at_period_end) == (
        "active",
        session.customer.id,
        False,
    )
    assert sub.metadata.to_dict() == {"donation": "42"}
    item = sub["items"].data[0]
    assert (item.price.unit_amount, item.price.currency) == (500, "eur")
    assert item.price.recurring.interval == "month"
    assert item.current_period_end == add_interval(item.current_period_start, "month")

    invoice = session.invoice
    assert invoice.parent.type == "subscription_details"
    assert invoice.parent.subscription_details.subscription == sub.id
    assert "subscription" not in invoice and "payment_intent" not in invoice
    assert "payments" not in invoice  # includable: only with expand[]=payments
    assert (invoice.billing_reason, invoice.status, invoice.amount_paid) == (
        "subscription_create",
        "paid",
        500,
    )
    assert invoice.customer_email == "reader@example.org"


def test_invoice_payments_are_included_on_request(client, fake):
    session = subscribe(client, fake)
    invoice = client.v1.invoices.retrieve(session.invoice, {"expand": ["payments"]})
    payment = invoice.payments.data[0]
    assert (payment.object, payment.status, payment.amount_paid) == ("invoice_payment", "paid", 500)
    assert payment.payment.type == "payment_intent"
    pi = client.v1.payment_intents.retrieve(payment.payment.payment_intent)
    assert pi.status == "succeeded"
    assert client.v1.charges.retrieve(pi.latest_charge).amount == 500


def test_invoice_payments_are_listed_by_payment_intent_or_invoice(client, fake):
    first = subscribe(client, fake)
    subscribe(client, fake)  # another invoice, another payment: never in the answers below
    [paid] = client.v1.invoices.retrieve(first.invoice, {"expand": ["payments"]}).payments.data
    pi_id = paid.payment.payment_intent

    by_payment = client.v1.invoice_payments.list(
        {"payment": {"type": "payment_intent", "payment_intent": pi_id}, "expand": ["data.invoice"]}
    )
    by_invoice = client.v1.invoice_payments.list({"invoice": first.invoice})
    elsewhere = client.v1.invoice_payments.list(
        {"payment": {"type": "payment_intent", "payment_intent": "pi_of_a_shop_sale"}}
    )

    [payment] = by_payment.data
    assert (payment.id, payment.status, payment.invoice.id) == (paid.id, "paid", first.invoice)
    assert payment.invoice.parent.subscription_details.metadata.to_dict() == {"donation": "42"}
    assert [p.id for p in by_invoice.data] == [paid.id]
    assert (elsewhere.data, elsewhere.has_more) == ([], False)


def test_expanding_an_unknown_field_is_rejected(client, fake):
    session = client.v1.checkout.sessions.create(checkout_params())
    with pytest.raises(stripe.InvalidRequestError, match="cannot be expanded"):
        client.v1.checkout.sessions.retrieve(session.id, {"expand": ["nonsense"]})


def test_unknown_ids_are_resource_missing(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.subscriptions.retrieve("sub_nope")
    assert (caught.value.http_status, caught.value.code) == (404, "resource_missing")


def test_async_payment_settles_later(client, fake):
    session = client.v1.checkout.sessions.create(checkout_params())
    [completed] = fake.complete_checkout(session.id, async_payment=True)
    assert completed["data"]["object"]["payment_status"] == "unpaid"
    [settled] = fake.settle_async_payment(session.id)
    assert settled["type"] == "checkout.session.async_payment_succeeded"
    assert client.v1.checkout.sessions.retrieve(session.id).payment_status == "paid"

    other = client.v1.checkout.sessions.create(checkout_params())
    fake.complete_checkout(other.id, async_payment=True)
    [failed] = fake.settle_async_payment(other.id, succeed=False)
    assert failed["type"] == "checkout.session.async_payment_failed"
    assert failed["data"]["object"]["payment_status"] == "unpaid"


# -- the life of a subscription --------------------------------------------------------------------


def test_renewal_failure_then_recovery(client, fake):
    sub_id = subscribe(client, fake).subscription
    first_end = client.v1.subscriptions.retrieve(sub_id)["items"].data[0].current_period_end

    failed, updated = fake.renew(sub_id, succeed=False)
    assert failed["type"] == "invoice.payment_failed"
    assert failed["data"]["object"]["billing_reason"] == "subscription_cycle"
    assert failed["data"]["object"]["status"] == "open"
    assert updated["type"] == "customer.subscription.updated"
    assert updated["data"]["previous_attributes"] == {"status": "active"}
    sub = client.v1.subscriptions.retrieve(sub_id)
    assert sub.status == "past_due"
    assert sub["items"].data[0].current_period_start == first_end

    paid, healed = fake.renew(sub_id)
    assert paid["type"] == "invoice.paid"
    assert paid["data"]["object"]["parent"]["subscription_details"]["subscription"] == sub_id
    assert healed["data"]["previous_attributes"] == {"status": "past_due"}
    assert client.v1.subscriptions.retrieve(sub_id).status == "active"
    assert [e["type"] for e in fake.renew(sub_id)] == ["invoice.paid"]


def test_update_subscription_amount_and_cancel_at_period_end(client, fake):
    sub_id = subscribe(client, fake).subscription
    [event] = fake.update_subscription(sub_id, amount=1000, cancel_at_period_end=True)
    assert event["type"] == "customer.subscription.updated"
    previous = event["data"]["previous_attributes"]
    assert previous["items"]["data"][0]["price"]["unit_amount"] == 500
    assert previous["cancel_at_period_end"] is False
    sub = client.v1.subscriptions.retrieve(sub_id)
    assert sub["items"].data[0].price.unit_amount == 1000
    assert sub.cancel_at_period_end and sub.cancel_at == sub["items"].data[0].current_period_end
    [ended] = fake.renew(sub_id)  # the scheduled cancellation happens instead of a renewal
    assert ended["type"] == "customer.subscription.deleted"
    assert ended["data"]["object"]["ended_at"] == sub.cancel_at


def test_a_new_amount_is_billed_from_the_next_renewal(client, fake):
    sub_id = subscribe(client, fake).subscription
    period = client.v1.subscriptions.retrieve(sub_id)["items"].data[0]
    fake.update_subscription(sub_id, amount=1000)
    invoice = fake.renew(sub_id)[0]["data"]["object"]
    assert invoice["amount_paid"] == 1000
    assert (invoice["period_start"], invoice["period_end"]) == (
        period.current_period_start,
        period.current_period_end,
    )
    assert invoice["lines"]["data"][0]["period"]["start"] == period.current_period_end


def test_cancel_subscription(client, fake):
    sub_id = subscribe(client, fake).subscription
    [event] = fake.cancel_subscription(sub_id)
    assert event["type"] == "customer.subscription.deleted"
    sub = client.v1.subscriptions.retrieve(sub_id)
    assert sub.status == "canceled" and sub.canceled_at and sub.ended_at
    with pytest.raises(ValueError, match="canceled"):
        fake.renew(sub_id)


def test_subscriptions_can_be_changed_through_the_api_too(client, fake):
    sub_id = subscribe(client, fake).subscription
    sub = client.v1.subscriptions.update(sub_id, {"cancel_at_period_end": True})
    assert sub.cancel_at_period_end is True
    event = fake.event("customer.subscription.updated")
    assert (
        event["request"]["idempotency_key"] == fake.last_request("POST", "/v1/sub").idempotency_key
    )
    assert client.v1.subscriptions.cancel(sub_id).status == "canceled"
    assert fake.event("customer.subscription.deleted")["data"]["object"]["id"] == sub_id


def test_partial_then_full_refund(client, fake):
    session = client.v1.checkout.sessions.create(checkout_params())
    fake.complete_checkout(session.id)
    pi_id = client.v1.checkout.sessions.retrieve(session.id).payment_intent

    [partial] = fake.refund(pi_id, amount=200)
    assert partial["type"] == "charge.refunded"
    charge = partial["data"]["object"]
    assert (charge["object"], charge["amount_refunded"], charge["refunded"]) == (
        "charge",
        200,
        False,
    )
    assert partial["data"]["previous_attributes"] == {"amount_refunded": 0}

    [full] = fake.refund(pi_id)
    assert (full["data"]["object"]["amount_refunded"], full["data"]["object"]["refunded"]) == (
        500,
        True,
    )
    charge = client.v1.charges.retrieve(charge["id"], {"expand": ["refunds"]})
    assert [r.amount for r in charge.refunds.data] == [300, 200]
    with pytest.raises(ValueError, match="already been refunded"):
        fake.refund(pi_id)
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.refunds.create({"payment_intent": pi_id})


# -- events ---------------------------------------------------------------------------------------


def test_events_list_auto_paginates_newest_first(client, fake):
    fake.clock = 1_800_000_000
    for _ in range(3):
        fake.complete_checkout(client.v1.checkout.sessions.create(checkout_params()).id)
    subscribe(client, fake)  # three more events
    assert [e["created"] for e in fake.events] == list(range(1_800_000_000, 1_800_000_006))

    page = client.v1.events.list({"limit": 2, "created": {"gte": 1_800_000_001}})
    assert page.has_more and len(page.data) == 2
    listed = list(page.auto_paging_iter())
    assert [e.created for e in listed] == [1_800_000_005, 1_800_000_004, 1_800_000_003,
                                           1_800_000_002, 1_800_000_001]  # fmt: skip
    assert [e.id for e in listed] == [e["id"] for e in reversed(fake.events[1:])]
    last = fake.last_request("GET", "/v1/events")
    assert last.params["starting_after"] == listed[3].id
    assert last.params["created"] == {"gte": "1800000001"}

    paid = client.v1.events.list({"types": ["invoice.paid", "customer.subscription.*"]})
    assert [e.type for e in paid.data] == ["invoice.paid", "customer.subscription.created"]
    assert client.v1.events.retrieve(listed[0].id).type == "checkout.session.completed"
    assert fake.event("invoice.paid")["id"] == paid.data[0].id


def test_signed_events_verify_with_the_stripe_library(client, fake):
    session = client.v1.checkout.sessions.create(checkout_params())
    [event] = fake.complete_checkout(session.id)
    body, header = fake.signed(event)
    verified = stripe.Webhook.construct_event(body, header, fake.webhook_secret)
    assert (verified.id, verified.type) == (event["id"], "checkout.session.completed")

    body, header = fake.signed(event, secret="whsec_forged")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, header, fake.webhook_secret)
    body, header = fake.signed(event, timestamp=int(time.time()) - 301)
    with pytest.raises(stripe.SignatureVerificationError, match="tolerance"):
        stripe.Webhook.construct_event(body, header, fake.webhook_secret)


def test_deliver_posts_a_signed_event(client, fake, receiver):
    fake.webhook_url = f"{receiver.url}/stripe/webhook/"
    session = client.v1.checkout.sessions.create(checkout_params())
    [event] = fake.complete_checkout(session.id)
    assert fake.deliver(event) == 200
    [(method, path, headers, body)] = receiver.requests
    assert (method, path) == ("POST", "/stripe/webhook/")
    verified = stripe.Webhook.construct_event(
        body, headers["Stripe-Signature"], fake.webhook_secret
    )
    assert verified.data.object.id == session.id
    assert fake.events[-1]["pending_webhooks"] == 0


# -- the pages a browser sees ---------------------------------------------------------------------


def test_html_checkout_flow(client, fake, receiver):
    fake.webhook_url = f"{receiver.url}/stripe/webhook/"
    params = checkout_params("subscription")
    params["success_url"] = f"{receiver.url}/thanks?session={{CHECKOUT_SESSION_ID}}"
    session = client.v1.checkout.sessions.create(params)

    page = requests.get(session.url, timeout=5)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text and "<h1>Fake Stripe Checkout</h1>" in page.text
    assert "5.00 EUR per month" in page.text
    assert '<label for="email">' in page.text and 'value="reader@example.org"' in page.text
    assert '<a href="https://news.example.org/donate">Cancel</a>' in page.text
    action = re.search(r'<form method="post" action="([^"]+)"', page.text)[1]

    paid = requests.post(
        fake.url + action, data={"email": "ada@example.org"}, allow_redirects=False, timeout=5
    )
    assert paid.status_code == 303
    assert paid.headers["Location"] == f"{receiver.url}/thanks?session={session.id}"
    assert requests.get(paid.headers["Location"], timeout=5).status_code == 200

    webhooks = [r for r in receiver.requests if r[0] == "POST"]
    types = [json.loads(body)["type"] for _, _, _, body in webhooks]
    assert types == ["customer.subscription.created", "invoice.paid", "checkout.session.completed"]
    for _, _, headers, body in webhooks:
        stripe.Webhook.construct_event(body, headers["Stripe-Signature"], fake.webhook_secret)
    assert receiver.requests[-1][:2] == ("GET", f"/thanks?session={session.id}")
    session = client.v1.checkout.sessions.retrieve(session.id)
    assert session.customer_details.email == "ada@example.org"


def test_billing_portal(client, fake):
    customer = subscribe(client, fake).customer
    portal = client.v1.billing_portal.sessions.create(
        {"customer": customer, "return_url": "https://news.example.org/account"}
    )
    assert (portal.object, portal.customer) == ("billing_portal.session", customer)
    assert portal.url == f"{fake.url}/portal/{portal.id}"
    page = requests.get(portal.url, timeout=5)
    assert "Fake billing portal" in page.text
    assert 'href="https://news.example.org/account"' in page.text
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.billing_portal.sessions.create({"customer": "cus_nope", "return_url": "x"})
    assert (caught.value.http_status, caught.value.code) == (404, "resource_missing")


# -- `python -m fakestripe`: the demo's payment server ---------------------------------------------


def test_python_m_fakestripe_serves_on_its_port_marks_its_pages_and_signs_webhooks(receiver):
    """What `make run` starts (through manage.py demo_payments): the fake on the port it is
    told, taking the key it is told, posting webhooks signed with the secret it is told, every
    page marked as moving no money, and stopped by SIGTERM."""
    port = free_port()
    command = [sys.executable, "-m", "fakestripe", "--port", str(port)]
    command += ["--api-key", "sk_test_cli", "--webhook-secret", "whsec_cli"]
    command += ["--webhook-url", f"{receiver.url}/stripe/webhook/"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        first_line = server.stdout.readline()
        client = stripe.StripeClient(
            "sk_test_cli",
            base_addresses={"api": f"http://127.0.0.1:{port}"},
            http_client=stripe.RequestsClient(timeout=5),
            max_network_retries=0,
        )
        session = client.v1.checkout.sessions.create(checkout_params())
        page = requests.get(session.url, timeout=5)
        paid = requests.post(f"{session.url}/pay", allow_redirects=False, timeout=5)
    finally:
        server.terminate()
        returncode = server.wait(timeout=10)

    assert first_line.startswith(f"Demo payment server at http://127.0.0.1:{port}, webhooks to")
    assert session.url.startswith(f"http://127.0.0.1:{port}/checkout/")
    assert "<strong>Demo payments: no money moves.</strong>" in page.text
    assert paid.status_code == 303
    ((_, _, headers, body),) = [r for r in receiver.requests if r[0] == "POST"]
    event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], "whsec_cli")
    assert event.type == "checkout.session.completed"
    assert returncode == 0


# Changing a subscription as the manage page does: a new inline price for its item, without
# proration; pausing collection until a date; cancelling with the donor's reason.


def _item(client, sub_id):
    return client.v1.subscriptions.retrieve(sub_id)["items"].data[0]


def _new_price(item, **price_data):
    price = {"currency": item.price.currency, "product": item.price.product}
    price |= {"recurring": {"interval": item.price.recurring.interval}, "unit_amount": 800}
    return {"items": [{"id": item.id, "price_data": price | price_data}]}


def test_an_item_gets_a_new_inline_price_without_proration(client, fake):
    sub_id = subscribe(client, fake).subscription
    item = _item(client, sub_id)

    sub = client.v1.subscriptions.update(sub_id, {**_new_price(item), "proration_behavior": "none"})

    new_item = sub["items"].data[0]
    assert new_item.id == item.id and new_item.price.id != item.price.id
    assert (new_item.price.unit_amount, new_item.price.product) == (800, item.price.product)
    assert new_item.current_period_end == item.current_period_end  # no new period
    [event] = fake.events[-1:]
    assert event["type"] == "customer.subscription.updated"
    assert event["data"]["previous_attributes"]["items"]["data"][0]["price"]["id"] == item.price.id
    assert event["request"]["idempotency_key"]
    assert fake.renew(sub_id)[0]["data"]["object"]["amount_paid"] == 800


@pytest.mark.parametrize(
    ("change", "param"),
    [
        (lambda p: p | {"proration_behavior": "create_prorations"}, "proration_behavior"),
        (lambda p: p, "proration_behavior"),  # Stripe's default is to prorate
        (lambda p: {"items": [p["items"][0] | {"id": "si_nope"}]}, "items[0][id]"),
        (
            lambda p: {
                "items": [
                    {
                        **p["items"][0],
                        "price_data": {**p["items"][0]["price_data"], "product": "prod_nope"},
                    }
                ]
            },
            "items[0][price_data][product]",
        ),
        (
            lambda p: {
                "items": [
                    {
                        **p["items"][0],
                        "price_data": {**p["items"][0]["price_data"], "currency": "gbp"},
                    }
                ]
            },
            "items[0][price_data][currency]",
        ),
        (
            lambda p: {
                "items": [
                    {
                        **p["items"][0],
                        "price_data": {**p["items"][0]["price_data"], "nickname": "x"},
                    }
                ]
            },
            "items[0][price_data][nickname]",
        ),
    ],
)
def test_a_price_change_the_fake_cannot_model_or_stripe_refuses_is_refused(
    client, fake, change, param
):
    sub_id = subscribe(client, fake).subscription
    item = _item(client, sub_id)

    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.subscriptions.update(sub_id, change(_new_price(item)))

    assert refused.value.param == param
    assert _item(client, sub_id).price.id == item.price.id


def test_a_new_interval_with_a_trial_to_the_period_end_charges_nothing_until_then(client, fake):
    sub_id = subscribe(client, fake).subscription
    item = _item(client, sub_id)
    seen = len(fake.events)

    sub = client.v1.subscriptions.update(
        sub_id,
        {
            **_new_price(item, recurring={"interval": "year"}, unit_amount=6000),
            "proration_behavior": "none",
            "trial_end": item.current_period_end,
        },
    )

    assert (sub.status, sub.trial_end) == ("trialing", item.current_period_end)
    assert [e["type"] for e in fake.events[seen:]] == ["customer.subscription.updated"]
    invoice, updated = fake.renew(sub_id)
    assert invoice["data"]["object"]["amount_paid"] == 6000
    assert updated["data"]["object"]["status"] == "active"
    renewed = _item(client, sub_id)
    assert renewed.current_period_end == add_interval(item.current_period_end, "year")


def test_a_new_interval_without_a_trial_starts_a_period_now_and_charges_it(client, fake):
    sub_id = subscribe(client, fake).subscription
    item = _item(client, sub_id)
    seen = len(fake.events)

    client.v1.subscriptions.update(
        sub_id,
        {
            **_new_price(item, recurring={"interval": "year"}, unit_amount=6000),
            "proration_behavior": "none",
        },
    )

    updated, paid = fake.events[seen:]
    assert updated["type"] == "customer.subscription.updated"
    assert (paid["type"], paid["data"]["object"]["billing_reason"]) == (
        "invoice.paid",
        "subscription_update",
    )
    assert paid["data"]["object"]["amount_paid"] == 6000


def test_collection_pauses_until_its_date_then_resumes_by_itself(client, fake):
    sub_id = subscribe(client, fake).subscription
    item = _item(client, sub_id)
    resumes_at = add_interval(item.current_period_end, "month") + 60

    sub = client.v1.subscriptions.update(
        sub_id, {"pause_collection": {"behavior": "void", "resumes_at": resumes_at}}
    )

    assert sub.status == "active"  # pausing collection leaves the status alone, as at Stripe
    assert sub.pause_collection.to_dict() == {"behavior": "void", "resumes_at": resumes_at}
    assert fake.renew(sub_id) == []  # nothing collected in the pause
    assert fake.renew(sub_id) == []
    resumed, paid = fake.renew(sub_id)
    assert resumed["data"]["previous_attributes"]["pause_collection"]["resumes_at"] == resumes_at
    assert resumed["request"] == {"id": None, "idempotency_key": None}  # Stripe's own doing
    assert paid["type"] == "invoice.paid"


def test_an_empty_pause_collection_resumes_now(client, fake):
    sub_id = subscribe(client, fake).subscription
    client.v1.subscriptions.update(sub_id, {"pause_collection": {"behavior": "void"}})

    sub = client.v1.subscriptions.update(sub_id, {"pause_collection": ""})

    assert sub.pause_collection is None
    assert fake.events[-1]["data"]["previous_attributes"]["pause_collection"]["behavior"] == "void"


@pytest.mark.parametrize(
    ("pause", "param"),
    [
        ({"behavior": "void", "resumes_at": 1}, "pause_collection[resumes_at]"),
        ({"behavior": "void", "until": 1}, "pause_collection[until]"),
        ({"resumes_at": 2_000_000_000}, "pause_collection[behavior]"),
    ],
)
def test_a_pause_stripe_would_refuse_is_refused(client, fake, pause, param):
    sub_id = subscribe(client, fake).subscription

    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.subscriptions.update(sub_id, {"pause_collection": pause})

    assert refused.value.param == param


def test_a_cancellation_carries_the_donors_feedback(client, fake):
    sub_id = subscribe(client, fake).subscription

    sub = client.v1.subscriptions.cancel(
        sub_id, {"cancellation_details": {"feedback": "too_expensive"}}
    )

    assert sub.status == "canceled"
    details = fake.event("customer.subscription.deleted")["data"]["object"]["cancellation_details"]
    assert (details["feedback"], details["reason"]) == ("too_expensive", "cancellation_requested")
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.subscriptions.cancel(sub_id, {"cancellation_details": {"why": "x"}})
