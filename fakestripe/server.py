"""A fake Stripe, served over real HTTP, for the test suite and the demo.

Why a server and not mocks: the app talks to Stripe only through the official `stripe` client,
and the interesting bugs live in that conversation (parameter encoding, idempotency keys, error
classes, timeouts, expandable fields, webhook signatures). So tests point the real client at this
fake (`base_addresses={"api": fake.url}`) and it answers over HTTP as Stripe would. Nothing in the
app is patched.

What it models, in the shapes of API version 2026-10-28: Checkout Sessions (payment and
subscription mode, one line item each), customers, subscriptions and their cards (payment
methods), invoices and their payments (failed ones retried), upcoming-invoice notices, payment
intents, charges, refunds, billing portal sessions (and their flows) and the Events API. Tests
play the reader and Stripe's back office with `complete_checkout()`, `renew()`,
`retry_invoice()`, `upcoming()`, `refund()`...; each records Stripe-shaped events, and
`deliver()` posts one, signed, to the app's webhook endpoint.

What it accepts is what the pinned API version accepts: every endpoint checks its parameters
against the installed `stripe` package's types for that call (fakestripe/params.py), and a
client asking for another API version is refused, as the fake answers in one version's shapes.

Standard library and those types only, one lock around all state. Where the fake has to choose,
it does what Stripe does. Objects are built a few fields per line (`obj |= {...}`) to keep the
file short; fields the fake never fills are null, as on a fresh Stripe object.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import html
import json
import re
import secrets
import string
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

from fakestripe.params import ParamRefused, check_params

API_VERSION = "2026-10-28.endive"

# An id's prefix names its kind, which lets expand[] resolve any id it meets.
PREFIXES = {
    "checkout.session": "cs_test_",
    "customer": "cus_",
    "subscription": "sub_",
    "invoice": "in_",
    "invoice_payment": "inpay_",
    "payment_intent": "pi_",
    "charge": "ch_",
    "refund": "re_",
    "billing_portal.session": "bps_",
    "payment_method": "pm_",
    "price": "price_",
    "product": "prod_",
}
# GET /v1/<collection>/<id> retrieves one object of that kind.
COLLECTIONS = {
    "checkout/sessions": "checkout.session",
    "customers": "customer",
    "subscriptions": "subscription",
    "invoices": "invoice",
    "payment_intents": "payment_intent",
    "charges": "charge",
    "refunds": "refund",
    "payment_methods": "payment_method",
    "prices": "price",
    "products": "product",
}
# Amounts in these currencies have no minor unit (https://docs.stripe.com/currencies).
ZERO_DECIMAL = set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split())  # noqa: SIM905
# Stripe refuses to charge less than this (minor units): readers do try to give 10 cents.
MINIMUM_CHARGE = {"usd": 50, "eur": 50, "gbp": 30, "chf": 50, "cad": 50, "aud": 50, "jpy": 50}


def new_id(prefix: str, length: int = 24) -> str:
    """A Stripe-looking id: the kind's prefix and random letters and digits."""
    return prefix + "".join(
        secrets.choice(string.ascii_letters + string.digits) for _ in range(length)
    )


def _nulls(names: str) -> dict:
    return dict.fromkeys(names.split())


