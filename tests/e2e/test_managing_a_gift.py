"""A donor manages a monthly gift in a real browser, from the emailed link: a new amount, a
pause, then cancelling for a reason about money (a smaller amount is offered first). With
JavaScript and without: every action is a plain form."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from donations.models import GiftChange, RecurringDonation
from tests.task_queue import TaskQueue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def giving(live_server, fake_stripe, settings):
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    return live_server


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_donor_changes_the_amount_pauses_then_cancels_for_a_money_reason(
    new_context, giving, axe, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()

    def check_accessibility():
        # axe-core runs as JavaScript in the page, which a context without it cannot run; the
        # pages are the same markup either way (the manage page has no script of its own).
        if javascript:
            axe(page)

    page.goto(f"{giving.url}/support/")
    page.get_by_role("radio", name="$5").check()
    page.get_by_role("button", name="Give $5 a month").click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    page.get_by_role("link", name="Manage your gift").first.click()
    page.get_by_label("Your email address").fill("reader@example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    TaskQueue().run()
    link = re.search(r"https?://\S+/support/manage/\S+/", mail.outbox[-1].body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your gifts")
    expect(page.get_by_role("heading", name="$5 a month")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("update your card"))).to_be_visible()
    check_accessibility()

    page.get_by_label("New amount").fill("8")
    page.get_by_role("button", name="Change my gift").click()
    expect(page.get_by_role("status")).to_contain_text("your gift is now $8 a month")
    expect(page.get_by_role("heading", name="$8 a month")).to_be_visible()
    check_accessibility()

    page.get_by_role("radio", name="2 months").check()
    page.get_by_role("button", name="Pause my gift").click()
    expect(page.get_by_role("status")).to_contain_text("No payments until")
    expect(page.get_by_role("button", name="Resume my gift now")).to_be_visible()
    check_accessibility()

    page.get_by_role("link", name="Cancel my gift").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your gift")
    check_accessibility()
    page.get_by_role("radio", name="I can’t afford it at the moment").check()
    page.get_by_role("button", name="Cancel my gift").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Would a smaller gift help?")
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings.index("Reduce the amount") < headings.index("Or stop your gift")
    check_accessibility()
    page.get_by_role("button", name="Cancel my gift").click()

    expect(page.get_by_role("status")).to_contain_text("your gift has ended")
    expect(page.get_by_role("link", name="Cancel my gift")).to_have_count(0)
    check_accessibility()
    assert RecurringDonation.objects.get().status == "canceled"
    assert list(GiftChange.objects.order_by("pk").values_list("kind", "reason")) == [
        ("amount", ""),
        ("pause", ""),
        ("cancel", "too_expensive"),
    ]
    page.context.close()
