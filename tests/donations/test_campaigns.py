"""Campaigns with a deadline and a sponsor's match: one figure (donations.reports.
campaign_progress) drives the banner's meter, the copy's placeholders and the dashboard; the
asks turn into thanks once the goal is met, and the copy says when the match is used up."""

import html as html_text
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from donations.models import Campaign, Donation, Prompt
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    DonationFactory,
    PromptFactory,
    RecurringDonationFactory,
    role_user,
    staff_log_in,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
DASHBOARD = "/admin/donations/donation/dashboard/"
ADD_CAMPAIGN = "/admin/donations/campaign/add/"
ADD_PROMPT = "/admin/donations/prompt/add/"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def fundraiser(client, clock):
    staff_log_in(client, role_user("Fundraising", username="fran"))
    return client


@pytest.fixture
def drive(clock) -> Campaign:
    """A $10,000 drive from a week ago to three weeks ahead, matched 2:1 by a sponsor up to
    $1,000."""
    return CampaignFactory(
        name="Spring drive",
        starts_at=NOW - timedelta(days=7),
        ends_at=NOW + timedelta(days=21),
        match_sponsor="The Local Trust",
        match_pool=1000,
        match_ratio=2,
    )


@pytest.fixture
def awkward_gifts(drive):
    """Within the drive: a partly and a fully refunded gift, euros, a new monthly and a new
    annual gift (whose twelfth is not whole cents), and an older monthly gift's payment; and a
    gift from before it began."""
    DonationFactory(amount=3000, amount_refunded=1000)
    DonationFactory(amount=2500, amount_refunded=2500, status=Donation.Status.REFUNDED)
    DonationFactory(amount=4000, currency="eur")
    DonationFactory(amount=9900, paid_at=NOW - timedelta(days=8))
    monthly = RecurringDonationFactory(amount=1000, started_at=NOW - timedelta(days=2))
    DonationFactory(renewal=True, recurring=monthly)
    annual = RecurringDonationFactory(
        amount=10062, interval="year", started_at=NOW - timedelta(days=1)
    )
    DonationFactory(renewal=True, recurring=annual)
    older = RecurringDonationFactory(amount=500, started_at=NOW - timedelta(days=40))
    DonationFactory(renewal=True, recurring=older)
    euros = RecurringDonationFactory(amount=5000, currency="eur", started_at=NOW)
    DonationFactory(renewal=True, recurring=euros)


def _banner(client, path="/") -> str:
    """The banner's words as a reader reads them, or "" when there is none."""
    html = client.get(path).content.decode()
    if 'class="support-banner"' not in html:
        return ""
    start = html.index('class="support-banner"')
    text = re.sub(r"<[^>]+>", " ", html[start : html.index("</aside>", start)])
    return re.sub(r"\s+", " ", html_text.unescape(text))


def _campaign_banner(campaign, **fields) -> Prompt:
    return PromptFactory(
        **{
            "key": "drive-banner",
            "headline": "{days_left} days left to raise {goal}",
            "body": "{raised} raised so far.",
            "campaign": campaign,
            **fields,
        }
    )


def test_the_campaign_meter_counts_its_window_net_of_refunds_in_its_currency(
    client, awkward_gifts, drive
):
    _campaign_banner(drive)

    banner = _banner(client)

    # $30 - $10 refunded, the new monthly $10, the new annual $100.62 and the older gift's $5;
    # not the refunded $25, the euros or the gift from before the drive. 13562/1000000 = 1%.
    # Last day 10 April: 22 days counting today.
    assert "$135.62 of $10,000 raised, 22 days left" in banner
    assert 'value="1"' in client.get("/").content.decode()


def test_the_match_counts_new_recurring_gifts_at_twelve_months_and_applies_the_ratio(
    client, awkward_gifts, drive
):
    _campaign_banner(drive, body="{raised} raised so far; {sponsor} has added {matched}.")

    banner = _banner(client)

    # Counted: $20 + 12 x $10 + 12 x $8.39 (the annual gift's twelfth, half up) + $5 =
    # $245.68, times 2 = $491.36, under the $1,000 pool, which has $508.64 left.
    assert "$135.62 raised so far; The Local Trust has added $491.36." in banner
    assert "The Local Trust matches every gift, up to $508.64 more." in banner


