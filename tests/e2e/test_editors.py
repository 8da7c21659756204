"""The editors' workspace in a real browser: writing with the body editor (with an uploaded
inline photo), previewing, publishing; a writer who cannot publish; the giving dashboard's
accessibility."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    DonationFactory,
    DonorFactory,
    SectionFactory,
    TOTPDeviceFactory,
    role_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_writes_previews_and_publishes_an_article(live_server, page, settings, tmp_path):
    settings.SITE_URL = live_server.url
    photo = tmp_path / "harbour.jpg"
    Image.new("RGB", (1600, 900), "steelblue").save(photo, "JPEG")
    inline = tmp_path / "wall.jpg"
    Image.new("RGB", (2400, 1600), "darkseagreen").save(inline, "JPEG")
    SectionFactory(name="Politics", slug="politics")
    role_user("Editor", username="eda")
    staff_sign_in(page, live_server.url, "eda", "/admin/articles/article/add/")

    page.get_by_label("Headline").fill("Council passes the harbour budget")
    page.get_by_label("Section").select_option(label="Politics")
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type("The vote was ")
    page.keyboard.press("Control+b")
    page.keyboard.type("seven to four")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    page.locator(".prose-menubar button[title=figure]").click()
    dialog = page.locator("dialog[open]")
    with page.expect_popup() as picker:
        dialog.get_by_role("button", name="Browse...").click()
    upload = picker.value
    upload.get_by_label("Photo").set_input_files(inline)
    upload.get_by_label("Alt text").fill("The harbour wall at low tide.")
    upload.get_by_label("Caption").fill("Low tide on Tuesday.")
    with upload.expect_event("close"):
        upload.get_by_role("button", name="Upload").click()
    expect(dialog.locator("input[name=altText]")).to_have_value("The harbour wall at low tide.")
    dialog.get_by_role("button", name="Insert").click()
    page.locator("input[name=lead_image]").set_input_files(photo)
    page.get_by_label("Alt text").fill("Councillors raise their hands in the chamber.")
    page.get_by_role("button", name="Save and continue editing").click()

    article = Article.objects.get()
    assert article.status == "draft"
    assert "<strong>seven to four</strong>" in article.body
    assert '<figure><img src="/media/articles/body/' in article.body
    assert "<figcaption>Low tide on Tuesday.</figcaption></figure>" in article.body
    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".preview-ribbon")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council passes the harbour budget")
    expect(page.locator(".article__body strong")).to_have_text("seven to four")
    expect(page.locator(".article__body figcaption")).to_have_text("Low tide on Tuesday.")

    page.go_back()
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Council passes the harbour budget").click()
    expect(page.locator(".article__body strong")).to_have_text("seven to four")
    expect(page.locator(".preview-ribbon")).to_have_count(0)
    photo_on_page = page.get_by_role("img", name="Councillors raise their hands in the chamber.")
    expect(photo_on_page).to_be_visible()
    _wait_until_loaded(page, photo_on_page)
    in_body = page.locator(".article__body").get_by_role(
        "img", name="The harbour wall at low tide."
    )
    expect(in_body).to_have_attribute("width", "1600")  # room kept before it arrives
    in_body.scroll_into_view_if_needed()  # it loads lazily
    _wait_until_loaded(page, in_body)
    assert in_body.evaluate("image => image.naturalWidth") == 1600


def _wait_until_loaded(page, image):
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )


def test_a_writer_saves_a_draft_and_has_no_way_to_publish_it(live_server, page):
    SectionFactory(name="Politics", slug="politics")
    role_user("Writer", username="wren")
    staff_sign_in(page, live_server.url, "wren", "/admin/articles/article/add/")

    expect(page.locator("select[name=status]")).to_have_count(0)
    page.get_by_label("Headline").fill("Library hours cut")
    page.get_by_label("Section").select_option(label="Politics")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("From Monday the library closes at six.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Article.objects.get().status == "draft"
    expect(page.locator("select[name=action] option[value=publish]")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Library hours cut")).to_have_count(0)


# The clock is moved for the whole process, so the live server's thread sees it too; it keeps
# ticking, as the browser's waits and the session expect time to pass.
@pytest.mark.time_machine(datetime(2026, 3, 20, 12, 0, tzinfo=UTC), tick=True)
def test_the_giving_dashboard_has_no_accessibility_violations(live_server, page, axe):
    """Gifts of 1 and 3 days ago count as this month's: on 20 March they are."""
    donor = DonorFactory()
    now = timezone.now()
    for days, amount, currency in [(1, 1500, "usd"), (3, 5000, "usd"), (10, 2000, "eur")]:
        DonationFactory(
            donor=donor, amount=amount, currency=currency, paid_at=now - timedelta(days=days)
        )
    device = TOTPDeviceFactory(user=role_user("Fundraising", username="fran"))
    staff_sign_in(page, live_server.url, "fran", "/admin/donations/donation/dashboard/", device)

    expect(page.get_by_role("heading", name="Giving dashboard")).to_be_visible()
    expect(page.locator("#content")).to_contain_text("$65")
    axe(page)
