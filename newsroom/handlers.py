"""Stripe's webhook under WSGI (gunicorn): answered before Django's handler (newsroom/wsgi.py).

A delivery is answered to Stripe, never to a reader or an editor: none of the layers a page
passes (the middleware: page cache, security headers, sessions, CSRF, the support state, staff's
second factor, django-axes), nor Django's request object, URL resolution and response, has
anything to do for it, and together they cost more CPU than the delivery's own work (a signature
check and one insert). So a POST to the webhook's exact address is read here, as WSGI hands it
over, and answered with what `donations.webhooks.webhook_answer` says: the same function, and
so the same answers, as the view that the test client, runserver and ASGI reach
(donations.views.stripe_webhook). Everything else, other methods at that address included, goes
to `application`.

What Django's handler does around a request that matters here is done too, directly: the
database connection is checked before and after each delivery (kept between deliveries, closed
past CONN_MAX_AGE or after an error), as Django's receivers of its request_started and
request_finished signals check it, and the queries a DEBUG server logs are reset. Sending the
signals took 0.047 ms a delivery (about 6% of a gunicorn worker's CPU for one), nearly all of it in
receivers with nothing to do for a delivery: closing caches and resetting the URLconf (which
the request that used them did at its own end), resetting the page fragments' version (read
again by the next page's request). One thing is done differently:
Django's health check (CONN_HEALTH_CHECKS: a `SELECT 1` before a request's first statement)
would be a second round trip beside the delivery's one statement, so it is skipped, and a
statement that fails because the kept connection was lost (the database restarted, a proxy
dropped it) is run once more on a new connection: safe, as storing an event is idempotent. An
unexpected error is logged as Django logs a server error (ADMINS are mailed) and answered 500,
which Stripe retries.
"""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connection, connections
from django.urls import reverse

from donations.webhooks import webhook_answer

logger = logging.getLogger("django.request")

REASONS = {200: "OK", 400: "Bad Request", 500: "Internal Server Error", 503: "Service Unavailable"}


class StripeWebhookRouter:
    """Answers POSTs to Stripe's webhook itself; sends every other request to `application`."""

    def __init__(self, application):
        self.application = application
        self.path = reverse("donations:stripe_webhook")

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "POST":
            return self.application(environ, start_response)
        db = connections[DEFAULT_DB_ALIAS]  # once: each `connection.x` finds it again
        db.queries_log.clear()
        _close_if_unusable_or_obsolete(db)
        try:
            status, text = _answer(environ)
        except Exception:
            logger.error(
                "Internal Server Error: %s", self.path, exc_info=True, extra={"status_code": 500}
            )
            status, text = 500, "The delivery could not be stored; please retry."
        finally:
            _close_if_unusable_or_obsolete(db)
        body = text.encode()
        start_response(
            f"{status} {REASONS[status]}",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("X-Content-Type-Options", "nosniff"),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]


def _close_if_unusable_or_obsolete(db) -> None:
    """What django.db.close_old_connections does for the one connection a delivery uses. Not
    inside a transaction: a delivery never starts in one but in a test's, which, as Django's test
    client does, leaves the connection to the test."""
    if not db.in_atomic_block:
        db.close_if_unusable_or_obsolete()


def _answer(environ) -> tuple[int, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 400, "Invalid Content-Length."
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:  # as Django refuses a body too large to read
        return 400, "The body is too large."
    payload = environ["wsgi.input"].read(length) if length > 0 else b""
    signature = environ.get("HTTP_STRIPE_SIGNATURE")
    try:
        connection.health_check_done = True  # see above: the statement itself is the check
        return webhook_answer(payload=payload, signature=signature)
    except (InterfaceError, OperationalError):
        if connection.connection is None or connection.is_usable():
            raise  # not a lost connection
        connection.close()
        return webhook_answer(payload=payload, signature=signature)
