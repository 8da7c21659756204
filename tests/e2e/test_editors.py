"""The editors' desk in a real browser: writing with the body editor (with an uploaded inline
photo), previewing before the first save, publishing and scheduling; a writer who submits for
review and the editor who finds it waiting; a prompt's amounts; axe on every page of it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from donations.models import PromptDay
from tests.e2e.signing_in import staff_sign_in
from tests.factories import (
    AuthorFactory,
    DonationFactory,
    DonorFactory,
    PromptFactory,
    SectionFactory,
    TOTPDeviceFactory,
    role_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_writes_previews_before_saving_and_publishes(
    live_server, page, settings, tmp_path, axe
):
    settings.SITE_URL = live_server.url
    photo = tmp_path / "harbour.jpg"
    Image.new("RGB", (1600, 900), "steelblue").save(photo, "JPEG")
    inline = tmp_path / "wall.jpg"
    Image.new("RGB", (2400, 1600), "darkseagreen").save(inline, "JPEG")
    SectionFactory(name="Politics", slug="politics")
    AuthorFactory(name="Ada Reyes")
    role_user("Editor", username="eda")
    staff_sign_in(page, live_server.url, "eda", "/admin/articles/article/add/")

    headline = page.get_by_label("Headline")
    assert headline.bounding_box()["width"] > 500  # room for a real headline
    headline.fill("Council passes the harbour budget")
    page.get_by_label("Section").select_option(label="Politics")
    _choose_author(page, "Ada Reyes")
    body = page.locator(".ProseMirror[contenteditable=true]")
    assert body.bounding_box()["height"] > 300  # a writing area, not one line
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
    axe(page, stylesheets=False)

    with page.expect_popup() as opened:
        page.get_by_role("button", name="Preview in a new tab").click()
    preview = opened.value
    expect(preview.locator(".preview-ribbon")).to_be_visible()
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Council passes the harbour budget"
    )
    expect(preview.locator(".article__byline")).to_contain_text("Ada Reyes")
    expect(preview.locator(".article__body strong")).to_have_text("seven to four")
    expect(preview.locator(".article__body figcaption")).to_have_text("Low tide on Tuesday.")
    axe(preview)
    preview.close()
    assert not Article.objects.exists()  # a preview saves nothing

    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published: readers can see it now.")
    article = Article.objects.get()
    assert article.is_public
    assert "<strong>seven to four</strong>" in article.body
    assert '<figure><img src="/media/articles/body/' in article.body
    assert "<figcaption>Low tide on Tuesday.</figcaption></figure>" in article.body
    expect(page.locator(".lead-photo-preview__crop")).to_be_visible()  # as cards crop it
    address = f"{live_server.url}{article.get_absolute_url()}"
    expect(page.get_by_role("link", name=address)).to_be_visible()  # the slug's help
    axe(page, stylesheets=False)

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


def _choose_author(page, name):
    """The byline's author box (select2 autocomplete, right under the headline)."""
    page.locator("#bylines-group .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(name.split()[0])
    page.get_by_role("option", name=name).click()


def _wait_until_loaded(page, image):
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )


def test_without_javascript_a_writer_previews_an_unsaved_draft_and_saves_it(
    live_server, new_context
):
    """The form's buttons are plain HTML: the preview posts the form to its own address in a
    new tab, and the body is a text box until the editor's script makes it more."""
    SectionFactory(name="Politics", slug="politics")
    role_user("Writer", username="wren")
    page = new_context(java_script_enabled=False).new_page()
    staff_sign_in(page, live_server.url, "wren", "/admin/articles/article/add/")

    page.get_by_label("Headline").fill("Library hours cut")
    page.get_by_label("Slug").fill("library-hours-cut")
    page.get_by_label("Section").select_option(label="Politics")
    page.locator("textarea[name=body]").fill("<p>From Monday the library closes at six.</p>")
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Preview in a new tab").click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text("Library hours cut")
    expect(preview.locator(".article__body")).to_contain_text("the library closes at six")
    assert not Article.objects.exists()
    preview.close()
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    assert Article.objects.get().status == "draft"


