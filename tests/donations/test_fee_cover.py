"""Covering the card fee: the figure, the support form and the appeal, the charge through the
fake Stripe, what is recorded, and what the meter, the receipts and the dashboard show."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command

from donations.giving import fee_cover
from donations.models import Donation, RecurringDonation
from donations.reports import goal_covered, monthly_recurring_revenue
from tests.factories import ArticleFactory, PromptFactory

pytestmark = pytest.mark.django_db

SUPPORT = "/support/"
THANKS = "/support/thanks/"
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rates(settings):
    settings.DONATION_CURRENCIES = ["usd", "eur", "gbp", "jpy", "kwd", "isk", "chf"]
    settings.DONATION_FEE_RATES = {
        "usd": {"percent": 2.9, "fixed": 0.30},
        "eur": {"percent": 1.5, "fixed": 0.25},
        "gbp": {"percent": 1.5, "fixed": 0.20},
        "jpy": {"percent": 3.6},
        "kwd": {"percent": 2.9},
        "isk": {"percent": 2.9, "fixed": 30},
    }
    return settings.DONATION_FEE_RATES


def _deliver_all(deliver, events):
    for event in events:
        response = deliver(event)
        assert response.status_code == 200, (event["type"], response.content)
        assert response.outcome != "failed", event["type"]


# The figure


@pytest.mark.parametrize(
    ("amount", "currency", "fee"),
    [
        (500, "usd", 46),  # (500 + 30) / 0.971 = 545.83: charged 546
        (100, "usd", 34),  # (100 + 30) / 0.971 = 133.88: charged 134
        (100_000_000, "usd", 2_986_643),  # $1,000,000: no float rounding at the top
        (1000, "eur", 41),  # (1000 + 25) / 0.985 = 1040.61: charged 1041
        (1000, "jpy", 38),  # zero-decimal: (1000 + 0) / 0.964 = 1037.34 yen, charged ¥1,038
        (1, "jpy", 1),  # the smallest yen still covers its fee
        (5000, "kwd", 150),  # three-decimal, charged in tens of fils: 5149.33 -> 5150
        (100_000, "isk", 6_100),  # whole krónur only: (1000 + 30) / 0.971 = 1060.76 -> 1061 kr
    ],
)
def test_the_fee_covers_what_the_processor_takes(rates, amount, currency, fee):
    assert fee_cover(amount=amount, currency=currency) == fee

    charged = amount + fee
    rate = rates[currency]
    taken = Decimal(charged) * Decimal(str(rate["percent"])) / 100 + Decimal(
        str(rate.get("fixed", 0))
    ).scaleb({"jpy": 0, "kwd": 3}.get(currency, 2))
    assert charged - taken >= amount


def test_a_charge_that_divides_exactly_is_not_rounded_up(settings):
    settings.DONATION_FEE_RATES = {"usd": {"percent": 50}, "eur": {"fixed": 0.30}}

    assert fee_cover(amount=100, currency="usd") == 100
    assert fee_cover(amount=500, currency="eur") == 30


def test_a_currency_without_a_rate_has_no_fee_figure(rates):
    assert fee_cover(amount=500, currency="chf") is None


@pytest.mark.parametrize(
    ("rates", "message"),
    [
        ([1, 2], "DONATION_FEE_RATES is not a JSON object"),
        ({"usd": {"percent": 100}}, '"percent" is 100, not from 0 to 99.99'),
        ({"usd": {"percent": -1}}, '"percent" is -1'),
        ({"usd": {"fixed": "a lot"}}, "\"fixed\" is 'a lot'"),
        ({"usd": {"pct": 2}}, 'give "percent" and/or "fixed"'),
    ],
)
def test_bad_fee_rates_stop_the_site_starting_with_the_reason(settings, rates, message):
    settings.DONATION_FEE_RATES = rates

    errors = [e for e in run_checks() if e.id == "donations.E007"]

    assert any(message in error.msg for error in errors), [e.msg for e in errors]


def test_a_rate_for_a_currency_not_taken_is_a_warning(settings):
    settings.DONATION_FEE_RATES = {"usd": {"percent": 2.9}, "sek": {"percent": 1}}

    warnings = [e for e in run_checks() if e.id == "donations.W004"]

    assert len(warnings) == 1 and "'sek'" in warnings[0].msg


# The support form and the appeal


def test_the_support_page_offers_the_fee_for_the_amount_chosen_unticked(client, rates, fake_stripe):
    html = client.get(SUPPORT, {"amount": "5", "currency": "usd"}).content.decode()

    assert "Add $0.46 to cover the card fee" in html
    assert 'name="cover_fee" value="1" aria-describedby="fee-cover-hint">' in html  # not checked


def test_without_javascript_the_fee_follows_a_new_amount_and_currency(client, rates, fake_stripe):
    response = client.get(
        SUPPORT,
        {
            "frequency": "once",
            "amount": "1000",
            "currency": "jpy",
            "cover_fee": "1",
            "update": "amounts",
        },
    )

    html = response.content.decode()
    assert "Add ¥38 to cover the card fee" in html
    assert 'aria-describedby="fee-cover-hint" checked>' in html


def test_a_currency_without_a_rate_hides_the_fee_cover(client, rates, fake_stripe):
    html = client.get(SUPPORT, {"amount": "5", "currency": "chf"}).content.decode()

    assert 'class="support-form__group support-form__fee"' in html
    assert 'data-fee-cover="/support/fee/" hidden>' in html


def test_the_fee_words_for_scripts_are_made_on_the_server(client, rates):
    assert client.get("/support/fee/", {"amount": "5", "currency": "usd"}).json() == {
        "label": "Add $0.46 to cover the card fee"
    }
    assert client.get("/support/fee/", {"amount": "", "currency": "usd"}).json() == {
        "label": "Add the card fee (2.9% + $0.30) to my gift"
    }
    assert client.get("/support/fee/", {"amount": "5", "currency": "chf"}).json() == {"label": ""}


@pytest.mark.parametrize("currency", ["xxx", "", "<script>"])
def test_the_fee_words_refuse_a_currency_not_offered(client, rates, currency):
    response = client.get("/support/fee/", {"amount": "5", "currency": currency})

    assert response.status_code == 400
    assert response.json() == {"error": "Choose one of the currencies."}


def test_the_appeal_offers_the_fee_cover_unticked(client, rates, asks):
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert (
        '<label><input type="checkbox" name="cover_fee" value="1"> '
        "Add the card fee (2.9% + $0.30) to my gift</label>"
    ) in html


# Through Stripe


def test_an_unticked_gift_charges_the_gift_alone(rates, start_checkout, fake_stripe):
    session = start_checkout("once", "5", "usd")

    assert session["amount_total"] == 500
    assert "fee_covered" not in session["metadata"]


def test_a_covered_one_off_gift_is_charged_with_its_fee_and_recorded_as_both(
    rates, start_checkout, fake_stripe, deliver, visit_thanks
):
    session = start_checkout("once", "5", "usd", cover_fee="1")
    assert session["amount_total"] == 546
    assert {"gift_amount": "500", "fee_covered": "46"}.items() <= session["metadata"].items()

    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    html = visit_thanks(session["id"]).content.decode()

    donation = Donation.objects.get()
    assert (donation.amount, donation.fee_covered, donation.gift_amount) == (546, 46, 500)
    assert "Your gift of <strong>$5</strong> keeps" in html
    assert "You also covered the card fee of $0.46" in html and "$5.46 was charged." in html
    body = mail.outbox[0].body
    assert "your gift of $5 to" in body
    assert "You also covered the card fee of $0.46, so all of your gift reaches us: $5.46" in body


def test_the_fee_is_worked_out_again_from_the_amount_never_taken_from_the_page(
    rates, start_checkout, fake_stripe
):
    session = start_checkout(
        "once", "5", "usd", cover_fee="1", fee_minor="1", fee="1", amount_minor="1"
    )

    assert session["amount_total"] == 546


def test_a_covered_gift_in_yen_is_charged_in_whole_yen(rates, start_checkout, fake_stripe, deliver):
    session = start_checkout("once", "1000", "jpy", cover_fee="1")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))

    donation = Donation.objects.get()
    assert session["amount_total"] == 1038
    assert (donation.amount, donation.gift_amount, donation.currency) == (1038, 1000, "jpy")


def test_a_covered_monthly_gift_charges_its_fee_every_month(
    rates, start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd", cover_fee="1")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    recurring = RecurringDonation.objects.get()
    _deliver_all(deliver, fake_stripe.renew(recurring.stripe_subscription_id))

    price = fake_stripe.objects("subscription")[recurring.stripe_subscription_id]["items"]
    assert price["data"][0]["price"]["unit_amount"] == 546
    recurring.refresh_from_db()
    assert (recurring.amount, recurring.fee_covered, recurring.gift_amount) == (546, 46, 500)
    payments = Donation.objects.order_by("pk")
    assert [(d.amount, d.fee_covered, d.gift_amount) for d in payments] == [(546, 46, 500)] * 2
    assert "You also covered the card fee of $0.46" in mail.outbox[0].body
    assert "$5.46 was charged a month" in mail.outbox[0].body


def test_a_monthly_amount_changed_in_the_portal_is_all_gift(
    rates, start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd", cover_fee="1")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    recurring = RecurringDonation.objects.get()

    _deliver_all(
        deliver, fake_stripe.update_subscription(recurring.stripe_subscription_id, amount=800)
    )
    _deliver_all(deliver, fake_stripe.renew(recurring.stripe_subscription_id))

    recurring.refresh_from_db()
    assert (recurring.amount, recurring.fee_covered, recurring.gift_amount) == (800, 0, 800)
    renewal = Donation.objects.order_by("pk").last()
    assert (renewal.amount, renewal.gift_amount) == (800, 800)


# What the figures count


def test_the_meter_and_the_goal_count_the_gift_meant_not_the_fee(
    clock, rates, start_checkout, fake_stripe, deliver, client
):
    prompt = PromptFactory(monthly_goal=100, goal_currency="usd")
    for frequency in ("once", "monthly"):
        session = start_checkout(frequency, "5", "usd", cover_fee="1")
        _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))

    figure = goal_covered(prompt=prompt)

    assert figure["covered"] == 1000  # $5 + $5, not $5.46 + $5.46
    assert [row["display"] for row in monthly_recurring_revenue()] == ["$5"]


@pytest.mark.parametrize(("refunded", "covered"), [(100, 400), (500, 0), (None, 0)])
def test_a_refund_of_a_covered_gift_leaves_the_gift_net_of_it(
    clock, rates, start_checkout, fake_stripe, deliver, refunded, covered
):
    prompt = PromptFactory(monthly_goal=100, goal_currency="usd")
    session = start_checkout("once", "5", "usd", cover_fee="1")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    donation = Donation.objects.get()

    _deliver_all(deliver, fake_stripe.refund(donation.stripe_payment_intent_id, amount=refunded))

    donation.refresh_from_db()
    assert donation.amount_refunded == (refunded or 546)
    assert donation.status == ("refunded" if refunded is None else "paid")
    assert goal_covered(prompt=prompt)["covered"] == covered


def test_the_dashboard_shows_the_gifts_and_what_was_charged(
    clock, rates, start_checkout, fake_stripe, deliver, admin_client
):
    session = start_checkout("once", "5", "usd", cover_fee="1")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))

    html = admin_client.get("/admin/donations/donation/dashboard/").content.decode()

    assert "$5 <small>USD</small>" in html
    assert "charged $5.46, with $0.46 of card fees donors covered" in html


def test_existing_gifts_count_as_charged_after_the_migration(transactional_db):
    """The migration stores every earlier gift's gift meant as its charge (nothing covered)."""
    call_command("migrate", "donations", "0005", verbosity=0)
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO donations_donor (email, name, stripe_customer_id, created_at) "
                "VALUES ('a@example.org', '', 'cus_old', now()) RETURNING id"
            )
            donor = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO donations_donation (donor_id, amount, amount_refunded, currency, "
                "kind, status, paid_at, stripe_checkout_session_id, prompt, created_at, "
                "updated_at) VALUES (%s, 1234, 0, 'usd', 'once', 'paid', now(), 'cs_old', '', "
                "now(), now())",
                [donor],
            )
    finally:
        # Every app, not donations alone: going back also unapplied other apps' migrations
        # that depend on donations' later ones (articles' roles for gift changes).
        call_command("migrate", verbosity=0)

    donation = Donation.objects.get(stripe_checkout_session_id="cs_old")
    assert (donation.amount, donation.fee_covered, donation.gift_amount) == (1234, 0, 1234)


def test_the_donation_list_and_its_export_show_the_fee_covered(
    rates, start_checkout, fake_stripe, deliver, admin_client
):
    session = start_checkout("once", "5", "usd", cover_fee="1")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))

    html = admin_client.get("/admin/donations/donation/").content.decode()
    export = admin_client.get("/admin/donations/donation/export.csv")
    body = b"".join(export.streaming_content).decode()

    assert "$5.46 (gift $5 + $0.46 card fee covered)" in html
    header, row = body.splitlines()[:2]
    assert header.startswith("paid_at,email,amount,fee_covered,amount_refunded,currency")
    assert ",5.46,0.46,0,USD," in row
