"""Editors' controls over the asks in a real browser: an editor takes the asks off a story, or
pauses every ask for a day of tragedy, through the admin; readers, with JavaScript on and off,
then see only the footer's plain link. The prompt's preview at a phone's and a desktop's size.
axe on every page."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from donations.models import AsksPause, PromptDay
from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    APPEAL_HEADLINE,
    ArticleFactory,
    PromptFactory,
    TOTPDeviceFactory,
    role_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings, asks):
    settings.SITE_URL = live_server.url
    return live_server, ArticleFactory(headline="Ferry accident: what we know")


def _banner(page):
    return page.get_by_role("complementary", name="Support The Riverside Ledger")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


def _reader_sees_only_the_footer_link(new_context, url, axe, *, javascript):
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("main")).to_be_visible()
    expect(_banner(page)).to_have_count(0)
    expect(_appeal(page)).to_have_count(0)
    expect(page.locator(".site-footer").get_by_role("link", name="Support us")).to_be_visible()
    axe(page)
    context.close()


def _reader_sees_the_asks(new_context, url, *, appeal=True):
    context = new_context()
    page = context.new_page()
    page.goto(url)
    expect(_banner(page)).to_be_visible()
    if appeal:
        expect(_appeal(page)).to_be_visible()
    context.close()


def test_an_editor_takes_the_asks_off_a_story_and_readers_see_only_the_footer_link(
    new_context, page, site, axe
):
    server, story = site
    url = server.url + story.get_absolute_url()
    _reader_sees_the_asks(new_context, url)  # and the page cache keeps that page
    role_user("Editor", username="eda")
    staff_sign_in(page, server.url, "eda", f"/admin/articles/article/{story.pk}/change/")

    page.get_by_label("No asks on this story").check()
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator(".messagelist")).to_contain_text("Changes saved.")
    assert type(story).objects.get(pk=story.pk).no_asks
    for javascript in (True, False):
        _reader_sees_only_the_footer_link(new_context, url, axe, javascript=javascript)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_editor_pauses_every_ask_and_ends_the_pause_early(new_context, site, axe, javascript):
    server, story = site
    url = server.url + story.get_absolute_url()
    _reader_sees_the_asks(new_context, url)
    role_user("Editor", username="eda")
    page = new_context(java_script_enabled=javascript).new_page()
    staff_sign_in(page, server.url, "eda", "/admin/donations/askspause/add/")
    until = timezone.localtime() + timedelta(hours=6)

    page.get_by_label("Asks paused until date").fill(f"{until:%Y-%m-%d}")
    page.get_by_label("Asks paused until time").fill(f"{until:%H:%M:%S}")
    page.get_by_label("Reason").fill("The ferry accident: a day of mourning")
    axe(page, stylesheets=False)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    _reader_sees_only_the_footer_link(new_context, url, axe, javascript=javascript)
    _reader_sees_only_the_footer_link(new_context, server.url + "/", axe, javascript=javascript)

    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.get_by_label("Action:").select_option(label="End the selected pauses now")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("the asks are back on every page")
    assert AsksPause.objects.get().ended_at is not None
    _reader_sees_the_asks(new_context, url)


def test_the_preview_shows_a_prompt_as_readers_see_it_on_a_phone_and_a_desktop(
    live_server, page, settings, axe
):
    settings.SITE_URL = live_server.url
    prompt = PromptFactory(
        key="winter-drive", headline="Winter drive: keep the night desk open", is_active=False
    )
    fundraiser = role_user("Fundraising", username="fay")
    device = TOTPDeviceFactory(user=fundraiser)
    staff_sign_in(
        page, live_server.url, "fay", f"/admin/donations/prompt/{prompt.pk}/change/", device
    )

    page.get_by_role("link", name="See it as readers do, on a phone and on a desktop").click()

    expect(page.locator(".prompt-preview__state")).to_contain_text("Readers do not see")
    sizes = {}
    for name in ("Phone", "Desktop"):
        frame = page.frame_locator(f'iframe[title="{name} preview of the prompt"]')
        banner = frame.locator("[data-support-banner]")  # inert: out of the roles' tree
        expect(banner).to_contain_text("Winter drive: keep the night desk open")
        sizes[name] = banner.bounding_box()["width"]
    assert sizes["Phone"] <= 390 < sizes["Desktop"]
    axe(page, stylesheets=False)
    page.get_by_role("link", name="Open the sample page on its own").click()
    expect(page.locator("[data-support-banner]")).to_be_visible()
    axe(page)
    time.sleep(1)  # a reader's page would have sent its impression by now
    assert not PromptDay.objects.filter(impressions__gt=0).exists()
