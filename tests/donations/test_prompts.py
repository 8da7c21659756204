"""Prompts and the reader's support state: what shows, when, and what it takes to change it."""

import importlib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.core import signing
from django.utils import timezone

from donations import prompts, support
from donations.demo import prompts_seed
from donations.frequencies import Frequency
from donations.giving import presets_for_every_currency
from donations.models import Donation, PromptDay, ReaderSupport
from tests.factories import (
    STAFF_PASSWORD,
    ArticleFactory,
    DonationFactory,
    PromptFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BANNER = 'class="support-banner"'
APPEAL = 'class="appeal"'


@pytest.fixture
def article():
    return ArticleFactory(published_at=MOMENT - timedelta(days=1))


def _page(client, url):
    html = client.get(url).content.decode()
    return BANNER in html, APPEAL in html


def _post(client, name, **data):
    return client.post(f"/support/{name}/", {"next": "/", **data})


# What shows


def test_a_new_reader_sees_the_banner_everywhere_and_the_appeal_after_articles(
    client, asks, article
):
    assert _page(client, "/") == (True, False)
    assert _page(client, article.get_absolute_url()) == (True, True)


def test_the_appeal_has_presets_that_start_a_checkout_and_a_one_off_option(client, asks, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert "Give monthly from $2:" in html
    recommended = '<span>$5 a month</span> <span class="button__tag">Recommended</span></button>'
    assert f'name="amount" value="5">{recommended}' in html
    assert f'name="article" value="{article.pk}"' in html
    assert 'name="prompt" value="article-end-letter"' in html
    assert "Give once instead" in html
    assert 'alt="Visa"' in html and 'alt="Apple Pay"' in html
    assert "Not ready to support today?" in html and "Remind me later" in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize(
    ("frequency", "lead"), [("once", "Give once from $10:"), ("annual", "Give yearly from $25:")]
)
def test_the_appeals_lead_reads_naturally_for_every_frequency(client, article, frequency, lead):
    PromptFactory(appeal=True, default_frequency=frequency)

    html = client.get(article.get_absolute_url()).content.decode()

    assert lead in html


def _appeal_amounts(client, article) -> list[str]:
    html = client.get(article.get_absolute_url()).content.decode()
    return re.findall(r'name="amount" value="[^"]*"><span>([^<]*)</span>', html)


@pytest.fixture
def pounds_by_default(settings):
    """A site that asks in pounds, with amounts of its own for pounds."""
    settings.DONATION_DEFAULT_CURRENCY = "gbp"
    settings.DONATION_PRESETS = {"gbp": {"monthly": [3, 6, 12]}}


def test_a_new_appeal_offers_the_sites_amounts_for_its_currency(
    client, asks, article, pounds_by_default
):
    assert _appeal_amounts(client, article) == ["£3 a month", "£6 a month", "£12 a month"]


def test_an_appeal_with_amounts_only_for_other_currencies_offers_the_sites_for_its_own(
    client, article, pounds_by_default
):
    PromptFactory(appeal=True, presets={"usd": {"monthly": [7, 14]}})

    assert _appeal_amounts(client, article) == ["£3 a month", "£6 a month", "£12 a month"]


def test_an_appeals_own_amounts_for_its_currency_come_before_the_sites(
    client, article, pounds_by_default
):
    PromptFactory(appeal=True, presets={"gbp": {"monthly": [4, 8.5]}})

    assert _appeal_amounts(client, article) == ["£4 a month", "£8.50 a month"]


def test_an_editor_can_empty_an_appeals_amounts_to_offer_the_sites(
    admin_client, client, article, pounds_by_default
):
    appeal = PromptFactory(appeal=True, presets={"gbp": {"monthly": [4, 8]}})
    form = _appeal_form(appeal)

    response = admin_client.post(f"/admin/donations/prompt/{appeal.pk}/change/", form)

    assert response.status_code == 302
    assert _appeal_amounts(client, article) == ["£3 a month", "£6 a month", "£12 a month"]


@pytest.mark.parametrize(
    "presets, message",
    [
        ({"usd_monthly": "5, x"}, "usd monthly: x is not an amount between 2 and 10000."),
        ({"usd_monthly": "1"}, "usd monthly: 1 is not an amount between 2 and 10000."),
        ({"usd_annual": "60, 20000"}, "usd annual: 20000 is not an amount between"),
        ({"eur_once": "five"}, "eur once: five is not an amount between"),
    ],
)
def test_amounts_a_reader_could_not_give_are_refused_in_the_admin(
    admin_client, client, article, presets, message
):
    appeal = PromptFactory(appeal=True, presets={"usd": {"monthly": [4, 8]}})
    form = _appeal_form(appeal, presets=presets)

    response = admin_client.post(f"/admin/donations/prompt/{appeal.pk}/change/", form)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _appeal_amounts(client, article) == ["$4 a month", "$8 a month"]


def test_amounts_stored_before_they_were_checked_never_break_an_article(client, article):
    PromptFactory(appeal=True, presets={"usd": {"monthly": ["x", None]}})

    assert _appeal_amounts(client, article) == [
        "$2 a month",
        "$5 a month",
        "$10 a month",
        "$20 a month",
    ]


def _appeal_form(appeal, *, presets: dict[str, str] | None = None) -> dict:
    """The prompt's admin form as an editor would send it: every amount box empty, except
    those `presets` fills ({"usd_monthly": "2, 5"})."""
    boxes = {
        f"presets_{currency}_{frequency}": ""
        for currency in settings.DONATION_CURRENCIES
        for frequency in Frequency.values
    }
    boxes.update({f"presets_{box}": amounts for box, amounts in (presets or {}).items()})
    return {
        **boxes,
        "placement": appeal.placement,
        "headline": appeal.headline,
        "key": appeal.key,
        "body": "Readers pay for this.",
        "call_to_action": appeal.call_to_action,
        "default_frequency": appeal.default_frequency,
        "monthly_goal": 0,
        "goal_currency": "usd",
        "is_active": "on",
        "priority": 0,
        "snooze_days": 7,
        "hide_days": 1,
    }


def _upgrade_prompt_presets():
    """Run the data step of the migration that stopped copying the site's amounts."""
    migration = importlib.import_module("donations.migrations.0004_prompt_presets_follow_settings")
    migration.forget_copied_site_presets(django_apps, None)


def test_an_appeal_holding_the_old_copy_of_the_sites_amounts_follows_the_site_after_upgrade(
    client, article, pounds_by_default, settings
):
    PromptFactory(
        appeal=True,
        presets={code: dict(presets_for_every_currency()) for code in settings.DONATION_CURRENCIES},
    )

    _upgrade_prompt_presets()

    assert _appeal_amounts(client, article) == ["£3 a month", "£6 a month", "£12 a month"]


def test_an_appeal_whose_amounts_an_editor_changed_keeps_them_after_upgrade(
    client, article, pounds_by_default, settings
):
    edited = {code: dict(presets_for_every_currency()) for code in settings.DONATION_CURRENCIES}
    edited["gbp"]["monthly"] = [4, 8]
    PromptFactory(appeal=True, presets=edited)

    _upgrade_prompt_presets()

    assert _appeal_amounts(client, article) == ["£4 a month", "£8 a month"]


def test_the_highest_priority_active_prompt_is_shown(client, asks):
    PromptFactory(headline="Year-end drive: double your gift", priority=99)
    PromptFactory(
        headline="Old spring drive", priority=500, ends_at=timezone.now() - timedelta(days=1)
    )

    html = client.get("/").content.decode()

    assert "Year-end drive: double your gift" in html
    assert "Old spring drive" not in html


def test_no_active_prompt_means_no_ask(client, article):
    assert _page(client, article.get_absolute_url()) == (False, False)


# Given on 2 March, the clock running: this month's gifts, whatever day the suite runs.
@pytest.mark.time_machine(MOMENT, tick=True)
def test_the_meter_counts_active_monthly_gifts_and_this_months_one_off_gifts(
    client, asks, start_checkout, fake_stripe, deliver
):
    for frequency, amount, currency in [
        ("monthly", "10", "usd"),
        ("annual", "120", "usd"),
        ("once", "25", "usd"),
        ("once", "40", "eur"),  # another currency never counts towards a dollar goal
    ]:
        session = start_checkout(frequency, amount, currency)
        for event in fake_stripe.complete_checkout(session["id"]):
            deliver(event)

    meter = prompts.meter(asks["banner"])

    assert meter["covered"] == 1000 + 1000 + 2500
    assert meter["goal"] == 1_800_000
    assert "$45 of $18,000 covered this month" in client.get("/").content.decode()


# Remind me later, close, already supporting


@time_machine.travel(MOMENT, tick=False)
def test_remind_me_later_hides_every_ask_until_the_date(client, asks, article):
    response = _post(client, "remind-me-later", prompt="article-end-letter")

    assert response.status_code == 303
    assert _page(client, article.get_absolute_url()) == (False, False)
    with time_machine.travel(MOMENT + timedelta(days=7) - timedelta(seconds=1), tick=False):
        assert _page(client, article.get_absolute_url()) == (False, False)
    with time_machine.travel(MOMENT + timedelta(days=7), tick=False):
        assert _page(client, article.get_absolute_url()) == (True, True)


@time_machine.travel(MOMENT, tick=False)
def test_remind_me_later_says_when_once_and_offers_undo(client, asks, article):
    _post(client, "remind-me-later", prompt="article-end-letter", next=article.get_absolute_url())

    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url()).content.decode()

    assert "We’ll ask again on 9 March." in first
    assert "Undo" in first
    assert "We’ll ask again" not in second


@time_machine.travel(MOMENT, tick=False)
def test_undo_brings_the_asks_back(client, asks, article):
    _post(client, "remind-me-later")

    _post(client, "remind-me-later/undo")

    assert _page(client, article.get_absolute_url()) == (True, True)


@time_machine.travel(MOMENT, tick=False)
def test_closing_the_banner_hides_only_the_banner_for_a_day(client, asks, article):
    _post(client, "banner/close", prompt="ad-free-banner")

    assert _page(client, article.get_absolute_url()) == (False, True)
    with time_machine.travel(MOMENT + timedelta(days=1), tick=False):
        assert _page(client, article.get_absolute_url()) == (True, True)


@time_machine.travel(MOMENT, tick=False)
def test_close_and_snooze_are_independent(client, asks, article):
    _post(client, "banner/close", prompt="ad-free-banner")
    _post(client, "remind-me-later", prompt="article-end-letter")
    _post(client, "remind-me-later/undo")

    assert _page(client, article.get_absolute_url()) == (False, True)


@time_machine.travel(MOMENT, tick=False)
def test_i_already_support_you_hides_asks_for_thirty_days(client, asks, article):
    _post(client, "already-supporting")

    with time_machine.travel(MOMENT + timedelta(days=29, hours=23), tick=False):
        assert _page(client, article.get_absolute_url()) == (False, False)
    with time_machine.travel(MOMENT + timedelta(days=30), tick=False):
        assert _page(client, article.get_absolute_url()) == (True, True)


def test_a_confirmed_gift_makes_the_reader_a_supporter_for_ninety_days(
    client, asks, article, start_checkout, fake_stripe, visit_thanks
):
    session = start_checkout("once", "10", "usd")
    fake_stripe.complete_checkout(session["id"])

    visit_thanks(session["id"])

    assert _page(client, article.get_absolute_url()) == (False, False)
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        assert _page(client, article.get_absolute_url()) == (False, False)
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert _page(client, article.get_absolute_url()) == (True, True)


@time_machine.travel(MOMENT, tick=False)
def test_a_supporter_sees_no_asks_even_after_undoing_a_snooze(client, asks, article):
    _post(client, "already-supporting")
    _post(client, "remind-me-later")
    _post(client, "remind-me-later/undo")

    assert _page(client, article.get_absolute_url()) == (False, False)


def test_the_actions_answer_in_place_for_javascript(client, asks):
    with time_machine.travel(MOMENT, tick=False):
        response = client.post(
            "/support/remind-me-later/",
            {"prompt": "article-end-letter"},
            HTTP_ACCEPT="application/json",
        )

    assert response.status_code == 200
    assert response.json()["message"] == "We’ll ask again on 9 March."
    assert support.COOKIE_NAME in response.cookies


# The cookie


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        signing.dumps({"s": 9999999999}, salt="another-salt"),
        signing.dumps({"s": "tomorrow"}, salt=support.COOKIE_SALT),
        signing.dumps(["not", "a", "dict"], salt=support.COOKIE_SALT),
        signing.dumps({"s": 10**20}, salt=support.COOKIE_SALT),
    ],
)
def test_a_tampered_or_malformed_cookie_is_ignored(client, asks, article, value):
    client.cookies[support.COOKIE_NAME] = value

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_an_expired_snooze_in_the_cookie_no_longer_hides_asks(client, asks, article):
    state = support.SupportState(snoozed_until=timezone.now() - timedelta(seconds=1))
    client.cookies[support.COOKIE_NAME] = support.state_to_cookie(state)

    assert _page(client, article.get_absolute_url()) == (True, True)


