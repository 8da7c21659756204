import csv
import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from donations.models import Donation, RecurringDonation
from tests.donations.conftest import LEDGER_DAY as NOW
from tests.factories import ArticleFactory, UserFactory, role_user, staff_log_in

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/donations/donation/dashboard/"


def _dashboard(client):
    with time_machine.travel(NOW, tick=False):
        return client.get(DASHBOARD)


def _rows(html, heading_id):
    section = html[html.index(f'id="{heading_id}"') :]
    table = section[: section.index("</table>")]
    return [
        re.sub(r"(<[^>]+>)+", "|", row).strip("|")
        for row in re.findall(r"<tr>(.*?)</tr>", table)[1:]
    ]


@pytest.fixture
def book(time_machine, start_checkout, fake_stripe, deliver, asks):
    """A known set of gifts: two currencies, a refund, a cancellation, a failed renewal.

    Given on 20 March, the clock running on from noon, so that they are "this month" and
    "today" when the dashboard is read, whatever the day the suite runs."""
    time_machine.move_to(NOW, tick=True)
    fake_stripe.clock = int(NOW.timestamp())  # the fake dates its objects from its own clock
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
    assert response.context["revenue"]["tables"][0]["rows"][0]["name"] == (
        "Harbour wall repairs begin"
    )
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
    # 21: the goal covered is its own read (donations.reports.goal_covered, two aggregates),
    # the one the banner shows, rather than a sum of the dashboard's other figures; revenue at
    # risk and recovered this month are one aggregate each; the revenue per story, author and
    # section three; and one
    # for the changes to recurring gifts and the reasons for cancelling; 22 with the
    # campaigns' list (each campaign adds its own two aggregates, reports.campaign_progress).
    with django_assert_max_num_queries(22):
        admin_client.get(DASHBOARD)
    for _ in range(5):
        session = start_checkout("once", "12", "gbp")
        for event in fake_stripe.complete_checkout(session["id"]):
            deliver(event)
    with django_assert_max_num_queries(22):
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


def test_monthly_recurring_revenue_rounds_annual_gifts_per_gift_to_the_nearest_cent(
    admin_client, ledger
):
    html = _dashboard(admin_client).content.decode()

    # $10 + $119/12 ($9.9167 -> $9.92) + $100.62/12 ($8.385 -> $8.39): $28.31, not the $28.29 that
    # integer division gave.
    assert "$28.31 <small>USD</small>" in html
    assert "€17 <small>EUR</small>" in html


def test_the_recurring_gifts_list_shows_the_same_monthly_revenue_as_the_dashboard(
    admin_client, ledger
):
    html = admin_client.get("/admin/donations/recurringdonation/").content.decode()

    assert "<strong>$28.31</strong> USD" in html
    assert "<strong>€17</strong> EUR" in html


def test_active_recurring_donors_are_counted_per_currency_once_each(admin_client, ledger):
    html = _dashboard(admin_client).content.decode()

    assert "$28.31 <small>USD</small></p><p>2 active recurring donors" in html
    assert "€17 <small>EUR</small></p><p>2 active recurring donors" in html


def test_one_off_gifts_this_month_are_net_of_refunds_and_fully_refunded_ones_do_not_count(
    admin_client, ledger
):
    html = _dashboard(admin_client).content.decode()

    # $50 + ($30 - $10) + $5.50; the $25 refunded in full is neither money nor a gift; the $40
    # was given in February.
    assert "$75.50 <small>USD</small></p><p>3 gifts, net of refunds" in html
    assert "€15 <small>EUR</small></p><p>1 gift, net of refunds" in html


def test_goal_progress_counts_only_the_goals_currency(admin_client, ledger):
    html = _dashboard(admin_client).content.decode()

    # ($28.31 + $75.50) of $200 = 51.9%; the euros are not converted or added.
    assert '<p class="dash-figure">52%</p><p>$103.81 of $200' in html


def test_churn_is_the_share_of_gifts_running_30_days_ago_cancelled_since(admin_client, ledger):
    html = _dashboard(admin_client).content.decode()

    # Running 30 days ago: $10, $119/yr, the $20 cancelled 5 days ago, and three in euros (the
    # past-due one still runs): 6. Of those, 1 was cancelled since.
    assert '<strong id="churn">16.7%</strong>' in html
    assert '<strong id="cancellations">2</strong>' in html
    assert '<strong id="new-monthly">2</strong>' in html


def test_top_prompts_and_articles_are_net_of_refunds_per_currency(admin_client, ledger):
    html = _dashboard(admin_client).content.decode()

    assert _rows(html, "prompts-heading") == [
        "banner-a|3|$110",
        "banner-a|1|€15",
        "banner-b|1|$5.50",
    ]
    assert _rows(html, "revenue-stories-heading") == [
        "Harbour wall repairs begin|1|€15",
        "Harbour wall repairs begin|2|$55.50",
    ]


def test_failed_renewals_of_past_due_gifts_are_listed_to_follow_up(admin_client, ledger):
    html = _dashboard(admin_client).content.decode()

    assert _rows(html, "failed-heading")[0].endswith("|€7|2026-03-20")


def test_the_dashboard_offers_csv_exports_of_its_periods_to_fundraising(client, ledger):
    staff_log_in(client, role_user("Fundraising", username="fran"))

    html = _dashboard(client).content.decode()

    for period in ["month", "30d", "90d"]:
        assert f'href="/admin/donations/donation/export.csv?period={period}"' in html


def test_editors_see_the_dashboard_without_the_export_links_they_may_not_use(client, ledger):
    client.force_login(role_user("Editor", username="eda"))

    response = _dashboard(client)

    assert response.status_code == 200
    assert "export.csv" not in response.content.decode()
    with time_machine.travel(NOW, tick=False):  # sessions end when idle: stay in the same hour
        assert client.get("/admin/donations/donation/export.csv").status_code == 403


def test_the_last_30_days_export_has_the_donations_behind_the_30_day_figures(admin_client, ledger):
    with time_machine.travel(NOW, tick=False):
        response = admin_client.get("/admin/donations/donation/export.csv", {"period": "30d"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted((row["amount"], row["currency"], row["status"]) for row in rows) == [
        ("15", "EUR", "paid"),
        ("25", "USD", "refunded"),
        ("30", "USD", "paid"),
        ("40", "USD", "paid"),
        ("5.50", "USD", "paid"),
        ("50", "USD", "paid"),
        ("7", "EUR", "failed"),
    ]


def test_this_months_export_starts_on_the_first_of_the_month(admin_client, ledger):
    with time_machine.travel(NOW, tick=False):
        response = admin_client.get("/admin/donations/donation/export.csv", {"period": "month"})

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    paid_days = sorted(row["paid_at"][:10] for row in rows if row["paid_at"])
    assert paid_days[0] == "2026-03-16"
    assert "2026-02-23" not in paid_days
