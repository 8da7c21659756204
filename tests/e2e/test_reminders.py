"""'Email me a reminder' in a real browser, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from donations.models import Reminder
from donations.services.reminders import reminder_token_make
from tests.factories import APPEAL_HEADLINE, ArticleFactory, ReminderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, fake_stripe, settings, asks):
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    return live_server, ArticleFactory(headline="Harbour wall repairs begin")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_asks_for_a_reminder_from_the_appeal_and_the_asks_stay_away(
    new_context, site, axe, javascript
):
    server, article = site
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(server.url + article.get_absolute_url())

    _appeal(page).get_by_role("link", name="email me a reminder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email me a reminder")
    expect(page.locator("main")).to_contain_text("at most two emails")
    if javascript:  # axe-core is a script; the pages are the same markup without it
        axe(page)
    page.get_by_role("radio", name="At the start of next month").check()
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_role("button", name="Email me a reminder").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder set")
    expect(page.locator("main")).to_contain_text("We’ll email sam@example.org on 1 ")
    if javascript:  # axe-core is a script; the pages are the same markup without it
        axe(page)
    page.get_by_role("link", name="Back to where you were").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
    expect(_appeal(page)).to_have_count(0)
    assert Reminder.objects.get().email == "sam@example.org"
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_who_forgets_the_address_is_told_what_to_fix(new_context, site, axe, javascript):
    server, _ = site
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(server.url + "/support/remind-me/")

    page.get_by_role("radio", name="In a month I choose").check()
    page.get_by_role("button", name="Email me a reminder").click()

    expect(page.get_by_role("alert")).to_contain_text("Choose a month.")
    expect(page.get_by_role("alert")).to_contain_text("Enter the email address")
    if javascript:  # axe-core is a script; the pages are the same markup without it
        axe(page)
    assert not Reminder.objects.exists()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_emails_cancel_link_asks_then_deletes_the_address(new_context, site, axe, javascript):
    server, _ = site
    reminder = ReminderFactory()
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{server.url}/support/remind-me/cancel/{reminder_token_make(reminder=reminder)}/")
    if javascript:  # axe-core is a script; the pages are the same markup without it
        axe(page)

    page.get_by_role("button", name="Cancel my reminder").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder cancelled")
    if javascript:  # axe-core is a script; the pages are the same markup without it
        axe(page)
    assert not Reminder.objects.exists()
    context.close()


def test_a_one_off_donor_asks_to_be_reminded_to_give_again(page, site, axe):
    server, article = site
    page.goto(server.url + article.get_absolute_url())
    _appeal(page).get_by_role("link", name="Give once instead").click()
    page.get_by_role("button", name="Give $25", exact=True).click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    page.get_by_role("link", name="Remind me to give again in 3, 6 or 12 months").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remind me to give again")
    axe(page)
    page.get_by_role("radio", name="In 6 months").check()
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_role("button", name="Email me a reminder").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder set")
    reminder = Reminder.objects.get()
    assert (reminder.frequency, reminder.prompt) == ("once", "article-end-letter")
