import csv
import io
from datetime import UTC, datetime

import pytest

from donations.models import Donation, Donor, RecurringDonation
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

EXPORT = "/admin/donations/donation/export.csv"


def _export(client, **filters):
    response = client.get(EXPORT, filters)
    assert response["Content-Type"] == "text/csv"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def ledger():
    """Payments with a partial refund, an amount with cents and a failed renewal, at known
    times."""
    donor = Donor.objects.create(email="rosa@example.org", stripe_customer_id="cus_rosa")
    article = ArticleFactory(headline="Harbour wall repairs begin")
    Donation.objects.create(
        donor=donor,
        amount=550,
        currency="usd",
        kind="once",
        status="paid",
        paid_at=datetime(2026, 3, 18, 9, 30, tzinfo=UTC),
        stripe_checkout_session_id="cs_cents",
        stripe_payment_intent_id="pi_cents",
        prompt="banner-a",
        article=article,
    )
    Donation.objects.create(
        donor=donor,
        amount=3000,
        amount_refunded=1000,
        currency="usd",
        kind="once",
        status="paid",
        paid_at=datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
        stripe_checkout_session_id="cs_refund",
        stripe_payment_intent_id="pi_refund",
    )
    Donation.objects.create(
        donor=donor,
        amount=2500,
        amount_refunded=2500,
        currency="usd",
        kind="once",
        status="refunded",
        paid_at=datetime(2026, 3, 12, 8, 0, tzinfo=UTC),
        stripe_checkout_session_id="cs_full_refund",
    )
    recurring = RecurringDonation.objects.create(
        donor=donor,
        stripe_subscription_id="sub_late",
        amount=700,
        currency="eur",
        interval="month",
        status="past_due",
        started_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    Donation.objects.create(
        donor=donor,
        recurring=recurring,
        amount=700,
        currency="eur",
        kind="recurring",
        status="failed",
        stripe_invoice_id="in_failed",
    )
    return article


@pytest.fixture
def gifts(start_checkout, fake_stripe, deliver):
    for frequency, amount, currency in [
        ("once", "10", "usd"),
        ("once", "25", "usd"),
        ("monthly", "5", "eur"),
        ("once", "7.50", "gbp"),
    ]:
        session = start_checkout(frequency, amount, currency)
        for event in fake_stripe.complete_checkout(session["id"], email=f"{currency}@example.org"):
            deliver(event)
    return Donation.objects.all()


def test_the_donation_list_totals_each_currency_separately(admin_client, gifts):
    html = admin_client.get("/admin/donations/donation/").content.decode()

    assert "<strong>$35</strong> USD ($35 received in 2 payments)" in html
    assert "<strong>€5</strong> EUR (€5 received in 1 payment)" in html
    assert "<strong>£7.50</strong> GBP (£7.50 received in 1 payment)" in html


def test_the_donation_list_totals_are_net_of_refunds_like_the_dashboard(admin_client, ledger):
    html = admin_client.get("/admin/donations/donation/").content.decode()

    totals = html[html.index('id="donation-totals"') :]
    totals = totals[: totals.index("</p>")]
    # Received $5.50 + $30 + $25; refunded $10 + $25; kept $25.50. The failed €7 brought
    # nothing.
    assert "<strong>$25.50</strong> USD ($60.50 received in 3 payments, $35 refunded)" in totals
    assert "EUR" not in totals


def test_the_csv_export_has_refunds_cents_failed_payments_and_iso_dates(admin_client, ledger):
    rows = {
        row["stripe_checkout_session_id"] or row["stripe_invoice_id"]: row
        for row in _export(admin_client)
    }

    assert rows["cs_cents"] == {
        "paid_at": "2026-03-18T09:30:00+00:00",
        "email": "rosa@example.org",
        "amount": "5.50",
        "amount_refunded": "0",
        "currency": "USD",
        "kind": "once",
        "status": "paid",
        "prompt": "banner-a",
        "article": ledger.get_absolute_url(),
        "stripe_checkout_session_id": "cs_cents",
        "stripe_invoice_id": "",
        "stripe_payment_intent_id": "pi_cents",
    }
    assert (rows["cs_refund"]["amount"], rows["cs_refund"]["amount_refunded"]) == ("30", "10")
    assert (rows["cs_full_refund"]["status"], rows["cs_full_refund"]["amount_refunded"]) == (
        "refunded",
        "25",
    )
    assert rows["in_failed"]["status"] == "failed"
    assert rows["in_failed"]["paid_at"] == ""
    assert (rows["in_failed"]["amount"], rows["in_failed"]["currency"]) == ("7", "EUR")


def test_the_csv_export_applies_the_change_lists_filters(admin_client, ledger):
    failed = _export(admin_client, status__exact="failed")
    usd_in_march_from_the_15th = _export(
        admin_client, currency__exact="usd", paid_at__gte="2026-03-15 00:00:00+00:00"
    )
    searched = _export(admin_client, q="cs_refund")

    assert [row["stripe_invoice_id"] for row in failed] == ["in_failed"]
    assert [row["stripe_checkout_session_id"] for row in usd_in_march_from_the_15th] == ["cs_cents"]
    assert [row["stripe_checkout_session_id"] for row in searched] == ["cs_refund"]


def test_the_donation_list_filters_by_kind_and_searches_by_email(admin_client, gifts):
    recurring = admin_client.get("/admin/donations/donation/", {"kind__exact": "recurring"})
    by_email = admin_client.get("/admin/donations/donation/", {"q": "gbp@example"})

    assert list(recurring.context["cl"].queryset.values_list("currency", flat=True)) == ["eur"]
    assert list(by_email.context["cl"].queryset.values_list("currency", flat=True)) == ["gbp"]


def test_the_csv_export_follows_the_filters(admin_client, gifts):
    rows = _export(admin_client, currency__exact="usd")

    assert sorted(row["amount"] for row in rows) == ["10", "25"]
    assert {row["currency"] for row in rows} == {"USD"}
    assert all(row["paid_at"][:4].isdigit() and "T" in row["paid_at"] for row in rows)


def test_recurring_gifts_show_monthly_recurring_revenue(admin_client, gifts):
    html = admin_client.get("/admin/donations/recurringdonation/").content.decode()

    assert "<strong>€5</strong> EUR" in html


def test_money_records_cannot_be_edited_or_deleted_in_the_admin(admin_client, gifts):
    donation = gifts.first()

    assert admin_client.get("/admin/donations/donation/add/").status_code == 403
    assert admin_client.post(f"/admin/donations/donation/{donation.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/donations/donation/{donation.pk}/change/").status_code == 200


def test_staff_without_permission_cannot_export(client, gifts):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))

    assert client.get("/admin/donations/donation/export.csv").status_code == 403