def _address() -> dict:
    return _nulls("city country line1 line2 postal_code state")


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Turn Stripe's form encoding back into the nested dict the client started from.

    The client flattens `{"line_items": [{"price_data": {"currency": "eur"}}]}` into
    `line_items[0][price_data][currency]=eur`, and `{"expand": ["x"]}` into `expand[0]=x`
    (`expand[]=x` works too). Values stay strings, as Stripe receives them. A dict whose keys are
    0..n-1 becomes a list, except under `metadata`, where "0" is an ordinary key.
    """
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = re.fullmatch(r"([^\[\]]+)((?:\[[^\[\]]*\])*)", key)
        parts = [match[1], *re.findall(r"\[([^\[\]]*)\]", match[2])] if match else [key]
        node = root
        for part in parts[:-1]:
            part = part or str(len(node))  # `[]` appends
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[parts[-1] or str(len(node))] = value
    return _listify(root)


def _listify(node: Any, key: str = "") -> Any:
    if not isinstance(node, dict):
        return node
    node = {k: _listify(v, k) for k, v in node.items()}
    if key != "metadata" and node and all(k.isdigit() for k in node):
        return [node[k] for k in sorted(node, key=int)]
    return node


def add_interval(timestamp: int, interval: str) -> int:
    """The end of a billing period. Months are calendar months, clamped like Stripe's
    (a period starting 31 January ends on the last day of February)."""
    if interval in ("day", "week"):
        return timestamp + (86400 if interval == "day" else 7 * 86400)
    start = datetime.fromtimestamp(timestamp, UTC)
    year, month = divmod(start.month - 1 + (12 if interval == "year" else 1), 12)
    year, month = start.year + year, month + 1
    day = min(start.day, monthrange(year, month)[1])
    return int(start.replace(year=year, month=month, day=day).timestamp())


def format_amount(amount: int, currency: str) -> str:
    if currency in ZERO_DECIMAL:
        return f"{amount} {currency.upper()}"
    return f"{amount / 100:.2f} {currency.upper()}"


class FakeStripeError(ValueError):
    """A Stripe API error: answered as `{"error": {...}}` over HTTP, raised to Python callers."""

    def __init__(self, status, message, *, type="invalid_request_error", code=None, param=None):
        super().__init__(message)
        self.status, self.message = status, message
        self.type, self.code, self.param = type, code, param

    def body(self) -> dict:
        error = {"type": self.type, "message": self.message, "code": self.code, "param": self.param}
        return {"error": {k: v for k, v in error.items() if v is not None}}


def bad(message: str, param: str | None = None, code: str | None = None) -> FakeStripeError:
    """A 400 invalid_request_error, the answer to most mistakes in a request."""
    return FakeStripeError(400, message, code=code, param=param)


def no_such(kind: str, object_id: str, param: str = "id") -> FakeStripeError:
    message = f"No such {kind}: '{object_id}'"
    return FakeStripeError(404, message, code="resource_missing", param=param)


@dataclass
class Request:
    """One API call as the fake received it, for tests that check what the app asked for."""

    method: str
    path: str
    params: dict[str, Any]
    headers: dict[str, str]
    idempotency_key: str | None = None


@dataclass
class _Rule:
    """A failure or delay waiting for the next `times` API calls under `path_prefix`."""

    kind: str  # "fail" or "delay"
    path_prefix: str
    times: int
    status: int = 0
    seconds: float = 0.0


class FakeStripe:
    """An in-memory Stripe with an HTTP front. See the module docstring for the why."""

    def __init__(
        self,
        *,
        webhook_secret: str = "whsec_test_secret",
        api_key: str = "sk_test_fake",
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.webhook_secret = webhook_secret
        self.api_key = api_key
        self.host, self.port = host, port  # port 0: a free one (tests); the demo names its own
        self.webhook_url: str | None = None
        self.clock_step = 1  # seconds `clock` moves on per event; 0 freezes it
        self.requests: list[Request] = []
        self.events: list[dict] = []
        # Called with each API request as it arrives, before it is answered, in the server's
        # thread: lets a test look at the app's side (its database, say) while the app waits.
        self.on_request: Callable[[Request], None] | None = None
        self._lock = threading.RLock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # -- lifecycle --------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeStripe is not started: call start() first")
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> FakeStripe:
        if self._server is None:
            self._server = _Server(self, (self.host, self.port))
            self._thread = threading.Thread(
                target=self._server.serve_forever, args=(0.05,), daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget everything, so one test's payments never leak into the next."""
        with self._lock:
            self.clock = int(time.time())  # `created` of everything; tests may set it
            self.requests.clear()
            self.events.clear()
            self._objects: dict[str, dict[str, dict]] = {kind: {} for kind in PREFIXES}
            self._extra: dict[str, dict] = {}  # what a session knows but doesn't show
            self._rules: list[_Rule] = []
            self._idempotent: dict[str, tuple] = {}
            self.on_request = None

    # -- what the app asked for -------------------------------------------------------------------

    def last_request(self, method: str, path_prefix: str) -> Request:
        with self._lock:
            for request in reversed(self.requests):
                if request.method == method.upper() and request.path.startswith(path_prefix):
                    return request
            seen = [f"{r.method} {r.path}" for r in self.requests]
        raise LookupError(f"no {method.upper()} {path_prefix}* request; saw {seen}")

    # -- failure injection ------------------------------------------------------------------------

    def fail_next(self, status: int = 500, *, times: int = 1, path_prefix: str = "/v1/") -> None:
        """Answer the next `times` matching API calls with an error of this HTTP status.

        These model failures *before* Stripe ran the request (overload, rate limiting), so they
        are not stored against the Idempotency-Key: a retry with the same key runs for real.
        """
        with self._lock:
            self._rules.append(_Rule("fail", path_prefix, times, status=status))

    def delay_next(self, seconds: float, *, times: int = 1, path_prefix: str = "/v1/") -> None:
        """Sleep before answering, to trip client timeouts. The request is still carried out,
        as at Stripe: a call that timed out may have succeeded, which is why keys exist."""
        with self._lock:
            self._rules.append(_Rule("delay", path_prefix, times, seconds=seconds))

    def _take_rule(self, kind: str, path: str) -> _Rule | None:
        for rule in self._rules:
            if rule.kind == kind and path.startswith(rule.path_prefix):
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
                return rule
        return None

    # -- state ------------------------------------------------------------------------------------

    def objects(self, kind: str) -> dict[str, dict]:
        """Snapshots of every object of one kind ("subscription", "checkout.session", ...)."""
        if kind not in PREFIXES:
            raise KeyError(f"unknown kind {kind!r}; known: {', '.join(PREFIXES)}")
        with self._lock:
            return copy.deepcopy(self._objects[kind])

    def event(self, type: str) -> dict:
        """The latest event of this type."""
        with self._lock:
            for event in reversed(self.events):
                if event["type"] == type:
                    return copy.deepcopy(event)
            seen = [e["type"] for e in self.events]
        raise LookupError(f"no {type} event; have {seen}")

    def _put(self, obj: dict) -> dict:
        self._objects[obj["object"]][obj["id"]] = obj
        return obj

    def _find(self, object_id: str) -> dict | None:
        if object_id.startswith("evt_"):
            return next((e for e in self.events if e["id"] == object_id), None)
        for kind, prefix in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if object_id.startswith(prefix):
                return self._objects[kind].get(object_id)
        return None

    def _get(self, kind: str, object_id: str) -> dict:
        obj = self._objects[kind].get(object_id)
        if obj is None:
            raise no_such(kind, object_id)
        return obj

    def _emit(self, type: str, obj: dict, previous: dict | None = None, request=None) -> dict:
        """Record an event carrying a snapshot of `obj` as it is now, as Stripe's events do."""
        data = {"object": copy.deepcopy(obj)}
        if previous is not None:
            data["previous_attributes"] = copy.deepcopy(previous)
        event = {"id": new_id("evt_"), "object": "event", "api_version": API_VERSION}
        event |= {"created": self.clock, "data": data, "livemode": False, "pending_webhooks": 1}
        event |= {"request": request or {"id": None, "idempotency_key": None}, "type": type}
        self.clock += self.clock_step
        self.events.append(event)
        return event

    def _finish(self, events: list[dict], deliver: bool) -> list[dict]:
        """Runs outside the lock, because the app's webhook view may call back into the fake."""
        events = copy.deepcopy(events)
        for event in events if deliver else []:
            self.deliver(event)
        return events

    # -- object builders --------------------------------------------------------------------------

    def _customer(self, email: str, name: str, locale: str | None) -> dict:
        cus = _nulls("address currency default_source description phone shipping test_clock")
        cus |= {"id": new_id("cus_", 14), "object": "customer", "balance": 0}
        cus |= {"created": self.clock, "delinquent": False, "email": email, "livemode": False}
        cus |= {"invoice_prefix": new_id("", 8).upper(), "metadata": {}, "name": name}
        cus["invoice_settings"] = _nulls("custom_fields default_payment_method footer")
        cus["next_invoice_sequence"] = 1
        cus["preferred_locales"] = [locale] if locale and locale != "auto" else []
        return self._put(cus | {"tax_exempt": "none"})

    def _product(self, name: str) -> dict:
        product = _nulls("default_price description unit_label url")
        product |= {"id": new_id("prod_", 14), "object": "product", "active": False}
        product |= {"created": self.clock, "images": [], "livemode": False, "metadata": {}}
        return self._put(product | {"name": name, "type": "service", "updated": self.clock})

    def _price(self, product: str, currency: str, amount: int, interval: str | None) -> dict:
        """A price as `price_data` makes one: inline, so inactive and without a lookup key."""
        recurring = None
        if interval:
            recurring = {"interval": interval, "interval_count": 1, "meter": None}
            recurring |= {"trial_period_days": None, "usage_type": "licensed"}
        price = _nulls("lookup_key nickname tiers_mode")
        price |= {"id": new_id("price_"), "object": "price", "active": False}
        price |= {"billing_scheme": "per_unit", "created": self.clock, "currency": currency}
        price |= {"livemode": False, "metadata": {}, "product": product, "recurring": recurring}
        price |= {"tax_behavior": "unspecified", "type": "recurring" if interval else "one_time"}
        return self._put(price | {"unit_amount": amount, "unit_amount_decimal": str(amount)})

    def _pay(self, amount, currency, payer: dict, metadata, description, status) -> dict:
        """A payment intent and its charge. `payer` has the customer's id (or None), email and
        name; `status` is succeeded, processing or failed."""
        customer, email, name = payer["id"], payer["email"], payer["name"]
        pi = _nulls("canceled_at cancellation_reason last_payment_error latest_charge")
        pi |= {"id": new_id("pi_"), "object": "payment_intent", "amount": amount}
        pi |= {"amount_capturable": 0, "amount_received": 0, "capture_method": "automatic"}
        pi |= {"created": self.clock, "currency": currency, "customer": customer}
        pi |= {"description": description, "livemode": False, "metadata": dict(metadata)}
        pi |= {"payment_method": new_id("pm_"), "payment_method_types": ["card"]}
        pi |= {"receipt_email": email, "status": "processing"}
        charge = _nulls("failure_code failure_message invoice receipt_url")
        charge |= {"id": new_id("ch_"), "object": "charge", "amount": amount}
        charge |= {"amount_captured": 0, "amount_refunded": 0, "captured": False}
        charge["billing_details"] = {"address": _address(), "email": email, "name": name}
        charge["billing_details"] |= {"phone": None, "tax_id": None}
        charge |= {"created": self.clock, "currency": currency, "customer": customer}
        charge |= {"description": description, "disputed": False, "livemode": False}
        charge |= {"metadata": dict(metadata), "paid": False, "payment_intent": pi["id"]}
        charge |= {"payment_method": pi["payment_method"], "receipt_email": email}
        charge |= {"refunded": False, "status": "pending"}
        charge.pop("invoice")  # gone from charges since 2025-03-31
        self._put(charge)
        pi["latest_charge"] = charge["id"]
        self._put(pi)
        self._settle(pi, status)
        return pi

    def _settle(self, pi: dict, status: str) -> None:
        charge = self._objects["charge"][pi["latest_charge"]]
        if status == "succeeded":
            pi |= {"status": "succeeded", "amount_received": pi["amount"]}
            charge |= {"status": "succeeded", "paid": True, "captured": True}
            charge["amount_captured"] = charge["amount"]
        elif status == "failed":
            message = "Your card was declined."
            error = {"type": "card_error", "code": "card_declined", "message": message}
            pi |= {"status": "requires_payment_method", "last_payment_error": error}
            charge |= {"status": "failed", "failure_code": "card_declined"}
            charge["failure_message"] = message

    def _invoice(
        self,
        sub: dict,
        reason: str,
        succeed: bool,
        period: tuple[int, int],
        amount: int | None = None,
    ) -> dict:
        """An invoice for the subscription's current price, paid or failed, in the shape of 2025
        onwards: the subscription under `parent`, the payments in an includable list, and no
        top-level subscription/charge/payment_intent. `period` is the invoice's own
        period_start/end (the period just ended, for a renewal); its line covers the new one.
        `amount` overrides the total: 0 is an invoice a coupon or credit covers, paid at once
        with no payment at all, as Stripe does."""
        item = sub["items"]["data"][0]
        price = item["price"]
        if amount is None:
            amount = price["unit_amount"] * item["quantity"]
        currency = price["currency"]
        customer = self._objects["customer"][sub["customer"]]
        first = reason == "subscription_create"
        description = "Subscription creation" if first else "Subscription update"
        status = "succeeded" if succeed else "failed"
        pi = self._pay(amount, currency, customer, {}, description, status) if amount else None
        invoice_id, paid_at = new_id("in_"), (self.clock if succeed else None)
        line = {"id": new_id("il_"), "object": "line_item", "amount": amount}
        line |= {"currency": currency, "discount_amounts": [], "discountable": True}
        product_name = self._objects["product"][price["product"]]["name"]
        line |= {"description": f"{item['quantity']} × {product_name}", "discounts": []}
        line |= {"invoice": invoice_id, "livemode": False, "metadata": {}}
        details = {"invoice_item": None, "proration": False, "subscription": sub["id"]}
        details |= {"proration_details": {"credited_items": None}, "subscription_item": item["id"]}
        line["parent"] = {"type": "subscription_item_details", "invoice_item_details": None}
        line["parent"]["subscription_item_details"] = details
        line["period"] = {"start": item["current_period_start"], "end": item["current_period_end"]}
        line["pricing"] = {"type": "price_details", "unit_amount_decimal": str(amount)}
        line["pricing"]["price_details"] = {"price": price["id"], "product": price["product"]}
        line |= {"quantity": item["quantity"], "subtotal": amount, "taxes": []}
        invoice = _nulls("description footer hosted_invoice_url invoice_pdf receipt_number")
        invoice |= {"id": invoice_id, "object": "invoice", "account_country": "DE"}
        invoice |= {"amount_due": amount, "amount_paid": amount if succeed else 0}
        invoice |= {"amount_remaining": 0 if succeed else amount, "attempt_count": 1}
        invoice |= {"attempted": True, "auto_advance": not succeed, "billing_reason": reason}
        invoice |= {"collection_method": "charge_automatically", "created": self.clock}
        invoice |= {"currency": currency, "customer": customer["id"]}
        invoice |= {"customer_email": customer["email"], "customer_name": customer["name"]}
        invoice["lines"] = {"object": "list", "data": [line], "has_more": False}
        invoice["lines"] |= {"total_count": 1, "url": f"/v1/invoices/{invoice_id}/lines"}
        invoice |= {"livemode": False, "metadata": {}}
        invoice["next_payment_attempt"] = None if succeed else self.clock + 3 * 86400
        sequence = customer["next_invoice_sequence"]
        customer["next_invoice_sequence"] += 1
        invoice["number"] = f"{customer['invoice_prefix']}-{sequence:04d}"
        details = {"metadata": copy.deepcopy(sub["metadata"]), "subscription": sub["id"]}
        invoice["parent"] = {"type": "subscription_details", "quote_details": None}
        invoice["parent"]["subscription_details"] = details
        invoice |= {"period_start": period[0], "period_end": period[1]}
        invoice["status"] = "paid" if succeed else "open"
        transitions = _nulls("marked_uncollectible_at voided_at")
        invoice["status_transitions"] = transitions | {
            "finalized_at": self.clock,
            "paid_at": paid_at,
        }
        invoice |= {"subtotal": amount, "total": amount}
        self._put(invoice)
        sub["latest_invoice"] = invoice_id
        if pi is None:
            return invoice
        payment = {"id": new_id("inpay_"), "object": "invoice_payment"}
        payment |= {"amount_paid": amount if succeed else None, "amount_requested": amount}
        payment |= {"created": self.clock, "currency": currency, "invoice": invoice_id}
        payment |= {"is_default": True, "livemode": False, "status": "paid" if succeed else "open"}
        payment["payment"] = {"type": "payment_intent", "payment_intent": pi["id"]}
        payment["status_transitions"] = {"canceled_at": None, "paid_at": paid_at}
        self._put(payment)
        return invoice

    def _includable(self, obj: dict, name: str) -> dict | None:
        """Lists Stripe leaves out unless asked for with expand[] (and never sends in webhooks)."""
        kind, own_id = obj.get("object"), obj.get("id")
        if (kind, name) == ("invoice", "payments"):
            data = [p for p in self._objects["invoice_payment"].values() if p["invoice"] == own_id]
            url = f"/v1/invoice_payments?invoice={own_id}"
        elif (kind, name) == ("checkout.session", "line_items"):
            data, url = (
                self._extra[own_id]["line_items"],
                f"/v1/checkout/sessions/{own_id}/line_items",
            )
        elif (kind, name) == ("charge", "refunds"):
            data = [r for r in self._objects["refund"].values() if r["charge"] == own_id][::-1]
            url = f"/v1/charges/{own_id}/refunds"
        else:
            return None
        return {"object": "list", "data": copy.deepcopy(data), "has_more": False, "url": url}

    def _expand(self, obj: Any, path: str) -> None:
        """Apply one expand[] path ("subscription", "invoice.payments", "items.data.price.product")
        to a copy of an object, replacing ids with the objects they name."""
        head, _, rest = path.partition(".")
        if isinstance(obj, list):
            for item in obj:
                self._expand(item, path)
            return
        value, included = obj.get(head), self._includable(obj, head)
        if included is not None:
            obj[head] = included
        elif isinstance(value, str) and self._find(value) is not None:
            obj[head] = copy.deepcopy(self._find(value))
        elif head not in obj or not (value is None or isinstance(value, dict | list)):
            raise bad(f"This property cannot be expanded ({head}).", "expand")
        if rest and isinstance(obj[head], dict | list):
            self._expand(obj[head], rest)

    # -- scenarios: what readers and Stripe's back office do --------------------------------------

    def complete_checkout(
        self,
        session_id: str,
        *,
        email: str = "reader@example.org",
        name: str = "Rosa Reader",
        async_payment: bool = False,
        deliver: bool = False,
    ) -> list[dict]:
        """The reader pays on the hosted page. Returns the events Stripe would send.

        Payment mode makes a Customer only with customer_creation="always", as Stripe does
        (otherwise the session's `customer` stays null; `customer_details` has the email).
        A session created with customer_email keeps that address: Stripe shows it read-only.
        """
        with self._lock:
            session = self._get("checkout.session", session_id)
            if session["status"] != "open":
                raise bad(f"Checkout Session {session_id} is {session['status']}.")
            if async_payment and session["mode"] != "payment":
                raise bad("async_payment is only modelled in payment mode.")
            email, extra = session["customer_email"] or email, self._extra[session_id]
            customer = None
            if session["mode"] == "subscription" or session["customer_creation"] == "always":
                customer = self._customer(email, name, session["locale"])["id"]
            details = {"address": _address(), "email": email, "name": name, "phone": None}
            details |= {"tax_exempt": "none", "tax_ids": []}
            session |= {"customer": customer, "customer_details": details, "status": "complete"}
            events = []
            if session["mode"] == "payment":
                payer = {"id": customer, "email": email, "name": name}
                status = "processing" if async_payment else "succeeded"
                amount, metadata = session["amount_total"], extra["payment_intent_metadata"]
                pi = self._pay(amount, session["currency"], payer, metadata, None, status)
                session["payment_intent"] = pi["id"]
                session["payment_status"] = "unpaid" if async_payment else "paid"
            else:
                sub = self._subscription(customer, extra)
                invoice = self._invoice(sub, "subscription_create", True, (self.clock, self.clock))
                session |= {"subscription": sub["id"], "invoice": invoice["id"]}
                session["payment_status"] = "paid"
                events.append(self._emit("customer.subscription.created", sub))
                events.append(self._emit("invoice.paid", invoice))
            events.append(self._emit("checkout.session.completed", session))
        return self._finish(events, deliver)

    def _subscription(self, customer: str, extra: dict) -> dict:
        """An active subscription whose first period starts now. Since 2025 the billing period
        lives on the items (current_period_start/end), not on the subscription."""
        price, sub_id, start = extra["price"], new_id("sub_"), self.clock
        self._objects["customer"][customer]["currency"] = price["currency"]
        item = {"id": new_id("si_", 14), "object": "subscription_item", "created": start}
        item |= {"current_period_start": start, "discounts": [], "metadata": {}}
        item["current_period_end"] = add_interval(start, price["recurring"]["interval"])
        item |= {"price": copy.deepcopy(price), "quantity": extra["quantity"]}
        item |= {"subscription": sub_id, "tax_rates": []}
        sub = _nulls("cancel_at canceled_at default_payment_method description ended_at")
        sub |= _nulls("latest_invoice schedule test_clock trial_end trial_start")
        sub |= {"id": sub_id, "object": "subscription", "billing_cycle_anchor": start}
        sub |= {"cancel_at_period_end": False, "collection_method": "charge_automatically"}
        sub["cancellation_details"] = _nulls("comment feedback reason")
        sub |= {"created": start, "currency": price["currency"], "customer": customer}
        sub["items"] = {"object": "list", "data": [item], "has_more": False, "total_count": 1}
        sub["items"]["url"] = f"/v1/subscription_items?subscription={sub_id}"
        sub |= {"discounts": [], "livemode": False, "pause_collection": None}
        sub |= {"metadata": dict(extra["subscription_metadata"]), "start_date": start}
        # Checkout saves the card it charged as the subscription's default, good for 3 years.
        expires = datetime.fromtimestamp(start, UTC)
        sub["default_payment_method"] = self._card(customer, expires.month, expires.year + 3)["id"]
        return self._put(sub | {"status": "active"})

    def _card(self, customer: str, exp_month: int, exp_year: int) -> dict:
        """A saved card (a payment method of type card) of the customer's."""
        card = _nulls("country description display_brand generated_from iin issuer")
        card |= _nulls("networks regulated_status three_d_secure_usage wallet")
        card |= {"brand": "visa", "checks": None, "exp_month": exp_month, "exp_year": exp_year}
        card |= {"fingerprint": new_id("", 16), "funding": "credit", "last4": "4242"}
        pm = {"id": new_id("pm_"), "object": "payment_method", "allow_redisplay": "limited"}
        pm["billing_details"] = {"address": _address(), "email": None, "name": None}
        pm["billing_details"] |= {"phone": None, "tax_id": None}
        pm |= {"card": card, "created": self.clock, "customer": customer, "livemode": False}
        return self._put(pm | {"metadata": {}, "type": "card"})

    def set_card_expiry(self, subscription_id: str, *, exp_month: int, exp_year: int) -> str:
        """The card a subscription charges turns out to expire then (as a card issued years
        ago does). Returns the payment method's id."""
        with self._lock:
            sub = self._get("subscription", subscription_id)
            pm = self._get("payment_method", sub["default_payment_method"])
            pm["card"] |= {"exp_month": exp_month, "exp_year": exp_year}
            return pm["id"]

    def replace_card(self, subscription_id: str, *, exp_month: int, exp_year: int) -> str:
        """The donor saves a new card (in the portal's card-update flow): the subscription's
        default payment method from now on. Returns its id."""
        with self._lock:
            sub = self._get("subscription", subscription_id)
            pm = self._card(sub["customer"], exp_month, exp_year)
            sub["default_payment_method"] = pm["id"]
            return pm["id"]

    def settle_async_payment(
        self, session_id: str, *, succeed: bool = True, deliver: bool = False
    ) -> list[dict]:
        """A delayed payment method (a bank debit, say) clears or bounces days later."""
        with self._lock:
            session = self._get("checkout.session", session_id)
            pi = self._objects["payment_intent"].get(session["payment_intent"] or "")
            if pi is None or pi["status"] != "processing":
                raise bad(f"{session_id} has no payment waiting to settle.")
            self._settle(pi, "succeeded" if succeed else "failed")
            if succeed:
                session["payment_status"] = "paid"
            outcome = "succeeded" if succeed else "failed"
            events = [self._emit(f"checkout.session.async_payment_{outcome}", session)]
        return self._finish(events, deliver)

    def renew(
        self,
        subscription_id: str,
        *,
        succeed: bool = True,
        amount_due: int | None = None,
        deliver: bool = False,
    ) -> list[dict]:
        """A billing period ends: the period moves on and a subscription_cycle invoice is paid or
        fails. Failure makes the subscription past_due; a later paid renewal makes it active.
        If the reader scheduled a cancellation (cancel_at_period_end), the period's end cancels
        the subscription instead, with no invoice, as at Stripe. `amount_due=0` is a renewal a
        100% coupon or the customer's credit balance covers: a $0 invoice, paid, no payment."""
        with self._lock:
            sub = self._get("subscription", subscription_id)
            if sub["status"] == "canceled":
                raise bad(f"{subscription_id} is canceled.")
            if sub["cancel_at_period_end"]:
                events = self._cancel_subscription(subscription_id)
                return self._finish(events, deliver)
            item = sub["items"]["data"][0]
            ended = (item["current_period_start"], item["current_period_end"])
            end = add_interval(ended[1], item["price"]["recurring"]["interval"])
            item |= {"current_period_start": ended[1], "current_period_end": end}
            events = []
            pause = sub["pause_collection"]
            if pause and pause["resumes_at"] and pause["resumes_at"] <= ended[1]:
                events += self._resume_collection(sub)  # the pause is over: Stripe lifts it
            elif pause:
                # Collection paused: the period moves on and nobody pays. (Stripe makes an
                # invoice and voids it, or keeps it as a draft; the fake makes none.)
                return self._finish(events, deliver)
            invoice = self._invoice(sub, "subscription_cycle", succeed, ended, amount_due)
            events.append(
                self._emit("invoice.paid" if succeed else "invoice.payment_failed", invoice)
            )
            status = "active" if succeed else "past_due"
            if sub["status"] != status:
                previous = {"status": sub["status"]}
                sub["status"] = status
                events.append(self._emit("customer.subscription.updated", sub, previous))
        return self._finish(events, deliver)

    def retry_invoice(
        self, invoice_id: str, *, succeed: bool = True, deliver: bool = False
    ) -> list[dict]:
        """Stripe tries a failed invoice's payment again (Smart Retries, or a new card): the
        same invoice and PaymentIntent, a new charge. Success pays the invoice (invoice.paid)
        and makes a past_due subscription active; another failure is one more
        invoice.payment_failed for the same invoice, with its attempt_count one higher."""
        with self._lock:
            invoice = self._get("invoice", invoice_id)
            if invoice["status"] != "open":
                raise bad(f"Invoice {invoice_id} is {invoice['status']}: nothing to retry.")
            payment = next(
                p for p in self._objects["invoice_payment"].values() if p["invoice"] == invoice_id
            )
            pi = self._objects["payment_intent"][payment["payment"]["payment_intent"]]
            charge = copy.deepcopy(self._objects["charge"][pi["latest_charge"]])
            charge |= {"id": new_id("ch_"), "created": self.clock, "status": "pending"}
            charge |= {"paid": False, "captured": False, "amount_captured": 0}
            charge |= {"failure_code": None, "failure_message": None}
            self._put(charge)
            pi |= {"latest_charge": charge["id"], "last_payment_error": None}
            pi["status"] = "processing"
            self._settle(pi, "succeeded" if succeed else "failed")
            invoice["attempt_count"] += 1
            sub_id = invoice["parent"]["subscription_details"]["subscription"]
            sub = self._objects["subscription"][sub_id]
            if not succeed:
                invoice["next_payment_attempt"] = self.clock + 5 * 86400
                return self._finish([self._emit("invoice.payment_failed", invoice)], deliver)
            amount = invoice["amount_due"]
            invoice |= {"amount_paid": amount, "amount_remaining": 0, "status": "paid"}
            invoice |= {"auto_advance": False, "next_payment_attempt": None}
            invoice["status_transitions"]["paid_at"] = self.clock
            payment |= {"amount_paid": amount, "status": "paid"}
            payment["status_transitions"]["paid_at"] = self.clock
            events = [self._emit("invoice.paid", invoice)]
            if sub["status"] == "past_due":
                sub["status"] = "active"
                events.append(
                    self._emit("customer.subscription.updated", sub, {"status": "past_due"})
                )
        return self._finish(events, deliver)

    def upcoming(self, subscription_id: str, *, deliver: bool = False) -> list[dict]:
        """Days before a subscription renews (as many as the account's Billing settings say),
        Stripe sends invoice.upcoming: a preview of the renewal's invoice, never stored and with
        no payment, whose id is an `upcoming_in_` one, dated for the current period's end."""
        with self._lock:
            sub = self._get("subscription", subscription_id)
            if sub["status"] == "canceled" or sub["cancel_at_period_end"]:
                raise bad(f"{subscription_id} does not renew.")
            item = sub["items"]["data"][0]
            price, customer = item["price"], self._objects["customer"][sub["customer"]]
            amount, currency = price["unit_amount"] * item["quantity"], price["currency"]
            period = (item["current_period_start"], item["current_period_end"])
            renews = period[1]
            next_period = {
                "start": renews,
                "end": add_interval(renews, price["recurring"]["interval"]),
            }
            line = {"id": new_id("il_tmp_"), "object": "line_item", "amount": amount}
            line |= {"currency": currency, "discount_amounts": [], "discountable": True}
            line |= {"description": f"{item['quantity']} × renewal", "discounts": []}
            line |= {"invoice": None, "livemode": False, "metadata": {}, "period": next_period}
            details = {"invoice_item": None, "proration": False, "subscription": sub["id"]}
            details |= {"proration_details": {"credited_items": None}}
            details["subscription_item"] = item["id"]
            line["parent"] = {"type": "subscription_item_details", "invoice_item_details": None}
            line["parent"]["subscription_item_details"] = details
            line |= {"quantity": item["quantity"], "subtotal": amount, "taxes": []}
            invoice = _nulls("description footer hosted_invoice_url invoice_pdf number")
            invoice |= {"id": new_id("upcoming_in_"), "object": "invoice"}
            invoice |= {"account_country": "DE", "amount_due": amount, "amount_paid": 0}
            invoice |= {"amount_remaining": amount, "attempt_count": 0, "attempted": False}
            invoice |= {"auto_advance": False, "billing_reason": "upcoming"}
            invoice |= {"collection_method": "charge_automatically", "created": self.clock}
            invoice |= {"currency": currency, "customer": customer["id"]}
            invoice |= {"customer_email": customer["email"], "customer_name": customer["name"]}
            invoice["lines"] = {"object": "list", "data": [line], "has_more": False}
            invoice["lines"] |= {"total_count": 1, "url": "/v1/invoices/upcoming/lines"}
            invoice |= {"livemode": False, "metadata": {}, "next_payment_attempt": renews}
            details = {"metadata": copy.deepcopy(sub["metadata"]), "subscription": sub["id"]}
            invoice["parent"] = {"type": "subscription_details", "quote_details": None}
            invoice["parent"]["subscription_details"] = details
            invoice |= {"period_start": period[0], "period_end": period[1], "status": "draft"}
            transitions = _nulls("finalized_at marked_uncollectible_at paid_at voided_at")
            invoice["status_transitions"] = transitions
            invoice |= {"subtotal": amount, "total": amount}
            events = [self._emit("invoice.upcoming", invoice)]
        return self._finish(events, deliver)

    def update_subscription(
        self,
        subscription_id: str,
        *,
        amount: int | None = None,
        cancel_at_period_end: bool | None = None,
        deliver: bool = False,
    ) -> list[dict]:
        """The reader changes the amount or schedules a cancellation (say, in the portal).
        A change of amount takes effect from the next renewal (no proration)."""
        with self._lock:
            events = self._update_subscription(subscription_id, amount, cancel_at_period_end)
        return self._finish(events, deliver)

    def pause_subscription(
        self, subscription_id: str, *, resumes_at: int | None = None, deliver: bool = False
    ) -> list[dict]:
        """Collection is paused from Stripe's dashboard, until `resumes_at` (or until lifted)."""
        with self._lock:
            pause = {"behavior": "void", "resumes_at": resumes_at}
            events = self._update_subscription(subscription_id, None, None, pause=pause)
        return self._finish(events, deliver)

    def resume_subscription(self, subscription_id: str, *, deliver: bool = False) -> list[dict]:
        """A paused subscription collects again: its resumes_at came, or staff lifted the pause."""
        with self._lock:
            sub = self._get("subscription", subscription_id)
            if not sub["pause_collection"]:
                raise bad(f"{subscription_id} is not paused.")
            events = self._resume_collection(sub)
        return self._finish(events, deliver)

    def _resume_collection(self, sub: dict) -> list[dict]:
        previous = {"pause_collection": copy.deepcopy(sub["pause_collection"])}
        sub["pause_collection"] = None
        return [self._emit("customer.subscription.updated", sub, previous)]

    def _change_subscription(self, sub_id: str, p: dict, request: dict) -> None:
        """POST /v1/subscriptions/:id, with what the fake models: cancel_at_period_end,
        metadata, an item's new inline price (items[][id] and price_data), proration_behavior,
        pause_collection, trial_end and cancellation_details. One event for the whole update."""
        flag = p.get("cancel_at_period_end")
        flag = None if flag is None else _boolean(flag, "cancel_at_period_end")
        changes: dict[str, Any] = {"metadata": _metadata(p, "metadata"), "request": request}
        if "items" in p:
            changes["price"] = self._price_change(sub_id, p)
        if "pause_collection" in p:
            changes["pause"] = self._pause_given(p)
        if "trial_end" in p:
            changes["trial_end"] = _integer(p, "trial_end", minimum=self.clock + 1)
        if "cancellation_details" in p:
            changes["cancellation"] = _cancellation_details(p)
        self._update_subscription(sub_id, None, flag, **changes)

    def _price_change(self, sub_id: str, p: dict) -> dict:
        """An item's new price, from items[0][price_data], as Stripe makes one inline. Only a
        change without proration is modelled (the fake keeps no proration invoice items), so a
        price change asks for proration_behavior=none, and a proration is refused."""
        sub = self._get("subscription", sub_id)
        items = p["items"] if isinstance(p["items"], list) else []
        if len(items) != 1:
            raise bad("This fake updates exactly one subscription item.", "items")
        item = sub["items"]["data"][0]
        if items[0].get("id") != item["id"]:
            raise no_such("subscription_item", str(items[0].get("id")), "items[0][id]")
        if "price_data" not in items[0]:
            raise bad("This fake changes an item's price through price_data only.", "items[0]")
        data = "items[0][price_data]"
        currency = _text(p, f"{data}[currency]")
        if currency != sub["currency"]:
            message = "The price's currency must match the subscription's currency "
            raise bad(message + f"({sub['currency']}).", f"{data}[currency]")
        product = _text(p, f"{data}[product]")
        if product not in self._objects["product"]:
            raise no_such("product", product, f"{data}[product]")
        interval = _text(p, f"{data}[recurring][interval]")
        if interval not in ("day", "week", "month", "year"):
            message = "Invalid recurring[interval]: must be one of day, week, month, or year"
            raise bad(message, f"{data}[recurring][interval]")
        amount = _integer(p, f"{data}[unit_amount]", minimum=0)
        if p.get("proration_behavior", "create_prorations") != "none":
            message = "This fake models price changes with proration_behavior=none only."
            raise bad(message, "proration_behavior")
        quantity = _integer(p, "items[0][quantity]", minimum=1) if "quantity" in items[0] else 1
        price = {"product": product, "currency": currency, "amount": amount}
        return price | {"interval": interval, "quantity": quantity}

    def _pause_given(self, p: dict) -> dict | None:
        if p["pause_collection"] == "":
            return None  # collection resumes
        behavior = _text(p, "pause_collection[behavior]")
        resumes_at = None
        if _lookup(p, "pause_collection[resumes_at]") is not None:
            name = "pause_collection[resumes_at]"
            resumes_at = _integer(p, name, minimum=self.clock + 1)
        return {"behavior": behavior, "resumes_at": resumes_at}

    def _update_subscription(
        self,
        sub_id,
        amount,
        cancel_at_period_end,
        metadata=None,
        request=None,
        *,
        price=None,
        pause: Any = "unchanged",
        trial_end=None,
        cancellation=None,
    ):
        sub = self._get("subscription", sub_id)
        if sub["status"] == "canceled":
            raise bad(
                "A canceled subscription can only update its cancellation_details and metadata."
            )
        previous: dict[str, Any] = {}
        item = sub["items"]["data"][0]
        if price is not None:
            self._change_price(sub, item, price, previous, trial_end)
        elif trial_end is not None:
            self._start_trial(sub, item, trial_end, previous)
        if pause != "unchanged" and pause != sub["pause_collection"]:
            previous["pause_collection"] = copy.deepcopy(sub["pause_collection"])
            sub["pause_collection"] = pause
        if cancellation is not None and cancellation != {
            key: sub["cancellation_details"][key] for key in cancellation
        }:
            previous.setdefault("cancellation_details", copy.deepcopy(sub["cancellation_details"]))
            sub["cancellation_details"] |= cancellation
        if amount is not None and amount != item["price"]["unit_amount"]:
            previous["items"] = copy.deepcopy(sub["items"])
            old = item["price"]
            price = self._price(
                old["product"], old["currency"], amount, old["recurring"]["interval"]
            )
            item["price"] = copy.deepcopy(price)
        if cancel_at_period_end is not None and cancel_at_period_end != sub["cancel_at_period_end"]:
            keys = ("cancel_at", "cancel_at_period_end", "canceled_at", "cancellation_details")
            previous |= copy.deepcopy({key: sub[key] for key in keys})
            sub["cancel_at_period_end"] = cancel_at_period_end
            sub["cancel_at"] = item["current_period_end"] if cancel_at_period_end else None
            sub["canceled_at"] = self.clock if cancel_at_period_end else None
            reason = "cancellation_requested" if cancel_at_period_end else None
            sub["cancellation_details"]["reason"] = reason
        if metadata is not None:
            merged = {k: v for k, v in (sub["metadata"] | metadata).items() if v != ""}
            if merged != sub["metadata"]:
                previous["metadata"], sub["metadata"] = sub["metadata"], merged
        if not previous:
            return []
        events = [self._emit("customer.subscription.updated", sub, previous, request)]
        if price is not None and "billing_cycle_anchor" in previous and trial_end is None:
            # A new interval starts a new billing period now, and Stripe charges it at once.
            invoice = self._invoice(sub, "subscription_update", True, (self.clock, self.clock))
            events.append(self._emit("invoice.paid", invoice))
        return events

    def _change_price(self, sub, item, price, previous, trial_end) -> None:
        old = item["price"]
        if (price["amount"], price["interval"], price["quantity"]) == (
            old["unit_amount"],
            old["recurring"]["interval"],
            item["quantity"],
        ):
            return
        previous["items"] = copy.deepcopy(sub["items"])
        made = self._price(price["product"], price["currency"], price["amount"], price["interval"])
        item |= {"price": copy.deepcopy(made), "quantity": price["quantity"]}
        if trial_end is not None:
            self._start_trial(sub, item, trial_end, previous)
        elif price["interval"] != old["recurring"]["interval"]:
            previous["billing_cycle_anchor"] = sub["billing_cycle_anchor"]
            sub["billing_cycle_anchor"] = self.clock
            end = add_interval(self.clock, price["interval"])
            item |= {"current_period_start": self.clock, "current_period_end": end}

    def _start_trial(self, sub, item, trial_end: int, previous) -> None:
        """No payment until trial_end, when the next period (at the item's price) begins."""
        previous |= {key: sub[key] for key in ("status", "trial_end", "trial_start")}
        previous.setdefault("items", copy.deepcopy(sub["items"]))
        sub |= {"status": "trialing", "trial_start": self.clock, "trial_end": trial_end}
        sub["billing_cycle_anchor"] = trial_end
        item |= {"current_period_start": self.clock, "current_period_end": trial_end}

    def cancel_subscription(
        self, subscription_id: str, *, feedback: str | None = None, deliver: bool = False
    ) -> list[dict]:
        """The subscription ends now (the reader cancels, or Stripe gives up on failed payments).
        `feedback` is the reason a reader chose in Stripe's portal."""
        with self._lock:
            cancellation = {"feedback": feedback} if feedback else None
            events = self._cancel_subscription(subscription_id, cancellation=cancellation)
        return self._finish(events, deliver)

    def _cancel_subscription(self, sub_id, request=None, cancellation=None):
        sub = self._get("subscription", sub_id)
        if sub["status"] == "canceled":
            raise bad(f"{sub_id} is already canceled.")
        scheduled = sub["cancel_at_period_end"]
        sub |= {"status": "canceled", "ended_at": sub["cancel_at"] if scheduled else self.clock}
        sub["canceled_at"] = sub["canceled_at"] or self.clock
        sub["cancellation_details"]["reason"] = "cancellation_requested"
        sub["cancellation_details"] |= cancellation or {}
        return [self._emit("customer.subscription.deleted", sub, request=request)]

    def refund(
        self, payment_intent_id: str, *, amount: int | None = None, deliver: bool = False
    ) -> list[dict]:
        """Refund all or part of a payment (as from the Dashboard). Emits charge.refunded."""
        with self._lock:
            _, events = self._refund(payment_intent_id, amount)
        return self._finish(events, deliver)

    def _refund(self, pi_id, amount, request=None, param="payment_intent"):
        pi = self._objects["payment_intent"].get(pi_id)
        if pi is None:
            raise no_such("payment_intent", pi_id, param)
        charge = self._objects["charge"][pi["latest_charge"]]
        left = charge["amount"] - charge["amount_refunded"]
        if charge["status"] != "succeeded":
            raise bad(f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.")
        if left == 0:
            message = f"Charge {charge['id']} has already been refunded."
            raise bad(message, param, "charge_already_refunded")
        amount = left if amount is None else amount
        if not 0 < amount <= left:
            message = (
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
            )
            raise bad(message, "amount")
        refund = _nulls("balance_transaction reason receipt_number")
        refund |= {"id": new_id("re_"), "object": "refund", "amount": amount}
        refund |= {"charge": charge["id"], "created": self.clock, "currency": charge["currency"]}
        refund |= {"metadata": {}, "payment_intent": pi_id, "status": "succeeded"}
        self._put(refund)
        previous = {"amount_refunded": charge["amount_refunded"]}
        charge["amount_refunded"] += amount
        if charge["amount_refunded"] == charge["amount"]:
            previous["refunded"], charge["refunded"] = False, True
        return refund, [self._emit("charge.refunded", charge, previous, request)]

    # -- other tools on the same account ----------------------------------------------------------
    # A newsroom's Stripe account is often shared: a shop, an events tool, a paid newsletter.
    # Everything they do reaches our webhook endpoint too. These make their objects as such a
    # tool would: through the same Checkout and billing as ours, without our metadata.

    def shop_checkout(
        self,
        *,
        amount: int = 2500,
        currency: str = "usd",
        interval: str | None = None,
        metadata: dict[str, str] | None = None,
        email: str = "buyer@example.org",
        name: str = "Sam Shopper",
        deliver: bool = False,
    ) -> list[dict]:
        """Another tool's Checkout Session, created through the API and paid: a one-off sale, or
        with `interval` ("day", "week", "month", "year") a subscription. Returns the events."""
        price_data = {"currency": currency, "unit_amount": str(amount)}
        price_data["product_data"] = {"name": "Tote bag" if interval is None else "Club"}
        if interval is not None:
            price_data["recurring"] = {"interval": interval}
        params = {"mode": "payment" if interval is None else "subscription"}
        params |= {"success_url": "https://shop.example/done", "cancel_url": "https://shop.example"}
        params["line_items"] = [{"quantity": "1", "price_data": price_data}]
        if metadata is not None:
            params["metadata"] = metadata
        with self._lock:
            session = self._create_checkout_session(params)
        return self.complete_checkout(session["id"], email=email, name=name, deliver=deliver)

    def metered_subscription(
        self, *, currency: str = "usd", email: str = "api@example.org", deliver: bool = False
    ) -> list[dict]:
        """Another tool's usage-based subscription: a metered, tiered price (no unit amount, no
        quantity), whose first invoice, billed in arrears, is $0 and paid without a payment."""
        with self._lock:
            customer = self._customer(email, "API Customer", None)["id"]
            price = self._price(self._product("API calls")["id"], currency, 0, "month")
            price["recurring"] |= {"usage_type": "metered", "meter": new_id("mtr_")}
            price |= {"billing_scheme": "tiered", "tiers_mode": "graduated"}
            price |= {"unit_amount": None, "unit_amount_decimal": None}
            extra = {"price": price, "quantity": None, "subscription_metadata": {}}
            sub = self._subscription(customer, extra)
            invoice = self._invoice(sub, "subscription_create", True, (self.clock,) * 2, 0)
            events = [self._emit("customer.subscription.created", sub)]
            events.append(self._emit("invoice.paid", invoice))
        return self._finish(events, deliver)

    def legacy_charge_refund(
        self, *, amount: int = 1200, currency: str = "usd", deliver: bool = False
    ) -> list[dict]:
        """Another tool's charge made through the old Charges API, so with no PaymentIntent,
        refunded in full from the Dashboard: a charge.refunded whose payment_intent is null."""
        with self._lock:
            payer = {"id": None, "email": "buyer@example.org", "name": "Sam Shopper"}
            pi = self._pay(amount, currency, payer, {}, "Legacy sale", "succeeded")
            del self._objects["payment_intent"][pi["id"]]
            charge = self._objects["charge"][pi["latest_charge"]]
            charge["payment_intent"] = None
            refund = _nulls("balance_transaction reason receipt_number")
            refund |= {"id": new_id("re_"), "object": "refund", "amount": amount}
            refund |= {"charge": charge["id"], "created": self.clock, "currency": currency}
            self._put(refund | {"metadata": {}, "payment_intent": None, "status": "succeeded"})
            previous = {"amount_refunded": 0, "refunded": False}
            charge |= {"amount_refunded": amount, "refunded": True}
            events = [self._emit("charge.refunded", charge, previous)]
        return self._finish(events, deliver)

    # -- webhooks ---------------------------------------------------------------------------------

    def in_older_shape(self, event: dict) -> dict:
        """An invoice event as an endpoint on an API version before 2025-03-31 receives it (a
        webhook endpoint keeps the version it was created with, whatever the client pins): the
        subscription, charge and payment intent at the top level, lines naming their
        subscription, and no `parent` anywhere."""
        event = copy.deepcopy(event)
        invoice = event["data"]["object"]
        if invoice.get("object") != "invoice":
            raise ValueError(f"{event['type']} does not carry an invoice")
        parent = invoice.pop("parent") or {}
        details = parent.get("subscription_details") or {}
        with self._lock:
            payments = self._objects["invoice_payment"].values()
            paid_by = [p["payment"] for p in payments if p["invoice"] == invoice["id"]]
            pi_id = paid_by[0]["payment_intent"] if paid_by else None
            pi = self._objects["payment_intent"].get(pi_id or "")
        invoice |= {"subscription": details.get("subscription"), "payment_intent": pi_id}
        invoice["charge"] = pi["latest_charge"] if pi else None
        invoice["subscription_details"] = {"metadata": details.get("metadata")}
        for line in invoice["lines"]["data"]:
            item = (line.pop("parent") or {}).get("subscription_item_details") or {}
            line |= {"subscription": item.get("subscription"), "type": "subscription"}
            line |= {"subscription_item": item.get("subscription_item")}
        event["api_version"] = "2024-06-20"
        return event

    def signed(
        self, event: dict, *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        """The body and Stripe-Signature header Stripe would send: `t=<ts>,v1=<hmac>`.
        The timestamp is real time, not `clock`: receivers check it against their own clock."""
        body = json.dumps(event, indent=2).encode()
        timestamp = int(time.time()) if timestamp is None else timestamp
        key = (self.webhook_secret if secret is None else secret).encode()
        signature = hmac.new(key, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        return body, f"t={timestamp},v1={signature}"

    def deliver(self, event: dict) -> int:
        """POST the signed event to webhook_url and return the HTTP status. Like Stripe, it does
        not follow redirects: a 301 from the app is a failed delivery, returned as 301."""
        if not self.webhook_url:
            raise RuntimeError("set fake.webhook_url before delivering events")
        body, signature = self.signed(event)
        headers = {"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature}
        headers["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
        request = urllib.request.Request(self.webhook_url, body, headers, method="POST")
        try:
            with _OPENER.open(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if 200 <= status < 300:
            with self._lock:
                for stored in self.events:
                    if stored["id"] == event["id"]:
                        stored["pending_webhooks"] = 0
        return status

    # -- the HTTP API -----------------------------------------------------------------------------

    def _handle_api(self, method: str, path: str, query: str, body: bytes, headers: dict):
        """Answer one /v1/ call with (status, headers, JSON-able body), checking in Stripe's
        order: API key, then Idempotency-Key, then the request itself."""
        params = decode_form(parse_qsl(body.decode() if method == "POST" else query, True))
        lower = {k.lower(): v for k, v in headers.items()}
        key = lower.get("idempotency-key", "").strip() or None
        request = {"id": new_id("req_", 14), "idempotency_key": key}
        reply_headers = {"Request-Id": request["id"], "Stripe-Version": API_VERSION}
        received = Request(method, path, params, dict(headers), key)
        with self._lock:
            self.requests.append(received)
            delay = self._take_rule("delay", path)
            observer = self.on_request
        if observer is not None:
            observer(received)
        if delay:
            time.sleep(delay.seconds)
        try:
            with self._lock:
                self._check_auth(lower.get("authorization", ""))
                self._check_version(lower.get("stripe-version"))
                if failure := self._take_rule("fail", path):
                    raise _injected(failure.status)
                if method != "POST":
                    return 200, reply_headers, self._route(method, path, params, request)
                if key is None:
                    raise bad("Idempotency-Key header required by this fake")
                reply_headers["Idempotency-Key"] = key
                if key in self._idempotent:
                    first_path, first_params, response = self._idempotent[key]
                    if (first_path, first_params) != (path, params):
                        raise FakeStripeError(
                            400,
                            "Keys for idempotent requests can only be used with the same "
                            "parameters they were first used with. Try using a key other than "
                            f"'{key}' if you meant to execute a different request.",
                            type="idempotency_error",
                        )
                    return 200, reply_headers | {"Idempotent-Replayed": "true"}, response
                response = self._route(method, path, params, request)
                # Only successes are kept: Stripe stores nothing for a request it rejected.
                self._idempotent[key] = (path, params, response)
                return 200, reply_headers, response
        except FakeStripeError as error:
            return error.status, reply_headers, error.body()

    def _check_auth(self, authorization: str) -> None:
        """401s. Stripe types them invalid_request_error; the client raises AuthenticationError."""
        given = authorization.removeprefix("Bearer ").strip()
        if not authorization.startswith("Bearer ") or not given:
            message = "You did not provide an API key. You need to provide your API key in the "
            message += "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            raise FakeStripeError(401, message + "YOUR_SECRET_KEY').")
        if not hmac.compare_digest(given.encode(), self.api_key.encode()):
            raise FakeStripeError(401, f"Invalid API Key provided: {given[:8]}****{given[-4:]}")

    def _check_version(self, version: str | None) -> None:
        """Stripe would answer a client pinned to another version in that version's shapes; the
        fake knows one version's, so it refuses rather than answer in shapes the client
        misreads. No header means the account's default version: this one."""
        if version and version != API_VERSION:
            message = f"This fake answers in API version {API_VERSION} only (the installed "
            raise bad(message + f"stripe package's), not {version}.")

    def _route(self, method: str, path: str, params: dict, request: dict) -> Any:
        rest = path.removeprefix("/v1/").rstrip("/")
        match = re.fullmatch(r"(.+)/([\w-]+)", rest)
        collection, object_id = match.groups() if match else (rest, "")
        kind = COLLECTIONS.get(collection)
        if (method, rest) == ("POST", "checkout/sessions"):
            result = self._create_checkout_session(params)
        elif (method, rest) == ("POST", "billing_portal/sessions"):
            result = self._create_portal_session(params)
        elif (method, rest) == ("POST", "refunds"):
            result = self._api_refund(params, request)
        elif (method, rest) == ("GET", "events"):
            return self._list_events(params)
        elif (method, rest) == ("GET", "invoice_payments"):
            result = self._list_invoice_payments(params)
        elif (method, collection) == ("GET", "events"):
            _check_params(stripe.params.EventRetrieveParams, params)
            if (result := self._find(object_id) if object_id.startswith("evt_") else None) is None:
                raise no_such("event", object_id)
        elif method == "GET" and re.fullmatch(r"checkout/sessions/[\w-]+/line_items", rest):
            _check_params(stripe.params.checkout.SessionLineItemListParams, params)
            return self._includable(self._get("checkout.session", rest.split("/")[2]), "line_items")
        elif (method, kind) == ("POST", "subscription"):
            _check_params(stripe.params.SubscriptionUpdateParams, params)
            self._change_subscription(object_id, params, request)
            result = self._get(kind, object_id)
        elif (method, kind) == ("DELETE", "subscription"):
            _check_params(stripe.params.SubscriptionCancelParams, params)
            cancellation = (
                _cancellation_details(params) if "cancellation_details" in params else None
            )
            self._cancel_subscription(object_id, request, cancellation)
            result = self._get(kind, object_id)
        elif method == "GET" and kind and object_id:
            _check_params(_retrieve_params(kind), params)
            result = self._get(kind, object_id)
        else:
            message = f"Unrecognized request URL ({method}: {path}). Please see "
            raise FakeStripeError(404, message + "https://stripe.com/docs.")
        result = copy.deepcopy(result)
        expand = params.get("expand", [])
        for expand_path in [expand] if isinstance(expand, str) else expand:
            self._expand(result, expand_path)
        return result

    def _create_checkout_session(self, p: dict) -> dict:
        """Validate like Stripe (required params, types, mode rules, minimum amount), then store
        an open session with its inline product and price."""
        _check_params(stripe.params.checkout.SessionCreateParams, p)
        mode = _text(p, "mode")
        if mode not in ("payment", "subscription"):
            raise bad(f"Invalid mode: this fake knows payment and subscription, not {mode}", "mode")
        for url_param in ("success_url", "cancel_url"):
            if not re.match(r"https?://[^/\s]+", _text(p, url_param)):
                raise bad("Not a valid URL", url_param, "url_invalid")
        if not isinstance(p.get("line_items"), list):
            raise _missing("line_items")
        if len(p["line_items"]) > 1:
            raise bad("This fake supports exactly one line item.", "line_items")
        data = "line_items[0][price_data]"
        currency = _text(p, f"{data}[currency]").lower()
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise bad(f"Invalid currency: {currency}.", f"{data}[currency]")
        unit_amount = _integer(p, f"{data}[unit_amount]", minimum=1)
        product_name = _text(p, f"{data}[product_data][name]")
        quantity = _integer(p, "line_items[0][quantity]", minimum=1)
        interval = None
        if mode == "payment" and _lookup(p, f"{data}[recurring]") is not None:
            message = "You specified `payment` mode but passed a recurring price. Either switch "
            raise bad(message + "to `subscription` mode or use only one-time prices.", "mode")
        if mode == "subscription":
            interval = _text(p, f"{data}[recurring][interval]")
            if interval not in ("day", "week", "month", "year"):
                message = "Invalid recurring[interval]: must be one of day, week, month, or year"
                raise bad(message, f"{data}[recurring][interval]")
        for option, only_in in (
            ("payment_intent_data", "payment"),
            ("customer_creation", "payment"),
            ("subscription_data", "subscription"),
        ):
            if option in p and mode != only_in:
                raise bad(f"You can only use `{option}` in `{only_in}` mode.", option)
        if p.get("customer_creation", "if_required") not in ("if_required", "always"):
            message = "Invalid customer_creation: must be one of always or if_required"
            raise bad(message, "customer_creation")
        amount = unit_amount * quantity
        if amount < MINIMUM_CHARGE.get(currency, 1):
            message = "The Checkout Session's total amount due must add up to at least "
            raise bad(message + format_amount(MINIMUM_CHARGE[currency], currency), "line_items")
        metadata = _metadata(p, "metadata") or {}
        subscription_metadata = _metadata(p, "subscription_data[metadata]") or {}
        payment_intent_metadata = _metadata(p, "payment_intent_data[metadata]") or {}

        session_id = new_id("cs_test_a1", 56)
        price = self._price(self._product(product_name)["id"], currency, unit_amount, interval)
        line_item = {"id": new_id("li_"), "object": "item", "amount_discount": 0}
        line_item |= {"amount_subtotal": amount, "amount_tax": 0, "amount_total": amount}
        line_item |= {"currency": currency, "description": product_name}
        line_item |= {"price": copy.deepcopy(price), "quantity": quantity}
        self._extra[session_id] = {"price": price, "quantity": quantity, "line_items": [line_item]}
        self._extra[session_id]["subscription_metadata"] = subscription_metadata
        self._extra[session_id]["payment_intent_metadata"] = payment_intent_metadata
        session = _nulls("customer customer_details invoice payment_intent subscription")
        session |= {"id": session_id, "object": "checkout.session", "amount_subtotal": amount}
        session |= {"amount_total": amount, "cancel_url": p["cancel_url"]}
        session |= {"client_reference_id": p.get("client_reference_id"), "created": self.clock}
        creation = p.get("customer_creation", "if_required") if mode == "payment" else None
        session |= {"currency": currency, "customer_creation": creation}
        session |= {"customer_email": p.get("customer_email"), "livemode": False}
        session |= {"expires_at": self.clock + 24 * 3600, "locale": p.get("locale")}
        session |= {"metadata": metadata, "mode": mode, "payment_method_types": ["card"]}
        session |= {"payment_status": "unpaid", "status": "open"}
        session |= {"submit_type": p.get("submit_type"), "success_url": p["success_url"]}
        session |= {"ui_mode": "hosted", "url": f"{self.url}/checkout/{session_id}"}
        return self._put(session)

    def _create_portal_session(self, p: dict) -> dict:
        _check_params(stripe.params.billing_portal.SessionCreateParams, p)
        customer = _text(p, "customer")
        if customer not in self._objects["customer"]:
            raise no_such("customer", customer, "customer")
        portal = {"id": new_id("bps_"), "object": "billing_portal.session"}
        portal |= {"configuration": "bpc_fake", "created": self.clock, "customer": customer}
        portal |= {"flow": self._portal_flow(p, customer)}
        portal |= {"livemode": False, "locale": p.get("locale")}
        portal |= {"on_behalf_of": None, "return_url": _text(p, "return_url")}
        return self._put(portal | {"url": f"{self.url}/portal/{portal['id']}"})

    def _portal_flow(self, p: dict, customer: str) -> dict | None:
        """A portal session's `flow`, from flow_data: the one flow the session opens on, with
        the checks Stripe makes (a subscription flow names a subscription of this customer's).
        After completion the portal's home page unless flow_data says otherwise."""
        if "flow_data" not in p:
            return None
        kind = _text(p, "flow_data[type]")
        subscription_kinds = (
            "subscription_cancel",
            "subscription_pause",
            "subscription_update",
            "subscription_update_confirm",
        )
        if kind not in ("customer_update", "payment_method_update", *subscription_kinds):
            raise bad(f"Invalid flow_data[type]: {kind}", "flow_data[type]")
        flow = {"type": kind, "customer_update": None} | dict.fromkeys(subscription_kinds)
        for other in subscription_kinds:
            if other != kind and _lookup(p, f"flow_data[{other}]") is not None:
                message = f"flow_data[{other}] can only be set when flow_data[type]={other}."
                raise bad(message, f"flow_data[{other}]")
        if kind in subscription_kinds:
            sub_id = _text(p, f"flow_data[{kind}][subscription]")
            sub = self._objects["subscription"].get(sub_id)
            if sub is None or sub["customer"] != customer:
                raise no_such("subscription", sub_id, f"flow_data[{kind}][subscription]")
            flow[kind] = copy.deepcopy(p["flow_data"][kind])
        elif kind == "customer_update":
            flow["customer_update"] = {}
        after = {"type": "portal_homepage", "hosted_confirmation": None, "redirect": None}
        if (wanted := _lookup(p, "flow_data[after_completion][type]")) is not None:
            if wanted not in ("hosted_confirmation", "portal_homepage", "redirect"):
                raise bad(
                    f"Invalid after_completion[type]: {wanted}", "flow_data[after_completion]"
                )
            after["type"] = wanted
            if wanted == "redirect":
                url = _text(p, "flow_data[after_completion][redirect][return_url]")
                after["redirect"] = {"return_url": url}
            if wanted == "hosted_confirmation":
                message = _lookup(
                    p, "flow_data[after_completion][hosted_confirmation][custom_message]"
                )
                after["hosted_confirmation"] = {"custom_message": message}
        flow["after_completion"] = after
        return flow

    def _api_refund(self, p: dict, request: dict) -> dict:
        _check_params(stripe.params.RefundCreateParams, p)
        if "charge" in p:
            pi_id, param = self._get("charge", p["charge"])["payment_intent"], "charge"
        else:
            pi_id, param = _text(p, "payment_intent"), "payment_intent"
        amount = _integer(p, "amount", minimum=1) if "amount" in p else None
        refund, _ = self._refund(pi_id, amount, request, param)
        refund |= {"metadata": _metadata(p, "metadata") or {}, "reason": p.get("reason")}
        return refund

    def _list_invoice_payments(self, p: dict) -> dict:
        """The invoice payments of an invoice, or made by one PaymentIntent: the one way to learn
        which invoice a payment paid, since neither charges nor PaymentIntents name it. Filters
        as Stripe does; paging is not modelled (one invoice here has at most one payment)."""
        _check_params(stripe.params.InvoicePaymentListParams, p)
        payments = list(self._objects["invoice_payment"].values())[::-1]
        if "invoice" in p:
            payments = [x for x in payments if x["invoice"] == _text(p, "invoice")]
        if "payment" in p:
            kind = _text(p, "payment[type]")
            payments = [x for x in payments if x["payment"]["type"] == kind]
            if (paid_by := _lookup(p, "payment[payment_intent]")) is not None:
                payments = [x for x in payments if x["payment"].get("payment_intent") == paid_by]
        if "status" in p:
            payments = [x for x in payments if x["status"] == _text(p, "status")]
        limit = _integer(p, "limit", minimum=1, maximum=100) if "limit" in p else 10
        return {
            "object": "list",
            "data": payments[:limit],
            "has_more": len(payments) > limit,
            "url": "/v1/invoice_payments",
        }

    def _list_events(self, p: dict) -> dict:
        """Newest first, filtered, then paged with starting_after/ending_before like any list."""
        _check_params(stripe.params.EventListParams, p)
        limit = _integer(p, "limit", minimum=1, maximum=100) if "limit" in p else 10
        events = self.events[::-1]
        created = p.get("created")
        if isinstance(created, str):
            created = {"eq": created}
        tests = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}
        for op, test in (tests | {"eq": int.__eq__}).items():
            if isinstance(created, dict) and op in created:
                bound = _integer(p, "created" if op == "eq" else f"created[{op}]")
                events = [e for e in events if test(e["created"], bound)]
        types = p.get("types") or p.get("type")
        if types:
            patterns = [re.escape(t).replace(r"\*", ".*") for t in _as_list(types)]
            events = [e for e in events if any(re.fullmatch(pat, e["type"]) for pat in patterns)]
        ids = [e["id"] for e in events]
        for cursor in ("starting_after", "ending_before"):
            if cursor in p and p[cursor] not in ids:
                raise no_such("event", p[cursor], cursor)
        if "starting_after" in p:
            events = events[ids.index(p["starting_after"]) + 1 :]
        elif "ending_before" in p:
            events = events[: ids.index(p["ending_before"])][-limit:]
        data = copy.deepcopy(events[:limit])
        return {
            "object": "list",
            "data": data,
            "has_more": len(events) > limit,
            "url": "/v1/events",
        }

    # -- browser pages ----------------------------------------------------------------------------

    def _handle_page(self, method: str, path: str, body: bytes):
        """The hosted pages a reader's browser visits: (status, headers, HTML or None)."""
        if match := re.fullmatch(r"/checkout/([\w-]+)(/pay)?", path):
            session_id, pay = match.groups()
            with self._lock:
                session = copy.deepcopy(self._objects["checkout.session"].get(session_id))
            if session is None:
                return 404, {}, _page("Not found", "<p>No such Checkout Session.</p>")
            done = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
            if pay and method == "POST":
                email = dict(parse_qsl(body.decode())).get("email") or "reader@example.org"
                if session["status"] == "open":
                    events = self.complete_checkout(session_id, email=email)
                    for event in events if self.webhook_url else []:
                        # A failed delivery is Stripe's problem (it retries); the reader moves on.
                        with contextlib.suppress(Exception):
                            self.deliver(event)
                return 303, {"Location": done}, None
            if method == "GET" and not pay:
                price = self._extra[session_id]["price"]
                interval = price["recurring"]["interval"] if price["recurring"] else None
                return 200, {}, _checkout_page(session, done, interval)
        if match := re.fullmatch(r"/portal/([\w-]+)", path):
            with self._lock:
                portal = copy.deepcopy(self._objects["billing_portal.session"].get(match[1]))
            if portal and method == "GET":
                back = html.escape(portal["return_url"])
                text = f"<p>Customer {html.escape(portal['customer'])}</p>\n"
                if portal["flow"]:
                    text += f"<p>Flow: {html.escape(portal['flow']['type'])}</p>\n"
                return (
                    200,
                    {},
                    _page("Fake billing portal", text + f'<p><a href="{back}">Return</a></p>'),
                )
        return 404, {}, _page("Not found", "<p>Nothing here.</p>")


# -- reading parameters, with Stripe's error messages ---------------------------------------------


def _lookup(params: dict, name: str) -> Any:
    """Fetch `a[b][0][c]` from decoded params; None if any step is missing."""
    node: Any = params
    for part in re.findall(r"[^\[\]]+", name):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def _missing(param: str) -> FakeStripeError:
    return bad(f"Missing required param: {param}.", param, "parameter_missing")


def _text(params: dict, name: str) -> str:
    value = _lookup(params, name)
    if value is None or value == "":
        raise _missing(name)
    if not isinstance(value, str):
        raise bad(f"Invalid string: {value!r}", name)
    return value


def _integer(params: dict, name: str, minimum: int | None = None, maximum: int | None = None):
    value = _text(params, name)
    if not re.fullmatch(r"-?\d+", value):
        raise bad(f"Invalid integer: {value}", name, "parameter_invalid_integer")
    if minimum is not None and int(value) < minimum:
        raise bad(f"This value must be greater than or equal to {minimum}.", name)
    if maximum is not None and int(value) > maximum:
        raise bad(f"This value must be less than or equal to {maximum}.", name)
    return int(value)


def _boolean(value: Any, name: str) -> bool:
    if value not in ("true", "false"):
        raise bad(f"Invalid boolean: {value}", name)
    return value == "true"


def _cancellation_details(params: dict) -> dict:
    """cancellation_details[feedback] and [comment] as given ("" unsets one, as at Stripe)."""
    given = params["cancellation_details"]
    if not isinstance(given, dict):
        raise bad("Invalid hash", "cancellation_details")
    return {key: given[key] or None for key in ("feedback", "comment") if key in given}


def _as_list(value: Any) -> list:
    return [value] if isinstance(value, str) else list(value)


def _metadata(params: dict, name: str) -> dict | None:
    """Metadata with Stripe's limits: 50 keys, keys up to 40 and values up to 500 characters."""
    value = _lookup(params, name)
    if value is None or value == "":
        return None if value is None else {}
    if not isinstance(value, dict) or len(value) > 50:
        raise bad("Invalid hash, or more than 50 metadata keys.", name)
    for key, item in value.items():
        if len(key) > 40 or not isinstance(item, str) or len(item) > 500:
            message = "Metadata keys can have up to 40 characters, and values up to 500."
            raise bad(message, f"{name}[{key}]")
    return dict(value)


def _check_params(params_type: type, params: dict) -> None:
    """Refuse, as Stripe does, anything the pinned API version's type for this call does not
    allow. What it allows and the fake does not model is accepted and ignored."""
    try:
        check_params(params_type, params)
    except ParamRefused as refusal:
        raise bad(refusal.message, refusal.param, refusal.code) from None


def _retrieve_params(kind: str) -> type:
    """The type of GET /v1/<collection>/<id>'s parameters, which the stripe package names after
    the object: "checkout.session" -> stripe.params.checkout.SessionRetrieveParams."""
    *namespace, name = kind.split(".")
    module = stripe.params
    for part in namespace:
        module = getattr(module, part)
    return getattr(module, name.title().replace("_", "") + "RetrieveParams")


def _injected(status: int) -> FakeStripeError:
    """The error Stripe sends with a given HTTP status; the client picks its exception class
    from the status. Stripe documents four error types: rate limiting is an
    invalid_request_error with code "rate_limit", outages are api_error."""
    if status == 429:
        message = "Request rate limit exceeded. Learn more: https://stripe.com/docs/rate-limits"
        return FakeStripeError(429, message, code="rate_limit")
    if status == 402:
        return FakeStripeError(
            402, "Your card was declined.", type="card_error", code="card_declined"
        )
    message = f"Simulated HTTP {status} (FakeStripe.fail_next)."
    return FakeStripeError(
        status, message, type="api_error" if status >= 500 else "invalid_request_error"
    )


# -- HTML -----------------------------------------------------------------------------------------


# On every page a browser sees, so that no one takes the demo's Checkout for a real one. The
# app's own giving pages say the same words when it is pointed at this server (STRIPE_DEMO).
DEMO_NOTICE = "Demo payments: no money moves"


def _page(title: str, body: str) -> str:
    notice = (
        f"<header><p><strong>{DEMO_NOTICE}.</strong> This is the project's own test-mode "
        "payment server: no card is asked for and nothing is charged.</p></header>\n"
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title></head>\n"
        f"<body>\n{notice}<main>\n<h1>{html.escape(title)}</h1>\n{body}\n</main></body>\n"
        "</html>\n"
    )


def _checkout_page(session: dict, success_url: str, interval: str | None) -> str:
    """Just enough of Stripe's hosted page for a browser test: amount, email, Pay, Cancel."""
    amount = format_amount(session["amount_total"], session["currency"])
    amount += f" per {interval}" if interval else ""
    if session["status"] != "open":
        link = f'<p><a href="{html.escape(success_url)}">Return to the site</a></p>'
        return _page("Fake Stripe Checkout", f"<p>This checkout is complete.</p>\n{link}")
    email = html.escape(session["customer_email"] or "reader@example.org")
    action = f"/checkout/{html.escape(session['id'])}/pay"
    body = (
        f"<p>Amount: <strong>{html.escape(amount)}</strong></p>\n"
        f'<form method="post" action="{action}">\n<p><label for="email">Email</label>\n'
        f'<input id="email" name="email" type="email" autocomplete="email" value="{email}" '
        'required></p>\n<p><button type="submit">Pay</button></p>\n</form>\n'
        f'<p><a href="{html.escape(session["cancel_url"])}">Cancel</a></p>'
    )
    return _page("Fake Stripe Checkout", body)


# -- the HTTP server ------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Webhook deliveries: never through a proxy (it's all 127.0.0.1), never following redirects.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for a request asleep in delay_next()

    def __init__(self, fake: FakeStripe, address: tuple[str, int]):
        super().__init__(address, _Handler)
        self.fake = fake

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # not a client that gave up
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # quiet: tests read fake.requests instead
        pass

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        fake, url = self.server.fake, urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            if url.path.startswith("/v1/"):
                headers = dict(self.headers.items())
                status, reply, payload = fake._handle_api(
                    method, url.path, url.query, body, headers
                )
                content, ctype = json.dumps(payload, indent=2).encode(), "application/json"
            else:
                status, reply, page = fake._handle_page(method, url.path, body)
                content, ctype = (page or "").encode(), "text/html; charset=utf-8"
        except Exception as error:  # a bug in the fake: say so loudly, in Stripe's error shape
            traceback.print_exc()
            status, reply, ctype = 500, {}, "application/json"
            content = json.dumps({"error": {"type": "api_error", "message": repr(error)}}).encode()
        self.send_response(status)
        for name, value in reply.items():
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
