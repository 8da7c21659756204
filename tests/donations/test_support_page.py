import json
import logging
import re

import pytest
from django.urls import reverse

from donations.models import Donation
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SUPPORT = "/support/"


def test_the_support_page_preselects_monthly_with_its_presets(client, fake_stripe):
    response = client.get(SUPPORT)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="frequency" value="monthly" checked' in html
    for label in ("$2", "$5", "$10", "$20"):
        assert f"<span data-preset-label>{label}</span>" in html
    assert '<option value="usd" selected>' in html
    assert 'name="amount" value="5" checked' in html
    assert "Other amount" in html


NOINDEX = '<meta name="robots" content="noindex">'


def _description(html):
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_search_engines_may_index_the_support_page(client, fake_stripe):
    html = client.get(SUPPORT).content.decode()

    assert 'name="robots"' not in html
    assert '<link rel="canonical" href="https://news.example.org/support/">' in html


def test_the_support_page_has_a_description_of_its_own(client, fake_stripe):
    support = _description(client.get(SUPPORT).content.decode())
    home = _description(client.get("/").content.decode())
    manage = _description(client.get("/support/manage/").content.decode())

    assert "monthly or one-off gift" in support
    assert support not in {home, manage}


def test_the_pages_behind_the_support_page_stay_out_of_search_engines(
    client, fake_stripe, settings
):
    settings.CHECKOUT_RATE_LIMIT = 0
    thanks = client.get("/support/thanks/", {"session_id": "cs_test_unknown"})
    manage = client.get("/support/manage/")
    sent = client.post("/support/manage/", {"email": "nobody@example.org"})
    limited = client.post(SUPPORT, {"frequency": "once", "amount": "5", "currency": "usd"})

    assert limited.status_code == 429
    for response in (thanks, manage, sent, limited):
        assert NOINDEX in response.content.decode()


def test_a_deep_link_preselects_frequency_amount_and_currency(client, fake_stripe):
    html = client.get(SUPPORT, {"frequency": "once", "amount": "25", "currency": "eur"}).content
    html = html.decode()

    assert 'name="frequency" value="once" checked' in html
    assert '<option value="eur" selected>' in html
    assert 'name="amount" value="25" checked' in html
    assert "<span data-preset-label>€100</span>" in html


def test_a_deep_link_amount_that_is_not_a_preset_fills_the_other_amount(client, fake_stripe):
    html = client.get(SUPPORT, {"amount": "7.50"}).content.decode()

    assert 'id="amount-other" value="7.50"' in html
    assert 'name="amount" value="5" checked' not in html


