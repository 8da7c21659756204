from datetime import timedelta

import pytest
from django.utils import timezone

from donations.demo import prompts_seed
from donations.models import Donation, RecurringDonation
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/donations/donation/dashboard/"


@pytest.fixture
def book(start_checkout, fake_stripe, deliver):
    """A known set of gifts: two currencies, a refund, a cancellation, a failed renewal."""
    prompts_seed()
    article = ArticleFactory(headline="Harbour wall repairs begin")

    def give(frequency, amount, currency, **attribution):
        session = start_checkout(frequency, amount, currency, **attribution)
        for event in fake_stripe.complete_checkout(session["id"]):
            deliver(event)
        return session

    give("monthly", "10", "usd", prompt="article-end-letter", article=article.pk)
    give("annual", "120", "usd")
    give("monthly", "5", "eur")
    canceled = give("monthly", "20", "usd")
    give("once", "50", "usd", prompt="ad-free-banner")
    refunded = give("once", "30", "usd")
    give("once", "15", "eur", prompt="ad-free-banner")
    failing = give("monthly", "7", "eur")

    subscription = fake_stripe.objects("checkout.session")[canceled["id"]]["subscription"]
    for event in fake_stripe.cancel_subscription(subscription):
        deliver(event)
    intent = Donation.objects.get(
        stripe_checkout_session_id=refunded["id"]
    ).stripe_payment_intent_id
    for event in fake_stripe.refund(intent, amount=1000):
        deliver(event)
    subscription = fake_stripe.objects("checkout.session")[failing["id"]]["subscription"]
    for event in fake_stripe.renew(subscription, succeed=False):
        deliver(event)
    return article


def test_the_dashboard_adds_up_each_currency_on_its_own(admin_client, book):
    html = admin_client.get(DASHBOARD).content.decode()

    # Active monthly: $10 + $120/12 (the $20 one was cancelled); EUR: €5 (the €7 is past due)
    assert "$20 <small>USD</small>" in html
    assert "€5 <small>EUR</small>" in html
    # One-off this month, net of refunds: $50 + ($30 - $10); €15
    assert "$70 <small>USD</small>" in html
    assert "€15 <small>EUR</small>" in html
    assert '<strong id="new-monthly">5</strong>' in html
    assert '<strong id="cancellations">1</strong>' in html


def test_the_dashboard_lists_failed_payments_and_top_prompts_and_articles(admin_client, book):
    response = admin_client.get(DASHBOARD)
    figures = response.context["figures"]

    assert [d.amount for d in figures["failed"]] == [700]
    prompts = {(row["prompt"], row["currency"]): row["gifts"] for row in figures["top_prompts"]}
    assert prompts == {
        ("ad-free-banner", "usd"): 1,
        ("ad-free-banner", "eur"): 1,
        ("article-end-letter", "usd"): 1,
    }
    assert figures["top_articles"][0]["article__headline"] == "Harbour wall repairs begin"
    assert "Progress to the monthly goal" in response.content.decode()


def test_the_chart_counts_gifts_per_day_by_kind_with_a_table(admin_client, book):
    response = admin_client.get(DASHBOARD)

    today = response.context["figures"]["chart"]["rows"][-1]
    assert (today["recurring"], today["once"]) == (5, 3)
    html = response.content.decode()
    assert '<svg role="img" aria-labelledby="chart-title"' in html
    assert "The chart’s figures as a table" in html or "The chart's figures as a table" in html


def test_the_dashboard_costs_a_fixed_number_of_queries(
    admin_client, book, django_assert_max_num_queries, start_checkout, fake_stripe, deliver
):
    admin_client.get(DASHBOARD)
    with django_assert_max_num_queries(14):
        admin_client.get(DASHBOARD)
    for _ in range(5):
        session = start_checkout("once", "12", "gbp")
        for event in fake_stripe.complete_checkout(session["id"]):
            deliver(event)
    with django_assert_max_num_queries(14):
        admin_client.get(DASHBOARD)


def test_the_admin_index_links_to_the_dashboard(admin_client):
    assert "Giving dashboard" in admin_client.get("/admin/").content.decode()


def test_staff_without_donation_access_cannot_see_the_dashboard(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(DASHBOARD).status_code == 403
    assert "Giving dashboard" not in client.get("/admin/").content.decode()


def test_cancellations_older_than_thirty_days_are_not_churn(admin_client, book):
    RecurringDonation.objects.filter(status="canceled").update(
        canceled_at=timezone.now() - timedelta(days=31)
    )

    assert '<strong id="cancellations">0</strong>' in admin_client.get(DASHBOARD).content.decode()
