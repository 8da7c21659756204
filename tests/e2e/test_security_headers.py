"""The Content-Security-Policy in a real browser: every page readers, donors and editors use
loads, works and breaks nothing of the policy.

The check itself is in conftest.py (`_no_policy_violations`, for every browser test): each
`securitypolicyviolation` event and each console report of one fails the test, and so does any
page of ours that arrives without the header. The tests here walk the pages and flows that
must be covered.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from donations.models import Donation
from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    APPEAL_HEADLINE,
    ArticleFactory,
    DonationFactory,
    SectionFactory,
    TagFactory,
    TOTPDeviceFactory,
    role_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, fake_stripe, settings, asks):
    """A newsroom with both asks, wired to the fake Stripe (its Checkout on another origin)."""
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = f"{live_server.url}/support/webhooks/stripe/"
    tag = TagFactory(name="Flooding")
    article = ArticleFactory(headline="River defences hold", tags=[tag], with_photo=True)
    ArticleFactory(headline="Library opens on Sundays", section=article.section)
    return live_server, article


def _banner(page):
    return page.get_by_role("complementary", name="Support The Riverside Ledger")


def _appeal(page):
    return page.get_by_role("complementary", name=APPEAL_HEADLINE)


def _policy(response):
    return response.header_value("content-security-policy") or ""


def test_every_reader_page_sends_the_policy_and_breaks_none_of_it(page, site):
    server, article = site
    addresses = [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        article.authors.first().get_absolute_url(),
        "/search/?q=river",
        "/support/",
        "/support/thanks/",
        "/support/manage/",
        "/2020/01/01/no-such-story/",
    ]
    for address in addresses:
        response = page.goto(server.url + address)
        expect(page.locator("main")).to_be_visible()
        assert "frame-ancestors 'none'" in _policy(response), address
        assert "'unsafe-inline'" not in _policy(response), address
        assert response.header_value("permissions-policy"), address
    # Second visits come from the page cache, and still carry the policy.
    for address in addresses[:5]:
        response = page.goto(server.url + address)
        assert "script-src 'self'" in _policy(response), address


def test_a_reader_gives_from_the_support_page_through_checkout_to_thanks(page, site):
    server, _ = site
    page.goto(f"{server.url}/support/")
    page.get_by_role("radio", name="One-off").check()
    page.get_by_role("radio", name="$25").check()

    page.get_by_role("button", name="Give $25", exact=True).click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    page.get_by_role("button", name="Pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert Donation.objects.get().amount == 2500


def test_a_reader_gives_from_the_appeal_without_javascript(new_context, site):
    server, article = site
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url + article.get_absolute_url())

    _appeal(page).get_by_role("button", name="$5 a month").click()
    expect(page.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    page.get_by_role("button", name="Pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_a_donor_asks_for_a_manage_link(page, site):
    server, _ = site
    page.goto(f"{server.url}/support/manage/")
    page.get_by_label("Email").fill("reader@example.org")

    page.get_by_role("button", name="Email me a link").click()

    expect(page.locator("main")).to_contain_text("reader@example.org")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_asks_remind_me_later_undo_close_and_already_supporting(new_context, site, javascript):
    server, article = site
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(server.url + article.get_absolute_url())

    page.get_by_role("button", name="Remind me later").click()
    expect(page.locator("[data-support-notice]")).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(_appeal(page)).to_be_visible()
    _banner(page).get_by_role("button", name="Close the support banner").click()
    expect(_banner(page)).to_have_count(0)
    page.get_by_role("button", name="I already support you").click()

    expect(_appeal(page)).to_have_count(0)
    page.goto(server.url + article.get_absolute_url())
    expect(_appeal(page)).to_have_count(0)


def _log_in(page, server, username, next_path, device=None):
    response = page.goto(f"{server.url}/admin/login/?next={next_path}")
    assert "frame-ancestors 'none'" in _policy(response)
    staff_sign_in(page, server.url, username, next_path, device)


def test_an_editor_writes_an_article_with_a_body_photo_under_the_policy(
    page, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    lead, inline = tmp_path / "lead.jpg", tmp_path / "inline.jpg"
    Image.new("RGB", (1200, 800), "steelblue").save(lead, "JPEG")
    Image.new("RGB", (1200, 800), "darkseagreen").save(inline, "JPEG")
    SectionFactory(name="Politics", slug="politics")
    TagFactory(name="Harbour")
    role_user("Editor", username="eda")
    _log_in(page, live_server, "eda", "/admin/")
    expect(page.get_by_role("heading", name="Newsroom")).to_be_visible()

    page.locator("#articles-article").get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Add article").click()
    page.get_by_label("Headline").fill("Harbour budget passes")
    page.get_by_label("Section").select_option(label="Politics")
    page.locator(".field-tags .select2-selection").click()  # the tags' autocomplete
    page.locator(".field-tags .select2-search__field").fill("Harb")
    page.get_by_role("option", name="Harbour").click()
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The vote was close.")
    page.locator(".prose-menubar button[title=figure]").click()
    dialog = page.locator("dialog[open]")
    with page.expect_popup() as picker:
        dialog.get_by_role("button", name="Browse...").click()
    upload = picker.value
    upload.get_by_label("Photo").set_input_files(inline)
    upload.get_by_label("Alt text").fill("The harbour wall.")
    with upload.expect_event("close"):
        upload.get_by_role("button", name="Upload").click()
    dialog.get_by_role("button", name="Insert").click()
    page.locator("input[name=lead_image]").set_input_files(lead)
    page.get_by_label("Alt text").fill("The council chamber.")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    article = Article.objects.get()
    assert '<figure><img src="/media/articles/body/' in article.body
    assert article.tags.get().name == "Harbour"
    expect(page.locator(".ProseMirror figure img")).to_be_visible()  # the editor, reloaded
    page.locator(".breadcrumbs").get_by_role("link", name="Articles").last.click()
    expect(page.locator("#result_list")).to_contain_text("Harbour budget passes")


def test_fundraising_staff_use_prompts_donations_and_the_dashboard_under_the_policy(
    page, live_server, asks
):
    DonationFactory(amount=1500, paid_at=timezone.now() - timedelta(days=1))
    device = TOTPDeviceFactory(user=role_user("Fundraising", username="fran"))
    _log_in(page, live_server, "fran", "/admin/", device)

    page.get_by_role("link", name="Prompts").click()
    page.locator("#result_list tbody a").first.click()
    expect(page.locator(".prompt-funnel svg")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{live_server.url}/admin/donations/donation/")
    expect(page.locator("#result_list")).to_contain_text("$15")
    page.goto(f"{live_server.url}/admin/donations/donation/dashboard/")
    expect(page.get_by_role("heading", name="Giving dashboard")).to_be_visible()


def test_the_watch_reports_an_inline_script_as_a_violation(page, live_server, policy_violations):
    """The check that guards every browser test does see a violation when there is one."""
    page.goto(f"{live_server.url}/support/")

    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
    }"""
    )
    policy_violations.flush()

    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in policy_violations)
    policy_violations.clear()  # seen on purpose: not a failure of this test