def test_invalid_deep_link_parameters_are_ignored(client, fake_stripe):
    response = client.get(SUPPORT, {"frequency": "hourly", "amount": "<script>", "currency": "xyz"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="frequency" value="monthly" checked' in html
    assert '<option value="usd" selected>' in html
    assert 'name="amount" value="5" checked' in html  # the suggested amount, not the junk
    assert 'id="amount-other" value=""' in html
    assert "<script>" not in html


JUNK = ["\x00", "5\x00", "x" * 5000, "9" * 5000, "abc", "-1", "0", "1e3", "٣", "<b>"]
PARAMETERS = ["frequency", "amount", "currency", "prompt", "article", "from"]


@pytest.mark.parametrize("name", PARAMETERS)
@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_a_deep_link_still_shows_the_support_page(client, fake_stripe, name, junk):
    response = client.get(SUPPORT, {name: junk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Continue to secure payment" in html
    assert "\x00" not in html
    assert "x" * 101 not in html


@pytest.mark.parametrize("name", PARAMETERS)
@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_a_posted_gift_never_breaks_the_page(client, fake_stripe, name, junk):
    gift = {"frequency": "once", "amount": "10", "currency": "usd", "from": "appeal"}

    response = client.post(SUPPORT, {**gift, name: junk})

    assert response.status_code in {303, 400}
    if response.status_code == 400:  # the reader is told what to fix, in a field they can see
        assert name in {"frequency", "amount", "currency"}
        assert "Please check your gift" in response.content.decode()


def test_a_deep_link_keeps_a_valid_prompt_and_published_article(client, fake_stripe):
    article = ArticleFactory()

    html = client.get(SUPPORT, {"prompt": "article-end", "article": article.pk}).content.decode()

    assert '<input type="hidden" name="prompt" value="article-end"' in html
    assert f'<input type="hidden" name="article" value="{article.pk}"' in html


@pytest.mark.parametrize("article", ["abc", "-3", "0", "12abc", "99999999", "draft", "scheduled"])
def test_a_deep_link_to_a_missing_or_unpublished_article_drops_it(client, fake_stripe, article):
    if article in {"draft", "scheduled"}:
        article = ArticleFactory(**{article: True}).pk

    html = client.get(SUPPORT, {"prompt": "banner", "article": article}).content.decode()

    assert '<input type="hidden" name="article" id="id_article">' in html
    assert '<input type="hidden" name="prompt" value="banner"' in html


def test_a_gift_started_from_a_bad_deep_link_goes_to_checkout(client, fake_stripe):
    html = client.get(SUPPORT, {"prompt": "bad prompt!", "article": "abc"}).content.decode()
    assert 'value="bad prompt!"' not in html
    assert 'value="abc"' not in html

    response = client.post(
        SUPPORT,
        {"frequency": "monthly", "amount": "5", "currency": "usd", "prompt": "", "article": ""},
    )

    assert response.status_code == 303


@pytest.mark.parametrize(
    ("prompt", "article"), [("\x00", "abc"), ("x" * 500, "9" * 5000), ("<b>", "-1")]
)
def test_a_posted_gift_with_a_bad_prompt_or_article_starts_without_attribution(
    client, fake_stripe, prompt, article
):
    response = client.post(
        SUPPORT,
        {
            "frequency": "once",
            "amount": "10",
            "currency": "usd",
            "prompt": prompt,
            "article": article,
        },
    )

    assert response.status_code == 303
    params = fake_stripe.last_request("POST", "/v1/checkout/sessions").params
    assert params["metadata"] == {"newsroom": "donation", "frequency": "once"}


def test_a_posted_gift_keeps_a_valid_prompt_but_drops_an_unpublished_article(client, fake_stripe):
    draft = ArticleFactory(draft=True)

    client.post(
        SUPPORT,
        {
            "frequency": "once",
            "amount": "10",
            "currency": "usd",
            "prompt": "article-end",
            "article": draft.pk,
        },
    )

    params = fake_stripe.last_request("POST", "/v1/checkout/sessions").params
    assert params["metadata"] == {
        "newsroom": "donation",
        "frequency": "once",
        "prompt": "article-end",
    }


def test_a_monthly_gift_starts_a_subscription_checkout(client, fake_stripe):
    article = ArticleFactory()

    response = client.post(
        SUPPORT,
        {
            "frequency": "monthly",
            "amount": "5",
            "currency": "usd",
            "prompt": "article-end",
            "article": article.pk,
        },
    )

    assert response.status_code == 303
    assert response["Location"].startswith(f"{fake_stripe.url}/checkout/cs_")
    request = fake_stripe.last_request("POST", "/v1/checkout/sessions")
    params = request.params
    assert params["mode"] == "subscription"
    price = params["line_items"][0]["price_data"]
    assert price["unit_amount"] == "500"
    assert price["currency"] == "usd"
    assert price["recurring"]["interval"] == "month"
    assert params["metadata"] == {
        "newsroom": "donation",
        "frequency": "monthly",
        "prompt": "article-end",
        "article": str(article.pk),
    }
    assert params["subscription_data"]["metadata"]["article"] == str(article.pk)
    assert params["success_url"].endswith("/support/thanks/?session_id={CHECKOUT_SESSION_ID}")
    assert params["cancel_url"].endswith(
        f"/support/?frequency=monthly&amount=5&currency=usd&prompt=article-end&article={article.pk}"
        "&cancelled=1"
    )
    assert request.idempotency_key
    assert not Donation.objects.exists()


def test_a_one_off_gift_starts_a_payment_checkout(client, fake_stripe):
    client.post(SUPPORT, {"frequency": "once", "amount": "25.50", "currency": "gbp"})

    params = fake_stripe.last_request("POST", "/v1/checkout/sessions").params
    assert params["mode"] == "payment"
    assert params["line_items"][0]["price_data"]["unit_amount"] == "2550"
    assert params["line_items"][0]["price_data"]["currency"] == "gbp"
    assert "recurring" not in params["line_items"][0]["price_data"]
    assert params["customer_creation"] == "always"
    assert params["metadata"] == {"newsroom": "donation", "frequency": "once"}


def test_an_annual_gift_recurs_yearly(client, fake_stripe):
    client.post(SUPPORT, {"frequency": "annual", "amount": "50", "currency": "usd"})

    params = fake_stripe.last_request("POST", "/v1/checkout/sessions").params
    assert params["line_items"][0]["price_data"]["recurring"]["interval"] == "year"


def test_each_checkout_gets_its_own_idempotency_key(client, fake_stripe):
    client.post(SUPPORT, {"frequency": "once", "amount": "10", "currency": "usd"})
    client.post(SUPPORT, {"frequency": "once", "amount": "10", "currency": "usd"})

    keys = {r.idempotency_key for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"}
    assert len(keys) == 2


def test_a_typed_amount_wins_over_a_preset_left_checked(client, fake_stripe):
    client.post(SUPPORT, {"frequency": "monthly", "amount": ["5", "12"], "currency": "usd"})

    params = fake_stripe.last_request("POST", "/v1/checkout/sessions").params
    assert params["line_items"][0]["price_data"]["unit_amount"] == "1200"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"frequency": "monthly", "amount": "1.50"}, "The smallest monthly gift is $2."),
        ({"frequency": "once", "amount": "0.50"}, "The smallest one-off gift is $1."),
        ({"frequency": "once", "amount": "10000.01"}, "The largest gift we can take online"),
        ({"frequency": "once", "amount": "ten dollars"}, "Enter an amount like 5 or 5.50."),
        ({"frequency": "once", "amount": "5.555"}, "Enter an amount like 5 or 5.50."),
        ({"frequency": "once", "amount": "-5"}, "Enter an amount like 5 or 5.50."),
        ({"frequency": "once", "amount": ""}, "Enter an amount, or pick one."),
        ({"frequency": "hourly", "amount": "5"}, "Choose monthly, one-off or annual."),
        ({"frequency": "once", "amount": "5", "currency": "jpy"}, "Choose one of the currencies."),
    ],
)
def test_invalid_gifts_get_the_page_again_with_a_clear_message(client, fake_stripe, data, message):
    response = client.post(SUPPORT, {"currency": "usd", **data})

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert not fake_stripe.requests
    assert not Donation.objects.exists()


def test_a_currency_can_have_its_own_minimum(client, fake_stripe, settings):
    settings.DONATION_LIMITS = {"gbp": {"monthly": {"min": 3}}}

    in_pounds = client.post(SUPPORT, {"frequency": "monthly", "amount": "2.50", "currency": "gbp"})
    in_dollars = client.post(SUPPORT, {"frequency": "monthly", "amount": "2.50", "currency": "usd"})

    assert in_pounds.status_code == 400
    assert "The smallest monthly gift is £3." in in_pounds.content.decode()
    assert in_dollars.status_code == 303


def test_a_currency_can_have_its_own_maximum(client, fake_stripe, settings):
    settings.DONATION_LIMITS = {"eur": {"once": {"max": 500}}}

    in_euros = client.post(SUPPORT, {"frequency": "once", "amount": "600", "currency": "eur"})
    in_dollars = client.post(SUPPORT, {"frequency": "once", "amount": "600", "currency": "usd"})

    assert in_euros.status_code == 400
    assert "The largest gift we can take online is €500." in in_euros.content.decode()
    assert in_dollars.status_code == 303


def test_the_other_amount_hint_gives_the_chosen_currencys_minimum(client, fake_stripe, settings):
    settings.DONATION_LIMITS = {"gbp": {"monthly": {"min": 3}}}

    html = client.get(SUPPORT, {"currency": "gbp"}).content.decode()

    assert "(at least <span data-minimum>£3</span>)" in html


def test_a_currency_can_have_its_own_presets(client, fake_stripe, settings):
    settings.DONATION_PRESETS = {"gbp": {"monthly": [3, 6, 12]}}

    pounds = client.get(SUPPORT, {"currency": "gbp", "frequency": "monthly"}).content.decode()
    dollars = client.get(SUPPORT, {"currency": "usd", "frequency": "monthly"}).content.decode()

    assert re.findall(r"<span data-preset-label>(.*?)</span>", pounds) == ["£3", "£6", "£12"]
    assert 'name="amount" value="6" checked' in pounds  # the second one is suggested
    assert re.findall(r"<span data-preset-label>(.*?)</span>", dollars) == [
        "$2",
        "$5",
        "$10",
        "$20",
    ]


def test_the_page_gives_scripts_each_currencys_presets_and_minimums(client, fake_stripe, settings):
    settings.DONATION_PRESETS = {"gbp": {"monthly": [3, 6, 12]}}
    settings.DONATION_LIMITS = {"gbp": {"monthly": {"min": 3}}}

    html = client.get(SUPPORT).content.decode()

    data = json.loads(re.search(r'id="support-data"[^>]*>(.*?)</script>', html).group(1))
    assert data["presets"]["gbp"]["monthly"] == [
        ["3", "£3", False],
        ["6", "£6", True],  # the recommended one
        ["12", "£12", False],
    ]
    assert data["presets"]["eur"]["monthly"] == [
        ["2", "€2", False],
        ["5", "€5", True],
        ["10", "€10", False],
        ["20", "€20", False],
    ]
    assert data["minimums"]["gbp"] == {"monthly": "£3", "once": "£1", "annual": "£10"}


def test_a_posted_gift_with_a_preset_of_another_currency_is_shown_that_currencys_presets(
    client, fake_stripe, settings
):
    settings.DONATION_PRESETS = {"gbp": {"monthly": [3, 6, 12]}}
    settings.DONATION_LIMITS = {"gbp": {"monthly": {"min": 3}}}

    # Without JavaScript: the dollar presets were on the page, the reader chose pounds.
    response = client.post(SUPPORT, {"frequency": "monthly", "amount": "2", "currency": "gbp"})

    html = response.content.decode()
    assert response.status_code == 400
    assert re.findall(r"<span data-preset-label>(.*?)</span>", html) == ["£3", "£6", "£12"]


def test_without_javascript_the_page_can_show_the_amounts_of_a_new_currency(
    client, fake_stripe, settings
):
    settings.DONATION_PRESETS = {"eur": {"once": [5, 15, 30]}}
    page = client.get(SUPPORT).content.decode()
    assert 'formmethod="get" name="update" value="amounts"' in page

    html = client.get(
        SUPPORT, {"frequency": "once", "currency": "eur", "amount": "", "update": "amounts"}
    ).content.decode()

    assert re.findall(r"<span data-preset-label>(.*?)</span>", html) == ["€5", "€15", "€30"]
    assert '<option value="eur" selected>' in html


def test_an_invalid_amount_is_kept_in_the_form(client, fake_stripe):
    html = client.post(
        SUPPORT, {"frequency": "monthly", "amount": "1.25", "currency": "eur"}
    ).content.decode()

    assert 'id="amount-other" value="1.25"' in html
    assert '<option value="eur" selected>' in html
    assert "The smallest monthly gift is €2." in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    ("failure", "expected"),
    [("500", "api_error"), ("429", "rate limit"), ("timeout", "timeout"), ("down", "down")],
)
def test_when_stripe_fails_the_reader_is_asked_to_try_again(
    client, fake_stripe, settings, caplog, failure, expected
):
    if failure == "500":
        fake_stripe.fail_next(500)
    elif failure == "429":
        fake_stripe.fail_next(429)
    elif failure == "timeout":
        settings.STRIPE_TIMEOUT = 0.5
        fake_stripe.delay_next(2)
    else:
        settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    with caplog.at_level(logging.ERROR, logger="donations.gateway"):
        response = client.post(SUPPORT, {"frequency": "monthly", "amount": "7", "currency": "gbp"})

    html = response.content.decode()
    assert response.status_code == 503
    assert "We couldn’t reach our payment provider" in html
    assert "Nothing has been charged" in html
    assert 'id="amount-other" value="7"' in html
    assert '<option value="gbp" selected>' in html
    assert not Donation.objects.exists()
    assert "Stripe failed to create a Checkout Session" in caplog.text