def test_the_match_stops_at_its_pool_and_the_copy_says_it_is_used_up(client, awkward_gifts, drive):
    drive.match_pool = 300
    drive.save()
    _campaign_banner(drive, body="{sponsor} has added {matched}.")

    banner = _banner(client)

    assert "The Local Trust has added $300." in banner
    assert "The Local Trust's match is used up. Thank you! Every gift still counts." in banner
    assert "up to" not in banner


def test_the_placeholders_fill_the_copy_from_the_same_figure_as_the_meter(client, drive):
    DonationFactory(amount=250000)
    _campaign_banner(drive, body="{covered} of {goal}: {percent}%, {match_left} of match left.")

    banner = _banner(client)

    assert "22 days left to raise $10,000" in banner
    assert "$2,500 of $10,000: 25%, $0 of match left." in banner
    assert "$2,500 of $10,000 raised, 22 days left" in banner
    assert "{" not in banner


def test_once_the_goal_is_met_the_asks_turn_into_thanks_without_amounts(client, drive):
    DonationFactory(amount=1_000_000)
    _campaign_banner(drive)
    PromptFactory(appeal=True, key="drive-appeal", campaign=drive)
    article = ArticleFactory(published_at=NOW - timedelta(days=1))

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("We raised $10,000 of our $10,000 goal. Thank you!") == 2
    assert 'name="amount"' not in html
    assert "Give once instead" not in html
    assert '?prompt=drive-banner"' not in html  # the banner's button to give


def test_before_the_goal_is_met_the_appeal_offers_its_amounts(client, drive):
    DonationFactory(amount=999_999)
    PromptFactory(appeal=True, key="drive-appeal", campaign=drive)
    article = ArticleFactory(published_at=NOW - timedelta(days=1))

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'name="amount"' in html
    assert "We raised" not in html


def test_a_campaigns_prompt_shows_only_while_the_campaign_runs(client, clock):
    campaign = CampaignFactory(starts_at=NOW + timedelta(hours=1), ends_at=NOW + timedelta(days=3))
    _campaign_banner(campaign)

    assert _banner(client) == ""
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        # 20 to 23 March, today included.
        assert "4 days left" in _banner(client)
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        assert _banner(client) == ""


@pytest.mark.parametrize(
    ("moment", "ends", "days_left"),
    [
        # The last minute of the end day: one day left.
        (datetime(2027, 11, 2, 23, 59, 30), datetime(2027, 11, 3), 1),
        # Over the clocks going back (a 25-hour day): 30 Oct to 2 Nov is 4 days, though 4 days
        # and half an hour remain.
        (datetime(2027, 10, 30, 0, 30), datetime(2027, 11, 3), 4),
        # Over the clocks going forward (a 23-hour day): 27 to 29 March is 3 days, though less
        # than 2 days remain.
        (datetime(2027, 3, 27, 23, 30), datetime(2027, 3, 30), 3),
    ],
    ids=["last-minute-of-the-end-day", "clocks-go-back", "clocks-go-forward"],
)
def test_days_left_are_calendar_days_in_the_sites_time_zone(
    client, settings, moment, ends, days_left
):
    settings.TIME_ZONE = "Europe/London"
    moment, ends = moment.replace(tzinfo=LONDON), ends.replace(tzinfo=LONDON)
    campaign = CampaignFactory(starts_at=ends - timedelta(days=30), ends_at=ends)
    _campaign_banner(campaign)

    with time_machine.travel(moment.timestamp(), tick=False):
        banner = _banner(client)

    assert f"raised, {days_left} day{'' if days_left == 1 else 's'} left" in banner


def test_at_the_end_of_the_last_day_the_campaign_and_its_asks_are_over(client, settings):
    settings.TIME_ZONE = "Europe/London"
    ends = datetime(2027, 11, 3, tzinfo=LONDON)
    _campaign_banner(CampaignFactory(starts_at=ends - timedelta(days=30), ends_at=ends))

    with time_machine.travel(ends.timestamp() - 30, tick=False):
        assert "1 day left" in _banner(client)
    with time_machine.travel(ends.timestamp(), tick=False):
        assert _banner(client) == ""