# Signed-in readers


@time_machine.travel(MOMENT, tick=False)
def test_a_signed_in_readers_snooze_follows_them_to_another_device(client, asks, article):
    user = UserFactory()
    client.force_login(user)
    _post(client, "remind-me-later")

    other_device = type(client)()
    other_device.force_login(user)

    assert _page(other_device, article.get_absolute_url()) == (False, False)
    assert ReaderSupport.objects.get(user=user).snoozed_until == MOMENT + timedelta(days=7)


@time_machine.travel(MOMENT, tick=False)
def test_signing_in_merges_the_devices_choices_the_later_date_winning(client, asks):
    user = UserFactory(is_staff=True)  # signs in through the admin's login form
    ReaderSupport.objects.create(
        user=user,
        snoozed_until=MOMENT + timedelta(days=2),
        banner_hidden_until=MOMENT + timedelta(days=9),
    )
    _post(client, "remind-me-later")  # anonymous on this device: 7 days
    _post(client, "banner/close")  # anonymous: 1 day

    client.post("/admin/login/", {"username": user.username, "password": STAFF_PASSWORD})

    stored = ReaderSupport.objects.get(user=user)
    assert stored.snoozed_until == MOMENT + timedelta(days=7)
    assert stored.banner_hidden_until == MOMENT + timedelta(days=9)