def test_an_editor_schedules_an_article_for_tomorrow_morning(live_server, page, axe):
    SectionFactory(name="Politics", slug="politics")
    role_user("Editor", username="eda")
    staff_sign_in(page, live_server.url, "eda", "/admin/articles/article/add/")
    tomorrow = timezone.localdate() + timedelta(days=1)

    page.get_by_label("Headline").fill("Night ferry returns")
    page.get_by_label("Section").select_option(label="Politics")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The night ferry runs again from tomorrow.")
    page.locator("input[name=published_at_0]").fill(tomorrow.isoformat())
    page.locator("input[name=published_at_1]").fill("07:30:00")
    page.get_by_role("button", name="Schedule", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text(
        f"Scheduled: it goes live on {tomorrow.day} {tomorrow:%B %Y}, 07:30."
    )
    expect(page.locator(".field-publication_state")).to_contain_text("Scheduled")
    expect(page.get_by_role("button", name="Reschedule")).to_be_visible()
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()
    assert Article.objects.get().is_scheduled
    axe(page, stylesheets=False)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Night ferry returns")).to_have_count(0)


def test_a_writer_submits_a_draft_for_review_and_an_editor_publishes_it(live_server, page, axe):
    SectionFactory(name="Politics", slug="politics")
    role_user("Writer", username="wren")
    role_user("Editor", username="eda")
    staff_sign_in(page, live_server.url, "wren", "/admin/articles/article/add/")

    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)
    expect(page.locator("select[name=status]")).to_have_count(0)
    page.get_by_label("Headline").fill("Library hours cut")
    page.get_by_label("Section").select_option(label="Politics")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("From Monday the library closes at six.")
    axe(page, stylesheets=False)
    page.get_by_role("button", name="Submit for review").click()

    expect(page.locator(".messagelist")).to_contain_text("Submitted for review")
    assert Article.objects.get().status == "draft"
    expect(page.locator("select[name=action] option[value=publish]")).to_have_count(0)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Library hours cut")).to_have_count(0)

    page.context.clear_cookies()
    staff_sign_in(page, live_server.url, "eda", "/admin/")
    waiting = page.get_by_role("table", name="Waiting for review (1)")
    expect(waiting).to_contain_text("wren")
    axe(page)
    waiting.get_by_role("link", name="Library hours cut").click()
    page.get_by_role("button", name="Publish now").click()

    expect(page.locator(".messagelist")).to_contain_text("Published: readers can see it now.")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("table", name="Waiting for review (0)")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Library hours cut")).to_be_visible()


def test_fundraising_types_a_prompts_amounts_per_currency_and_frequency(
    live_server, page, axe, settings
):
    settings.DONATION_CURRENCIES = ["usd", "eur", "gbp"]
    prompt = PromptFactory(presets={"eur": {"annual": [60, 120]}})
    PromptDay.objects.create(
        prompt=prompt, day=timezone.localdate(), impressions=120, clicks=6, checkouts=2
    )
    device = TOTPDeviceFactory(user=role_user("Fundraising", username="fran"))
    staff_sign_in(
        page, live_server.url, "fran", f"/admin/donations/prompt/{prompt.pk}/change/", device
    )

    expect(page.get_by_label("Euros, annual amounts")).to_have_value("60, 120")
    expect(page.get_by_label("US dollars, monthly amounts")).to_have_attribute(
        "placeholder", "2, 5, 10, 20"
    )
    expect(page.get_by_role("img", name="Each day from")).to_be_visible()
    axe(page, stylesheets=False)
    page.get_by_label("US dollars, monthly amounts").fill("3, 6, 12")
    page.get_by_label("Euros, annual amounts").fill("")
    page.get_by_label("Goal currency").select_option(label="Euros (EUR)")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    prompt.refresh_from_db()
    assert prompt.presets == {"usd": {"monthly": [3, 6, 12]}}
    assert prompt.goal_currency == "eur"
    page.get_by_label("US dollars, monthly amounts").fill("1")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".errorlist")).to_contain_text("usd monthly: 1 is not an amount between")
    axe(page, stylesheets=False)


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
