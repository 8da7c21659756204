"""The monthly upgrade (issue #12): after a one-off choice, one server-rendered step offers a
smaller monthly gift, with keeping the one-off as prominent; asked once, counted in the funnel."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import checks
from django.urls import reverse

from donations.giving import upgrade_offer
from donations.models import PromptDay
from tests.factories import PromptFactory

pytestmark = pytest.mark.django_db

SUPPORT = "/support/"
STEP = "/support/monthly/"
UPGRADE_MAX = {"usd": 100, "eur": 100, "gbp": 100, "jpy": 15000}
MOMENT = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def upgrade_on(settings):
    settings.DONATION_UPGRADE_MAX = UPGRADE_MAX


def _offer(amount, currency="usd", frequency="once"):
    return upgrade_offer(amount=Decimal(amount), currency=currency, frequency=frequency)


# The figure


@pytest.mark.parametrize(
    ("amount", "monthly"),
    [("25", "5"), ("10", "2"), ("50", "10"), ("100", "20"), ("60", "10"), ("14.99", "2")],
)
def test_the_monthly_offer_is_a_fifth_snapped_down_to_a_monthly_preset(amount, monthly):
    assert _offer(amount) == Decimal(monthly)


def test_the_offer_follows_a_currencys_own_monthly_amounts(settings):
    settings.DONATION_PRESETS = {"gbp": {"monthly": [3, 6, 12, 25]}}

    assert _offer("25", "gbp") == Decimal(3)
    assert _offer("25", "usd") == Decimal(5)


def test_a_zero_decimal_currency_is_offered_whole_yen(settings):
    settings.DONATION_CURRENCIES = ["usd", "jpy"]
    settings.DONATION_PRESETS = {"jpy": {"once": [1000, 3000, 5000], "monthly": [300, 500, 1000]}}
    settings.DONATION_LIMITS = {"jpy": {"once": {"min": 100}, "monthly": {"min": 300}}}

    assert _offer("3000", "jpy") == Decimal(500)
    assert _offer("15000", "jpy") == Decimal(1000)
    assert _offer("15001", "jpy") is None
    assert _offer("1000", "jpy") is None  # a fifth is 200 yen, below the smallest monthly gift


def test_the_offer_is_made_exactly_at_the_maximum_and_not_above():
    assert _offer("100") == Decimal(20)
    assert _offer("100.01") is None
    assert _offer("250") is None


def test_no_offer_that_would_be_below_the_smallest_monthly_gift(settings):
    assert _offer("9.99") is None  # a fifth is $1.99; the smallest monthly gift is $2
    settings.DONATION_LIMITS = {"usd": {"monthly": {"min": 5}}}
    settings.DONATION_PRESETS = {"usd": {"monthly": [5, 10, 20]}}
    assert _offer("20") is None
    assert _offer("25") == Decimal(5)


def test_no_offer_for_a_monthly_or_annual_gift_or_a_currency_not_named(settings):
    assert _offer("25", frequency="monthly") is None
    assert _offer("50", frequency="annual") is None
    settings.DONATION_UPGRADE_MAX = {"usd": 100}
    assert _offer("25", "eur") is None
    settings.DONATION_UPGRADE_MAX = {}
    assert _offer("25") is None


# The step


def _choose(client, amount="25", currency="usd", frequency="once", **extra):
    return client.post(
        SUPPORT, {"frequency": frequency, "amount": amount, "currency": currency, **extra}
    )


def _hidden(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


def test_a_one_off_choice_goes_to_the_step_instead_of_checkout(client, fake_stripe):
    response = _choose(client)

    assert response.status_code == 303
    assert response["Location"] == f"{STEP}?frequency=once&amount=25&currency=usd"
    assert fake_stripe.objects("checkout.session") == {}


def test_the_step_offers_five_dollars_a_month_and_keeping_the_gift_alike(client, fake_stripe):
    response = client.get(_choose(client)["Location"])

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    assert "<h1>Or $5 a month?</h1>" in html
    buttons = re.findall(
        r'<button class="([^"]+)" type="submit" name="upgrade" value="(\w+)">'
        r"([^<]+)</button>",
        html,
    )
    assert buttons == [
        ("button button--primary upgrade-form__choice", "monthly", "Give $5 a month"),
        ("button button--primary upgrade-form__choice", "once", "Keep my one-off gift of $25"),
    ]
    assert _hidden(html) == {"frequency": "once", "amount": "25", "currency": "usd"}
    assert "checked" not in html and "autofocus" not in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_step_carries_the_fee_cover_and_attribution(client, fake_stripe):
    prompt = PromptFactory(appeal=True)

    location = _choose(client, amount="50", cover_fee="1", prompt=prompt.key)["Location"]
    html = client.get(location).content.decode()

    assert _hidden(html) == {
        "frequency": "once",
        "amount": "50",
        "currency": "usd",
        "cover_fee": "1",
        "prompt": prompt.key,
    }
    assert "$0.61 is added to each monthly payment, or $1.81 to your one-off gift" in html


@pytest.mark.parametrize(
    ("amount", "frequency"), [("250", "once"), ("5", "once"), ("25", "monthly"), ("50", "annual")]
)
def test_gifts_the_step_does_not_apply_to_go_straight_to_checkout(
    client, fake_stripe, amount, frequency
):
    response = _choose(client, amount=amount, frequency=frequency)

    assert response.status_code == 303
    assert response["Location"].startswith(fake_stripe.url)


def test_with_the_step_off_a_one_off_goes_straight_to_checkout(client, fake_stripe, settings):
    settings.DONATION_UPGRADE_MAX = {}

    response = _choose(client)

    assert response["Location"].startswith(fake_stripe.url)


def test_taking_the_upgrade_starts_a_five_dollar_monthly_checkout(client, fake_stripe):
    response = client.post(
        STEP, {"frequency": "once", "amount": "25", "currency": "usd", "upgrade": "monthly"}
    )

    assert response.status_code == 303
    (session,) = fake_stripe.objects("checkout.session").values()
    assert session["mode"] == "subscription"
    assert (session["amount_total"], session["currency"]) == (500, "usd")
    assert session["metadata"]["frequency"] == "monthly"


def test_keeping_the_one_off_starts_its_checkout_as_chosen(client, fake_stripe):
    response = client.post(
        STEP, {"frequency": "once", "amount": "25", "currency": "usd", "upgrade": "once"}
    )

    assert response.status_code == 303
    (session,) = fake_stripe.objects("checkout.session").values()
    assert session["mode"] == "payment"
    assert (session["amount_total"], session["currency"]) == (2500, "usd")


def test_taking_it_with_the_fee_covered_covers_the_monthly_gifts_fee(client, fake_stripe):
    client.post(
        STEP,
        {
            "frequency": "once",
            "amount": "50",
            "currency": "usd",
            "cover_fee": "1",
            "upgrade": "monthly",
        },
    )

    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["mode"], session["amount_total"]) == ("subscription", 1061)
    assert session["metadata"]["gift_amount"] == "1000"


def test_taking_it_in_yen_starts_a_whole_yen_monthly_checkout(client, fake_stripe, settings):
    settings.DONATION_CURRENCIES = ["usd", "jpy"]
    settings.DONATION_PRESETS = {"jpy": {"once": [1000, 3000, 5000], "monthly": [300, 500, 1000]}}
    settings.DONATION_LIMITS = {"jpy": {"once": {"min": 100}, "monthly": {"min": 300}}}

    location = _choose(client, amount="3000", currency="jpy")["Location"]
    assert "<h1>Or ¥500 a month?</h1>" in client.get(location).content.decode()
    client.post(
        STEP, {"frequency": "once", "amount": "3000", "currency": "jpy", "upgrade": "monthly"}
    )

    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["mode"], session["amount_total"], session["currency"]) == (
        "subscription",
        500,
        "jpy",
    )


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"amount": "abc"}, "Enter an amount like 5 or 5.50."),
        ({"amount": "0.5"}, "The smallest one-off gift is $1."),
        ({"currency": "xyz"}, "Choose one of the currencies."),
        ({"frequency": "monthly"}, "This step is for a one-off gift."),
        ({"upgrade": "yearly"}, "Choose the monthly gift or your one-off gift."),
        ({"upgrade": ""}, "Choose the monthly gift or your one-off gift."),
        ({"amount": "5000"}, "We offer no monthly gift instead of a one-off gift of $5,000."),
    ],
)
def test_a_changed_answer_is_refused_with_a_message_and_starts_nothing(
    client, fake_stripe, changed, message
):
    answer = {"frequency": "once", "amount": "25", "currency": "usd", "upgrade": "monthly"}

    response = client.post(STEP, {**answer, **changed})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert fake_stripe.objects("checkout.session") == {}


def test_the_step_for_a_gift_it_does_not_apply_to_shows_the_support_form(client, fake_stripe):
    response = client.get(STEP, {"frequency": "once", "amount": "500", "currency": "usd"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Support independent journalism" in html
    assert 'id="amount-other" value="500"' in html


def test_without_a_payment_provider_the_step_shows_the_form_that_says_so(client, settings):
    settings.STRIPE_SECRET_KEY = ""

    response = client.get(STEP, {"frequency": "once", "amount": "25", "currency": "usd"})

    assert "Giving is not set up on this server" in response.content.decode()


@time_machine.travel(MOMENT, tick=False)
def test_change_my_gift_leads_back_to_the_form_without_counting_a_click(client, fake_stripe):
    prompt = PromptFactory(appeal=True)
    html = client.get(_choose(client, prompt=prompt.key)["Location"]).content.decode()
    change = re.search(r'<a href="([^"]+)">Change my gift</a>', html).group(1)

    form = client.get(change.replace("&amp;", "&")).content.decode()

    assert 'name="frequency" value="once" checked' in form
    assert 'name="amount" value="25" checked' in form
    assert PromptDay.objects.get(prompt=prompt).clicks == 0


# Asked once


@time_machine.travel(MOMENT, tick=False)
def test_a_reader_who_kept_their_one_off_is_not_asked_again_for_a_day(client, fake_stripe):
    client.post(STEP, {"frequency": "once", "amount": "25", "currency": "usd", "upgrade": "once"})

    again = _choose(client, amount="50")

    assert again["Location"].startswith(fake_stripe.url)
    with time_machine.travel(MOMENT + timedelta(days=1), tick=False):
        assert _choose(client, amount="50")["Location"].startswith(STEP)


@time_machine.travel(MOMENT, tick=False)
def test_a_reader_who_took_it_is_not_asked_again(client, fake_stripe):
    client.post(
        STEP, {"frequency": "once", "amount": "25", "currency": "usd", "upgrade": "monthly"}
    )

    assert _choose(client, amount="25")["Location"].startswith(fake_stripe.url)
    step = client.get(STEP, {"frequency": "once", "amount": "25", "currency": "usd"})
    assert "Or $5 a month?" not in step.content.decode()


@time_machine.travel(MOMENT, tick=False)
def test_answering_sets_no_ask_hiding_dates(client, fake_stripe):
    """Keeping the one-off says nothing about the asks: the banner still shows."""
    response = client.post(
        STEP, {"frequency": "once", "amount": "25", "currency": "usd", "upgrade": "once"}
    )

    assert response.cookies["support_hint"].value == "0-0"


def test_a_reader_who_only_saw_the_step_is_asked_again(client, fake_stripe):
    client.get(_choose(client)["Location"])

    assert _choose(client)["Location"].startswith(STEP)


# The funnel


@time_machine.travel(MOMENT, tick=False)
def test_the_funnel_counts_offers_taken_and_declined_for_the_prompt(client, fake_stripe):
    prompt = PromptFactory(appeal=True)
    answer = {"frequency": "once", "amount": "25", "currency": "usd", "prompt": prompt.key}

    _choose(client, prompt=prompt.key, **{"from": "appeal"})
    client.post(STEP, {**answer, "upgrade": "monthly"})
    client.cookies.clear()
    _choose(client, prompt=prompt.key)
    client.post(STEP, {**answer, "upgrade": "once"})
    client.cookies.clear()
    _choose(client, prompt=prompt.key)  # offered, left unanswered

    day = PromptDay.objects.get(prompt=prompt)
    assert (day.upgrades_offered, day.upgrades_taken, day.upgrades_declined) == (3, 1, 1)
    assert (day.clicks, day.checkouts) == (1, 2)


@time_machine.travel(MOMENT, tick=False)
def test_reloading_the_step_counts_no_second_offer(client, fake_stripe):
    prompt = PromptFactory(appeal=True)
    location = _choose(client, prompt=prompt.key)["Location"]

    client.get(location)
    client.get(location)

    assert PromptDay.objects.get(prompt=prompt).upgrades_offered == 1


@time_machine.travel(MOMENT, tick=False)
def test_the_prompts_admin_funnel_shows_the_upgrade(admin_client, fake_stripe):
    prompt = PromptFactory()
    PromptDay.objects.create(
        prompt=prompt, day=MOMENT.date(), upgrades_offered=8, upgrades_taken=2, upgrades_declined=5
    )

    html = admin_client.get(
        reverse("admin:donations_prompt_change", args=[prompt.pk])
    ).content.decode()

    assert "A monthly gift offered after a one-off choice" in html
    assert "<td>8</td>" in html
    assert "<td>2 <small>(25.0% of offers)</small></td>" in html
    assert "<td>5</td>" in html


# The setting's check


def _upgrade_messages():
    return [m for m in checks.run_checks() if m.id in ("donations.E020", "donations.W020")]


def test_the_default_setting_passes_the_check(settings):
    settings.DONATION_UPGRADE_MAX = {"usd": 100, "eur": 100, "gbp": 100}

    assert _upgrade_messages() == []


@pytest.mark.parametrize("value", [[100], "100", 100])
def test_a_setting_that_is_not_an_object_is_an_error(settings, value):
    settings.DONATION_UPGRADE_MAX = value

    (message,) = _upgrade_messages()
    assert message.id == "donations.E020"
    assert "not a JSON object of currencies" in message.msg


@pytest.mark.parametrize("amount", [-5, "lots", None, True])
def test_a_maximum_that_is_not_an_amount_is_an_error(settings, amount):
    settings.DONATION_UPGRADE_MAX = {"usd": amount}

    (message,) = _upgrade_messages()
    assert message.id == "donations.E020"
    assert f"under 'usd': {amount!r} is not an amount of 0 or more" in message.msg


def test_a_currency_the_site_does_not_take_is_a_warning(settings):
    settings.DONATION_UPGRADE_MAX = {"usd": 100, "usx": 100}

    (message,) = _upgrade_messages()
    assert message.id == "donations.W020"
    assert "'usx' is not one of DONATION_CURRENCIES" in message.msg