def test_a_signed_in_reader_with_an_active_monthly_gift_sees_no_asks(
    client, asks, article, start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    for event in fake_stripe.complete_checkout(session["id"], email="member@example.org"):
        deliver(event)
    reader = type(client)()
    reader.force_login(UserFactory(email="member@example.org"))

    assert _page(reader, article.get_absolute_url()) == (False, False)


def test_a_webhook_for_a_signed_in_readers_one_off_gift_stops_their_asks(
    client, asks, article, start_checkout, fake_stripe, deliver
):
    reader = type(client)()
    reader.force_login(UserFactory(email="giver@example.org"))
    session = start_checkout("once", "30", "usd")

    for event in fake_stripe.complete_checkout(session["id"], email="giver@example.org"):
        deliver(event)

    assert _page(reader, article.get_absolute_url()) == (False, False)
    assert _page(client, article.get_absolute_url()) == (True, True)  # someone else


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "/\\evil.example", ""],
)
def test_next_cannot_send_readers_to_another_site(client, asks, target):
    response = _post(client, "remind-me-later", next=target)

    assert response.status_code == 303
    assert response["Location"] == "/"


def test_next_returns_the_reader_to_the_page_they_were_on(client, asks, article):
    response = _post(client, "banner/close", next=article.get_absolute_url() + "?page=2")

    assert response["Location"] == article.get_absolute_url() + "?page=2"


