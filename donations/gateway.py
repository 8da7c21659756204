"""The only module that talks to Stripe (and the only one that imports `stripe`).

Everything leaves here as plain dicts shaped by the pinned STRIPE_API_VERSION, and every failure
as one of the domain exceptions below, so the rest of the app never depends on the client
library's types.
"""

import json
import logging
from collections.abc import Iterator
from functools import lru_cache

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300


class PaymentProviderError(Exception):
    """Base class: something about the payment provider stopped the request."""


class PaymentProviderNotConfigured(PaymentProviderError):
    """No Stripe key on this server."""


class PaymentProviderUnavailable(PaymentProviderError):
    """Stripe could not be reached, was too slow, failed, or refused our credentials."""


class PaymentObjectNotFound(PaymentProviderError):
    """Stripe has no such object (an unknown or forged id)."""


class WebhookSignatureInvalid(Exception):
    """The body was not signed with our webhook secret, recently, or is not an event."""


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str, api_version: str, timeout: float, retries: int):
    return stripe.StripeClient(
        api_key,
        stripe_version=api_version,
        base_addresses={"api": api_base},
        http_client=stripe.RequestsClient(timeout=timeout),
        max_network_retries=retries,
    )


def client() -> stripe.StripeClient:
    if not is_configured():
        raise PaymentProviderNotConfigured("STRIPE_SECRET_KEY is not set.")
    return _client(
        settings.STRIPE_SECRET_KEY,
        settings.STRIPE_API_BASE,
        settings.STRIPE_API_VERSION,
        settings.STRIPE_TIMEOUT,
        settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def _call(description: str, function, *args, **kwargs) -> dict:
    try:
        return function(*args, **kwargs).to_dict(recursive=True, for_json=True)
    except stripe.InvalidRequestError as error:
        if error.http_status == 404:
            raise PaymentObjectNotFound(description) from error
        logger.error("Stripe refused to %s: %s", description, error.user_message or error)
        raise PaymentProviderUnavailable(description) from error
    except stripe.StripeError as error:
        # Network failures, time-outs, 5xx, 429 and bad credentials all mean the same to a
        # reader: not now. The log says which.
        logger.error("Stripe failed to %s: %r", description, error)
        raise PaymentProviderUnavailable(description) from error


def checkout_session_create(*, params: dict, idempotency_key: str) -> dict:
    return _call(
        "create a Checkout Session",
        client().v1.checkout.sessions.create,
        params,
        {"idempotency_key": idempotency_key},
    )


def checkout_session_retrieve(session_id: str) -> dict:
    return _call("retrieve a Checkout Session", client().v1.checkout.sessions.retrieve, session_id)


def subscription_retrieve(subscription_id: str) -> dict:
    return _call("retrieve a subscription", client().v1.subscriptions.retrieve, subscription_id)


def subscription_update(*, subscription_id: str, params: dict, idempotency_key: str) -> dict:
    return _call(
        "update a subscription",
        client().v1.subscriptions.update,
        subscription_id,
        params,
        {"idempotency_key": idempotency_key},
    )


def subscription_cancel(*, subscription_id: str, params: dict, idempotency_key: str) -> dict:
    return _call(
        "cancel a subscription",
        client().v1.subscriptions.cancel,
        subscription_id,
        params,
        {"idempotency_key": idempotency_key},
    )


def payment_intent_retrieve(payment_intent_id: str) -> dict:
    return _call(
        "retrieve a PaymentIntent", client().v1.payment_intents.retrieve, payment_intent_id
    )


def invoice_retrieve(invoice_id: str) -> dict:
    """The invoice with its payments, which name the PaymentIntent (the key refunds carry)."""
    return _call(
        "retrieve an invoice",
        client().v1.invoices.retrieve,
        invoice_id,
        {"expand": ["payments"]},
    )


def invoice_payments_for(payment_intent_id: str) -> list[dict]:
    """The invoice payments a PaymentIntent made, each with its invoice expanded.

    Neither a charge nor a PaymentIntent names the invoice it paid (charge.invoice went in
    2025-03-31), so this list is the one way back from a refunded payment to its invoice.
    """
    payments = _call(
        "list a PaymentIntent's invoice payments",
        client().v1.invoice_payments.list,
        {
            "payment": {"type": "payment_intent", "payment_intent": payment_intent_id},
            "expand": ["data.invoice"],
        },
    )
    return payments.get("data") or []


def subscription_retrieve_with_card(subscription_id: str) -> dict:
    """The subscription with the payment method its next invoice will charge expanded: its own
    default, or else its customer's (Checkout sets one or the other)."""
    return _call(
        "retrieve a subscription and its card",
        client().v1.subscriptions.retrieve,
        subscription_id,
        {"expand": ["default_payment_method", "customer.invoice_settings.default_payment_method"]},
    )


def billing_portal_session_create(
    *,
    customer_id: str,
    return_url: str,
    idempotency_key: str,
    flow_data: dict | None = None,
) -> dict:
    """A Billing Portal session; with `flow_data`, one that opens on a single flow (updating
    the card: {"type": "payment_method_update"})."""
    params = {"customer": customer_id, "return_url": return_url}
    if flow_data is not None:
        params["flow_data"] = flow_data
    return _call(
        "create a Billing Portal session",
        client().v1.billing_portal.sessions.create,
        params,
        {"idempotency_key": idempotency_key},
    )


def events_since(*, created_gte: int, types: list[str]) -> Iterator[dict]:
    """Every event of `types` created since `created_gte`, newest first, across all pages."""
    try:
        events = client().v1.events.list(
            {"created": {"gte": created_gte}, "types": types, "limit": 100}
        )
        for event in events.auto_paging_iter():
            yield event.to_dict(recursive=True, for_json=True)
    except stripe.StripeError as error:
        logger.error("Stripe failed to list events: %r", error)
        raise PaymentProviderUnavailable("list events") from error


def webhook_event_verify(payload: bytes, signature: str | None) -> dict:
    """The event in a webhook body, once its signature, age and shape are checked."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise PaymentProviderNotConfigured("STRIPE_WEBHOOK_SECRET is not set.")
    if signature is not None and not signature.isascii():
        # Stripe's signatures are hex; the stripe package compares with hmac.compare_digest,
        # which raises TypeError (not SignatureVerificationError) for non-ASCII text.
        raise WebhookSignatureInvalid("The Stripe-Signature header is not ASCII.")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise WebhookSignatureInvalid(str(error)) from error
    except RecursionError as error:  # deeper than Python's parser goes: never a Stripe event
        raise WebhookSignatureInvalid("The body is nested deeper than we read.") from error
    if not (
        isinstance(event, dict)
        and event.get("object") == "event"
        and isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("created"), int)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    ):
        raise WebhookSignatureInvalid("The body is not a Stripe event.")
    return event
