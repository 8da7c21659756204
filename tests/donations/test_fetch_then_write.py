"""Fetch, then write: no Stripe call while our database transaction (or a row lock) is open.

A transaction held open across a network call keeps its row locks for as long as Stripe takes,
so one slow answer stalls every delivery and page that needs those rows. The fake Stripe asks
PostgreSQL itself, at the moment each call arrives, whether any connection to the test database
other than its own is inside a transaction: nothing in the app is patched or trusted to report.
"""

import psycopg
import pytest
from django.db import connection

from donations.models import Donation, RecurringDonation


@pytest.fixture
def transactions_open_at_each_stripe_call(fake_stripe):
    settings = connection.settings_dict
    seen = []

    def observe(request):
        with psycopg.connect(
            dbname=settings["NAME"],
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
        ) as watcher:
            (open_transactions,) = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'",
                [settings["NAME"]],
            ).fetchone()
        seen.append((request.method, request.path, open_transactions))

    fake_stripe.on_request = observe
    yield seen
    fake_stripe.on_request = None


@pytest.mark.django_db(transaction=True)  # the app's own transactions, not the test's
def test_no_stripe_call_is_made_while_a_transaction_is_open(
    transactions_open_at_each_stripe_call, start_checkout, fake_stripe, deliver, visit_thanks
):
    by_webhook = start_checkout("monthly", "5", "usd")
    by_page = start_checkout("annual", "50", "usd")
    for event in fake_stripe.complete_checkout(by_webhook["id"]):
        assert deliver(event).status_code == 200
    fake_stripe.complete_checkout(by_page["id"])
    assert visit_thanks(by_page["id"]).status_code == 200
    subscription_id = RecurringDonation.objects.get(interval="month").stripe_subscription_id
    renewal = fake_stripe.renew(subscription_id)[0]
    renewal["data"]["object"]["parent"] = None  # read again from Stripe
    assert deliver(renewal).status_code == 200
    refunded_renewal = fake_stripe.renew(subscription_id)[0]
    invoice_id = refunded_renewal["data"]["object"]["id"]
    payments = fake_stripe.objects("invoice_payment").values()
    paid_by = next(p["payment"]["payment_intent"] for p in payments if p["invoice"] == invoice_id)
    for event in [*fake_stripe.refund(paid_by), refunded_renewal]:  # the refund first
        assert deliver(event).status_code == 200

    seen = transactions_open_at_each_stripe_call
    assert Donation.objects.count() == 4
    assert Donation.objects.get(stripe_invoice_id=invoice_id).status == "refunded"
    assert {(method, path.split("/")[2]) for method, path, _ in seen} >= {
        ("POST", "checkout"),
        ("GET", "checkout"),
        ("GET", "subscriptions"),
        ("GET", "invoices"),
        ("GET", "invoice_payments"),
    }
    assert [call for call in seen if call[2]] == []