def test_the_actions_refuse_get(client, asks):
    assert client.get("/support/remind-me-later/").status_code == 405


# Funnel and attribution


def test_a_gift_from_the_appeal_is_attributed_and_counted(
    client, asks, article, fake_stripe, deliver
):
    response = client.post(
        "/support/",
        {
            "frequency": "monthly",
            "currency": "usd",
            "amount": "5",
            "prompt": "article-end-letter",
            "article": article.pk,
            "from": "appeal",
        },
    )
    session_id = response["Location"].rsplit("/", 1)[-1]
    for event in fake_stripe.complete_checkout(session_id):
        deliver(event)
    client.post("/support/prompts/article-end-letter/seen/")
    client.post("/support/prompts/article-end-letter/seen/")

    donation = Donation.objects.get()
    assert (donation.prompt, donation.article) == ("article-end-letter", article)
    day = PromptDay.objects.get(prompt=asks["article_end"])
    assert (day.impressions, day.clicks, day.checkouts) == (2, 1, 1)


def test_the_banners_call_to_action_counts_a_click(client, asks):
    client.get("/support/", {"prompt": "ad-free-banner"})

    assert PromptDay.objects.get(prompt=asks["banner"]).clicks == 1


def test_showing_new_amounts_without_javascript_is_not_another_click(client, asks):
    client.get("/support/", {"prompt": "ad-free-banner"})

    client.get("/support/", {"prompt": "ad-free-banner", "currency": "eur", "update": "amounts"})

    assert PromptDay.objects.get(prompt=asks["banner"]).clicks == 1


@pytest.mark.parametrize("junk", ["\x00", "ad-free-banner\x00", "x" * 5000])
def test_a_deep_link_with_a_junk_prompt_counts_nothing(client, asks, junk):
    response = client.get("/support/", {"prompt": junk})

    assert response.status_code == 200
    assert not PromptDay.objects.exists()