def test_without_stripe_keys_the_page_says_giving_is_not_set_up(client, settings):
    settings.STRIPE_SECRET_KEY = ""

    page = client.get(SUPPORT)
    attempt = client.post(SUPPORT, {"frequency": "once", "amount": "5", "currency": "usd"})

    assert page.status_code == 200
    assert "Giving is not set up on this server" in page.content.decode()
    assert attempt.status_code == 503
    assert "Giving is not set up on this server" in attempt.content.decode()


def test_starting_checkouts_is_rate_limited_per_address(client, fake_stripe, settings):
    settings.CHECKOUT_RATE_LIMIT = 3
    gift = {"frequency": "once", "amount": "5", "currency": "usd"}

    statuses = [client.post(SUPPORT, gift).status_code for _ in range(4)]
    other_reader = client.post(SUPPORT, gift, REMOTE_ADDR="192.0.2.44")

    assert statuses == [303, 303, 303, 429]
    assert "Too many attempts" in client.post(SUPPORT, gift).content.decode()
    assert other_reader.status_code == 303
    sessions = [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]
    assert len(sessions) == 4


def test_mistyped_gifts_do_not_count_towards_the_checkout_limit(client, fake_stripe, settings):
    settings.CHECKOUT_RATE_LIMIT = 3
    mistakes = [
        {"frequency": "once", "amount": "five", "currency": "usd"},
        {"frequency": "once", "amount": "0.5", "currency": "usd"},
        {"frequency": "once", "amount": "", "currency": "usd"},
        {"frequency": "weekly", "amount": "5", "currency": "usd"},
    ]
    gift = {"frequency": "once", "amount": "5", "currency": "usd"}

    refused = [client.post(SUPPORT, mistake).status_code for mistake in mistakes]
    started = [client.post(SUPPORT, gift).status_code for _ in range(3)]

    assert refused == [400, 400, 400, 400]
    assert started == [303, 303, 303]
    assert client.post(SUPPORT, gift).status_code == 429