def test_the_dashboard_shows_each_campaigns_progress_and_matched_total(
    client, fundraiser, awkward_gifts, drive
):
    CampaignFactory(
        name="Autumn drive", starts_at=NOW + timedelta(days=100), ends_at=NOW + timedelta(days=130)
    )
    _campaign_banner(drive)

    html = html_text.unescape(fundraiser.get(DASHBOARD).content.decode())
    banner = _banner(client)

    row = html[html.index("Spring drive") : html.index("</tr>", html.index("Spring drive"))]
    assert "$135.62 of $10,000" in row
    assert "(22 days left)" in row
    assert "$491.36 of $1,000 from The Local Trust" in row
    assert "$135.62 of $10,000 raised" in banner
    assert "Autumn drive" in html and "(to come)" in html


def _campaign_form(**fields) -> dict:
    """The campaign's admin form as an editor sends it."""
    return {
        "name": "Spring drive",
        "starts_at_0": "2026-03-13",
        "starts_at_1": "12:00",
        "ends_at_0": "2026-04-10",
        "ends_at_1": "12:00",
        "goal": 10000,
        "currency": "usd",
        "match_sponsor": "",
        "match_pool": 0,
        "match_ratio": 1,
        "match_message": "",
        "match_used_up_message": "",
        "thank_you_message": "Thank you: {raised} raised.",
        **fields,
    }


def test_fundraising_adds_a_campaign_in_the_admin(fundraiser):
    response = fundraiser.post(ADD_CAMPAIGN, _campaign_form())

    assert response.status_code == 302
    assert Campaign.objects.get().ends_at == datetime(2026, 4, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"thank_you_message": "Thanks, {donor}!"}, "Unknown placeholder {donor}."),
        ({"match_message": "Doubled up to {match_left}"}, "{match_left} needs a match"),
        ({"ends_at_0": "2026-03-01"}, "The end must come after the start."),
    ],
    ids=["unknown-placeholder", "match-figure-without-a-match", "end-before-start"],
)
def test_the_campaign_form_refuses_what_a_page_could_not_show(fundraiser, fields, named):
    response = fundraiser.post(ADD_CAMPAIGN, _campaign_form(**fields))

    assert response.status_code == 200
    assert named in html_text.unescape(response.content.decode())
    assert not Campaign.objects.exists()


def test_the_prompt_form_refuses_campaign_figures_without_a_campaign(fundraiser):
    response = fundraiser.post(
        ADD_PROMPT,
        {
            "placement": "banner",
            "headline": "{days_left} days left",
            "key": "drive-banner",
            "body": "Give.",
            "call_to_action": "Support us",
            "default_frequency": "monthly",
            "presets": "",
            "monthly_goal": 0,
            "goal_currency": "usd",
            "is_active": "on",
            "priority": 0,
            "snooze_days": 7,
            "hide_days": 1,
        },
    )

    assert response.status_code == 200
    assert "The copy shows {days_left}: set a monthly goal, or a campaign" in (
        html_text.unescape(response.content.decode())
    )
    assert not Prompt.objects.exists()


def test_a_campaigns_ask_starts_and_ends_on_time_on_cached_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    now = timezone.now()
    campaign = CampaignFactory(
        starts_at=now + timedelta(seconds=20), ends_at=now + timedelta(seconds=40)
    )
    _campaign_banner(campaign, headline="Spring drive: {raised} raised")
    shown = {}

    for seconds in (0, 19, 20, 39, 40):
        with time_machine.travel(now + timedelta(seconds=seconds), tick=False):
            shown[seconds] = "Spring drive: $0 raised" in _banner(client)

    assert shown == {0: False, 19: False, 20: True, 39: True, 40: False}


def test_days_left_go_down_at_local_midnight_on_cached_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.TIME_ZONE = "Europe/London"
    midnight = datetime(2027, 7, 10, tzinfo=LONDON)
    campaign = CampaignFactory(
        starts_at=midnight - timedelta(days=5), ends_at=midnight + timedelta(days=3)
    )
    _campaign_banner(campaign)

    with time_machine.travel(midnight.timestamp() - 10, tick=False):
        before = _banner(client)
    with time_machine.travel(midnight.timestamp() + 5, tick=False):
        after = _banner(client)

    assert "4 days left to raise" in before
    assert "3 days left to raise" in after
