import csv
import io

import pytest

from donations.models import Donation

pytestmark = pytest.mark.django_db


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

    assert "<strong>$35</strong> USD (2 gifts)" in html
    assert "<strong>€5</strong> EUR (1 gift)" in html
    assert "<strong>£7.50</strong> GBP (1 gift)" in html


def test_the_donation_list_filters_by_kind_and_searches_by_email(admin_client, gifts):
    recurring = admin_client.get("/admin/donations/donation/", {"kind__exact": "recurring"})
    by_email = admin_client.get("/admin/donations/donation/", {"q": "gbp@example"})

    assert list(recurring.context["cl"].queryset.values_list("currency", flat=True)) == ["eur"]
    assert list(by_email.context["cl"].queryset.values_list("currency", flat=True)) == ["gbp"]


def test_the_csv_export_follows_the_filters(admin_client, gifts):
    response = admin_client.get("/admin/donations/donation/export.csv", {"currency__exact": "usd"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"] == "text/csv"
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
