"""The monthly goal covered is one figure (donations.reports.goal_covered): the banner's meter,
the banner's copy and the giving dashboard show the same amount, and copy names the figures
with placeholders rather than typing them in."""

import html as html_text
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from donations.models import Donation, Prompt
from tests.factories import (
    DonationFactory,
    PromptFactory,
    RecurringDonationFactory,
    role_user,
    staff_log_in,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
DASHBOARD = "/admin/donations/donation/dashboard/"
ADD_PROMPT = "/admin/donations/prompt/add/"
HEADLINE = "It costs {goal} a month to run {site_name}: {percent}% covered so far"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def fundraiser(client, clock):
    staff_log_in(client, role_user("Fundraising", username="fran"))
    return client


@pytest.fixture
def awkward_month(clock):
    """Dollars and euros this month: annual gifts whose twelfths are not whole cents, a
    partial and a full refund, and last month's gift."""
    RecurringDonationFactory(amount=10062, interval="year")  # 838.5 cents a month
    RecurringDonationFactory(amount=11900, interval="year")  # 991.67 cents a month
    RecurringDonationFactory(amount=1000)
    RecurringDonationFactory(amount=1000, status="canceled", canceled_at=NOW - timedelta(days=1))
    RecurringDonationFactory(amount=5000, currency="eur")
    DonationFactory(amount=3000, amount_refunded=1000)
    DonationFactory(amount=2500, amount_refunded=2500, status=Donation.Status.REFUNDED)
    DonationFactory(amount=4000, currency="eur")
    DonationFactory(amount=9900, paid_at=NOW - timedelta(days=20))  # February's


def _banner_prompt(**fields) -> Prompt:
    """The banner these tests read: a $200 goal, named in its copy by placeholders."""
    return PromptFactory(
        **{
            "key": "goal-banner",
            "headline": HEADLINE,
            "body": "{covered} of {goal} is covered by readers this month.",
            "monthly_goal": 200,
            "goal_currency": "usd",
            **fields,
        }
    )


def _banner(client) -> str:
    html = client.get("/").content.decode()
    start = html.index('class="support-banner"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : html.index("</aside>", start)]))


def _prompt_form(**fields) -> dict:
    """The prompt's admin form as an editor sends it."""
    return {
        "placement": "banner",
        "headline": HEADLINE,
        "key": "goal-banner",
        "body": "Readers cover it together.",
        "call_to_action": "Support us",
        "default_frequency": "monthly",
        "presets": "",
        "monthly_goal": 200,
        "goal_currency": "usd",
        "is_active": "on",
        "priority": 0,
        "snooze_days": 7,
        "hide_days": 1,
        **fields,
    }


def test_the_banner_and_the_dashboard_show_the_same_goal_covered_with_awkward_gifts(
    client, fundraiser, awkward_month
):
    _banner_prompt()

    banner = _banner(client)
    dashboard = fundraiser.get(DASHBOARD).content.decode()

    # $8.39 + $9.92 (each annual gift's twelfth, half up) + $10 + ($30 - $10 refunded); not
    # the refunded $25, February's $99, the cancelled gift or the euros. 4831/20000 = 24%.
    assert "$48.31 of $200 covered this month" in banner
    assert '<p class="dash-figure">24%</p><p>$48.31 of $200' in dashboard
    assert "24% covered so far" in banner


def test_the_banner_copy_shows_the_goal_figures_in_place_of_its_placeholders(
    client, awkward_month, settings
):
    _banner_prompt()

    banner = _banner(client)

    assert f"It costs $200 a month to run {settings.SITE_NAME}: 24% covered so far" in banner
    assert "$48.31 of $200 is covered by readers this month." in banner
    assert "{" not in banner


def test_changing_only_the_goal_changes_the_figure_in_the_headline(client, fundraiser):
    prompt = _banner_prompt(headline="Running the newsroom costs {goal} a month")
    assert "costs $200 a month" in _banner(client)

    response = fundraiser.post(
        f"/admin/donations/prompt/{prompt.pk}/change/",
        _prompt_form(headline=prompt.headline, monthly_goal=12000),
    )
    assert response.status_code == 302

    banner = _banner(client)
    assert "costs $12,000 a month" in banner
    assert "$0 of $12,000 covered this month" in banner


@pytest.mark.parametrize(
    ("headline", "named"),
    [
        ("It costs {cost} a month", "Unknown placeholder {cost}."),
        ("It costs {goal:>12} a month", "Unknown placeholder {goal:>12}."),
        ("It costs {goal a month", "without its pair"),
    ],
    ids=["unknown-name", "format-spec", "unbalanced-brace"],
)
def test_the_prompt_form_refuses_copy_with_a_placeholder_it_cannot_fill(
    fundraiser, headline, named
):
    response = fundraiser.post(ADD_PROMPT, _prompt_form(headline=headline))

    assert response.status_code == 200
    html = html_text.unescape(response.content.decode())
    assert named in html
    assert "{goal}, {covered}, {percent}, {site_name}" in html
    assert not Prompt.objects.exists()


def test_the_prompt_form_refuses_goal_figures_in_copy_without_a_goal(fundraiser):
    response = fundraiser.post(ADD_PROMPT, _prompt_form(monthly_goal=0))

    assert response.status_code == 200
    assert "The copy shows {goal}, {percent}: set a monthly goal" in response.content.decode()
    assert not Prompt.objects.exists()


def test_copy_stored_before_it_was_checked_is_shown_as_written(client, clock):
    _banner_prompt(headline="Costs {cost} a month", body="A lone { brace")

    banner = _banner(client)

    assert "Costs {cost} a month" in banner
    assert "A lone { brace" in banner