def test_a_checkout_stripe_failed_to_start_does_not_count_towards_the_limit(
    client, fake_stripe, settings
):
    settings.CHECKOUT_RATE_LIMIT = 1
    gift = {"frequency": "once", "amount": "5", "currency": "usd"}
    fake_stripe.fail_next(500)

    failed = client.post(SUPPORT, gift)
    started = client.post(SUPPORT, gift)

    assert (failed.status_code, started.status_code) == (503, 303)


def test_the_checkout_limit_page_keeps_the_readers_choices(client, fake_stripe, settings):
    settings.CHECKOUT_RATE_LIMIT = 0

    response = client.post(SUPPORT, {"frequency": "annual", "amount": "70", "currency": "gbp"})

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many attempts" in html
    assert "Nothing has been charged" in html
    assert 'name="frequency" value="annual" checked' in html
    assert '<option value="gbp" selected>' in html
    assert 'id="amount-other" value="70"' in html or 'name="amount" value="70" checked' in html


def test_a_forged_forwarded_for_header_does_not_escape_the_rate_limit(
    client, fake_stripe, settings
):
    settings.CHECKOUT_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    gift = {"frequency": "once", "amount": "5", "currency": "usd"}

    first = client.post(SUPPORT, gift, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    second = client.post(SUPPORT, gift, HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.9")

    assert (first.status_code, second.status_code) == (303, 429)


def test_the_stripe_api_version_matches_the_installed_client(settings):
    import stripe

    assert stripe.api_version == settings.STRIPE_API_VERSION


def test_the_support_form_is_reachable_by_name():
    assert reverse("donations:support") == SUPPORT


def test_a_suggested_amount_picked_before_the_currency_changed_starts_no_checkout(
    client, fake_stripe
):
    # Without JavaScript the page still showed dollars when the reader chose pounds.
    gift = {"frequency": "monthly", "amount": ["5", ""], "currency": "gbp", "amounts_in": "usd"}

    response = client.post(SUPPORT, gift)

    html = response.content.decode()
    assert response.status_code == 400
    assert "The suggested amounts are now shown in GBP" in html
    assert "<span data-preset-label>£5</span>" in html
    assert "<span data-preset-label>$5</span>" not in html
    assert '<input type="hidden" name="amounts_in" value="gbp"' in html
    assert not [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]


def test_an_amount_typed_after_the_currency_changed_is_taken(client, fake_stripe):
    gift = {"frequency": "monthly", "amount": ["5", "15"], "currency": "gbp", "amounts_in": "usd"}

    response = client.post(SUPPORT, gift)

    assert response.status_code == 303
    (session,) = fake_stripe.objects("checkout.session").values()
    assert (session["currency"], session["amount_total"]) == ("gbp", 1500)


def test_a_suggested_amount_in_the_chosen_currency_is_taken(client, fake_stripe):
    gift = {"frequency": "monthly", "amount": ["5", ""], "currency": "gbp", "amounts_in": "gbp"}

    assert client.post(SUPPORT, gift).status_code == 303


def test_leaving_stripe_without_paying_says_nothing_was_charged_and_leads_back_to_the_story(
    client, fake_stripe, asks
):
    article = ArticleFactory(headline="Harbour wall repairs begin")
    client.post(
        SUPPORT,
        {"frequency": "monthly", "amount": "10", "currency": "gbp", "prompt": "article-end"}
        | {"article": str(article.pk)},
    )
    cancel_url = fake_stripe.last_request("POST", "/v1/checkout/sessions").params["cancel_url"]

    response = client.get(cancel_url.removeprefix("https://news.example.org"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing has been charged" in html
    assert (
        f'<a href="{article.get_absolute_url()}">back to “Harbour wall repairs begin”</a>' in html
    )
    assert 'name="amount" value="10" checked' in html
    assert '<option value="gbp" selected>' in html
