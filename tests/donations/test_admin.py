import csv
import io

import pytest

from donations.models import Donation
from tests.factories import DonationFactory, DonorFactory

pytestmark = pytest.mark.django_db

EXPORT = "/admin/donations/donation/export.csv"


def _export(client, **filters):
    response = client.get(EXPORT, filters)
    assert response["Content-Type"] == "text/csv"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


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
    # Received $50 + $30 + $25 + $5.50 + $40; refunded $10 + $25; kept $115.50. The failed €7
    # brought nothing: the euros are the €15 and €20 paid.
    assert "<strong>$115.50</strong> USD ($150.50 received in 5 payments, $35 refunded)" in totals
    assert "<strong>€35</strong> EUR (€35 received in 2 payments)" in totals


def test_the_csv_export_has_refunds_cents_failed_payments_and_iso_dates(admin_client, ledger):
    rows = {
        row["stripe_checkout_session_id"] or row["stripe_invoice_id"]: row
        for row in _export(admin_client)
    }

    assert rows["cs_cents"] == {
        "paid_at": "2026-03-16T12:00:00+00:00",
        "email": "rosa@example.org",
        "amount": "5.50",
        "fee_covered": "0",
        "amount_refunded": "0",
        "currency": "USD",
        "kind": "once",
        "status": "paid",
        "prompt": "banner-b",
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
    usd_from_the_19th = _export(
        admin_client, currency__exact="usd", paid_at__gte="2026-03-19 00:00:00+00:00"
    )
    searched = _export(admin_client, q="cs_refund")

    assert [row["stripe_invoice_id"] for row in failed] == ["in_failed"]
    assert [row["stripe_checkout_session_id"] for row in usd_from_the_19th] == ["cs_full_refund"]
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


def test_the_csv_export_writes_an_address_a_spreadsheet_would_run_as_text(admin_client):
    DonationFactory(donor=DonorFactory(email="=cmd|'/c calc'!A0@example.org"), prompt="-banner")

    (row,) = _export(admin_client)

    assert row["email"] == "'=cmd|'/c calc'!A0@example.org"
    assert row["prompt"] == "'-banner"