def test_an_unknown_prompt_beacon_counts_nothing(client, asks):
    response = client.post("/support/prompts/nope/seen/")

    assert response.status_code == 204
    assert not PromptDay.objects.exists()


@time_machine.travel(MOMENT, tick=False)
def test_the_prompt_admin_shows_the_funnel(admin_client, asks):
    PromptDay.objects.create(
        prompt=asks["banner"], day=timezone.localdate(), impressions=200, clicks=10, checkouts=4
    )

    html = admin_client.get(f"/admin/donations/prompt/{asks['banner'].pk}/change/").content
    html = html.decode()

    assert "<td>200</td>" in html and "(5.0% of impressions)" in html
    assert "(40.0% of clicks)" in html
    assert '<svg role="img"' in html


def test_seed_demo_creates_the_two_prompts_once():
    assert prompts_seed() == 2
    assert prompts_seed() == 0


def test_one_address_cannot_inflate_impressions(client, asks, settings):
    settings.PROMPT_BEACON_RATE_LIMIT = 3

    for _ in range(5):
        client.post("/support/prompts/ad-free-banner/seen/")

    assert PromptDay.objects.get(prompt=asks["banner"]).impressions == 3


def test_an_editor_types_amounts_per_currency_and_frequency_and_the_appeal_offers_them(
    admin_client, client, article
):
    appeal = PromptFactory(appeal=True, presets={})
    form = _appeal_form(appeal, presets={"usd_monthly": "3, 7.50, 12", "usd_once": "25"})

    response = admin_client.post(f"/admin/donations/prompt/{appeal.pk}/change/", form)

    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.presets == {"usd": {"monthly": [3, "7.50", 12], "once": [25]}}
    assert _appeal_amounts(client, article) == ["$3 a month", "$7.50 a month", "$12 a month"]


def test_the_prompt_form_shows_stored_amounts_in_their_boxes_and_the_sites_greyed(admin_client):
    appeal = PromptFactory(appeal=True, presets={"eur": {"annual": [60, 120]}})

    html = admin_client.get(f"/admin/donations/prompt/{appeal.pk}/change/").content.decode()

    assert re.search(r'name="presets_eur_annual"[^>]*value="60, 120"', html)
    assert re.search(
        r'name="presets_usd_monthly"[^>]*value=""[^>]*placeholder="2, 5, 10, 20"', html
    )
    assert 'aria-label="Euros, annual amounts"' in html


def test_the_goal_currency_is_chosen_among_the_sites_currencies(admin_client):
    appeal = PromptFactory(appeal=True)
    form = {**_appeal_form(appeal), "goal_currency": "xyz"}

    page = admin_client.get(f"/admin/donations/prompt/{appeal.pk}/change/").content.decode()
    response = admin_client.post(f"/admin/donations/prompt/{appeal.pk}/change/", form)

    assert '<option value="eur">Euros (EUR)</option>' in page
    assert response.status_code == 200
    assert "Select a valid choice. xyz is not one of the available choices." in (
        response.content.decode()
    )


@time_machine.travel(MOMENT, tick=False)
def test_the_funnel_chart_has_dates_counts_and_a_legend(admin_client, asks):
    """30 days up to 2 March: from 1 February. 180 impressions at most: ticks of 50 up to 200."""
    banner = asks["banner"]
    PromptDay.objects.create(prompt=banner, day=date(2026, 2, 1), impressions=40, clicks=2)
    PromptDay.objects.create(prompt=banner, day=date(2026, 3, 2), impressions=180, clicks=9)
    DonationFactory(prompt=banner.key, paid_at=MOMENT - timedelta(hours=1))
    DonationFactory(prompt=banner.key, paid_at=MOMENT - timedelta(hours=2))

    html = admin_client.get(f"/admin/donations/prompt/{banner.pk}/change/").content.decode()

    chart = html[html.index('<svg role="img"') :]
    chart = chart[: chart.index("</svg>")]
    ticks = re.findall(r'class="prompt-funnel__tick">([^<]+)<', chart)
    assert ticks[:5] == ["0", "50", "100", "150", "200"]
    assert ticks[5:] == ["1 Feb", "8 Feb", "15 Feb", "22 Feb", "1 Mar", "2 Mar"]
    assert 'class="prompt-funnel__gift">2<' in chart
    assert "<title>2 Mar: 180 impressions, 9 clicks, 0 checkouts, 2 gifts</title>" in chart
    assert "Each day from 1 February to 2 March 2026: impressions (bars" in html
    assert '<time datetime="2026-02-01">1 Feb</time></th><td>40</td><td>2</td>' in html
