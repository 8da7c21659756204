"""Which journalism readers pay for, in a real browser: a reader gives from a story's appeal
through the (fake) Stripe Checkout, and the fundraiser finds the gift credited to the story, its
author and its section on the giving dashboard, over 30 and 90 days."""

import re

import pytest
from playwright.sync_api import expect

from donations.models import Donation
from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    APPEAL_HEADLINE,
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TOTPDeviceFactory,
    staff_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(live_server, fake_stripe, settings, asks):
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    return ArticleFactory(
        headline="Harbour wall repairs begin",
        authors=[AuthorFactory(name="Ines Marlow")],
        section=SectionFactory(name="Environment"),
    )


def _table(page, caption):
    return page.get_by_role("region", name=caption)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_gift_from_a_storys_appeal_shows_on_the_dashboard_by_story_author_and_section(
    new_context, live_server, story, axe, javascript
):
    reader = new_context(java_script_enabled=javascript).new_page()
    reader.goto(live_server.url + story.get_absolute_url())
    appeal = reader.get_by_role("complementary", name=APPEAL_HEADLINE)
    appeal.get_by_role("button", name=re.compile(r"^\$5")).click()
    expect(reader.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    reader.get_by_role("button", name="Pay").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert Donation.objects.get().article == story

    page = new_context(java_script_enabled=javascript).new_page()
    device = TOTPDeviceFactory(user=staff_user(username="fundraiser"))
    staff_sign_in(
        page, live_server.url, "fundraiser", "/admin/donations/donation/dashboard/", device
    )

    expect(
        page.get_by_role("heading", name="Which journalism readers pay for: last 30 days")
    ).to_be_visible()
    for caption, name in [
        ("Top stories", "Harbour wall repairs begin"),
        ("Top authors", "Ines Marlow"),
        ("Top sections", "Environment"),
    ]:
        expect(_table(page, caption).get_by_role("row").nth(1)).to_have_text(
            re.compile(rf"{name}\s*1\s*\$5")
        )
    assert "reader@example.org" not in page.locator("#revenue").inner_text()
    if javascript:  # axe-core runs in the page: it needs the page's JavaScript
        axe(page)

    switch = page.get_by_role("navigation", name="Period of the revenue tables")
    switch.get_by_role("link", name="Last 90 days").click()

    expect(
        page.get_by_role("heading", name="Which journalism readers pay for: last 90 days")
    ).to_be_visible()
    expect(switch.get_by_role("link", name="Last 90 days")).to_have_attribute(
        "aria-current", "true"
    )
    expect(_table(page, "Top stories")).to_contain_text("Harbour wall repairs begin")
    if javascript:
        axe(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Top stories, last 90 days, as CSV").click()
    assert download.value.suggested_filename.startswith("revenue-stories-90d-")
