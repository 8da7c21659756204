"""A campaign's ask in a real browser, with JavaScript on and off: its meter, its days left and
its match, then thanks in place of the amounts once the goal is met; and its dashboard row."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    APPEAL_HEADLINE,
    ArticleFactory,
    CampaignFactory,
    DonationFactory,
    PromptFactory,
    TOTPDeviceFactory,
    role_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drive(live_server):
    """A $1,000 drive ending in ten days, matched 1:1 by a sponsor up to $500, with its banner
    and its appeal, and an article to read."""
    now = timezone.now()
    campaign = CampaignFactory(
        name="Spring drive",
        starts_at=now - timedelta(days=3),
        ends_at=now + timedelta(days=10),
        goal=1000,
        match_sponsor="The Local Trust",
        match_pool=500,
    )
    PromptFactory(
        key="drive-banner",
        headline="{days_left} days left to raise {goal}",
        body="{raised} raised so far, and {matched} more from {sponsor}.",
        campaign=campaign,
    )
    PromptFactory(appeal=True, key="drive-appeal", campaign=campaign)
    return campaign, ArticleFactory(headline="Harbour wall repairs begin")


def _banner(page):
    return page.get_by_role("complementary", name="Support The Riverside Ledger")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_sees_the_campaigns_meter_days_left_and_match(
    live_server, new_context, drive, axe, javascript
):
    _, article = drive
    DonationFactory(amount=25000)
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()

    page.goto(live_server.url + article.get_absolute_url())

    banner = _banner(page)
    expect(banner).to_contain_text("11 days left to raise $1,000")
    expect(banner).to_contain_text("$250 raised so far, and $250 more from The Local Trust.")
    expect(banner).to_contain_text("The Local Trust matches every gift, up to $250 more.")
    expect(
        banner.get_by_role("progressbar", name="$250 of $1,000 raised, 11 days left")
    ).to_have_attribute("value", "25")
    expect(_appeal(page).get_by_role("button", name="$5 a month")).to_be_visible()
    if javascript:  # axe runs as a script: the page without one is the same page
        axe(page)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_once_the_goal_is_met_a_reader_is_thanked_instead_of_asked(
    live_server, new_context, drive, axe, javascript
):
    _, article = drive
    DonationFactory(amount=100000)
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()

    page.goto(live_server.url + article.get_absolute_url())

    thanks = "We raised $1,000 of our $1,000 goal. Thank you!"
    expect(_banner(page)).to_contain_text(thanks)
    expect(_banner(page)).to_contain_text("The Local Trust's match is used up.")
    expect(_banner(page).get_by_role("link", name="Support us")).to_have_count(0)
    expect(_appeal(page)).to_contain_text(thanks)
    expect(_appeal(page).locator('button[name="amount"]')).to_have_count(0)
    if javascript:  # axe runs as a script: the page without one is the same page
        axe(page)
    context.close()


def test_the_dashboard_shows_the_campaigns_progress_and_match(live_server, page, drive, axe):
    DonationFactory(amount=25000)
    device = TOTPDeviceFactory(user=role_user("Fundraising", username="fran"))
    staff_sign_in(page, live_server.url, "fran", "/admin/donations/donation/dashboard/", device)

    row = page.get_by_role("row", name="Spring drive")
    expect(row).to_contain_text("$250 of $1,000")
    expect(row).to_contain_text("$250 of $500 from The Local Trust")
    expect(row.get_by_role("progressbar")).to_have_attribute("value", "25")
    axe(page)
