"""Staff accounts in a real browser: setting up an authenticator app at the first sign-in, the
code after the password, a recovery code, and the lockout page; axe on each of those pages."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import (
    STAFF_PASSWORD,
    DonationFactory,
    TOTPDeviceFactory,
    UserFactory,
    role_user,
    totp_code,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = STAFF_PASSWORD

CODE_LABEL = "Code from your authenticator app"


def _password_step(page, base_url, username, next_path, password=PASSWORD):
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_superuser_sets_up_an_authenticator_then_signs_in_with_a_recovery_code(
    live_server, page, axe
):
    DonationFactory(donor__email="rosa@example.org", amount=500)
    UserFactory(username="sam", is_staff=True, is_superuser=True)
    base = live_server.url

    page.goto(f"{base}/admin/login/?next=/admin/donations/donation/")
    axe(page)
    _password_step(page, base, "sam", "/admin/donations/donation/")

    expect(page.locator("#two-factor-required")).to_contain_text("can see donors’ records")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    axe(page)
    key = page.locator("#authenticator-key").inner_text().replace(" ", "")
    page.get_by_label(CODE_LABEL).fill(f"{totp(b32decode(key)):06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.locator("#two-factor-on")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    axe(page)
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.locator("#result_list")).to_contain_text("rosa@example.org")

    page.get_by_role("button", name="Log out").click()
    _password_step(page, base, "sam", "/admin/donations/donation/")
    expect(page.get_by_label(CODE_LABEL)).to_have_attribute("autocomplete", "one-time-code")
    axe(page)
    page.get_by_text("No phone to hand? Use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Use recovery code").click()

    expect(page.locator(".messagelist")).to_contain_text("(9 left)")
    expect(page.locator("#result_list")).to_contain_text("rosa@example.org")


def test_an_editor_with_an_authenticator_enters_its_code_after_the_password(live_server, page):
    device = TOTPDeviceFactory(user=role_user("Editor", username="eda"))

    _password_step(page, live_server.url, "eda", "/admin/articles/article/")
    expect(page).to_have_title("Enter your code | The Riverside Ledger")
    page.get_by_label(CODE_LABEL).fill(totp_code(device))
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(f"{live_server.url}/admin/articles/article/")


def test_five_wrong_passwords_show_the_lockout_page(live_server, page, axe):
    role_user("Writer", username="wren")

    for n in range(5):
        _password_step(page, live_server.url, "wren", "/admin/", password=f"guess {n}")

    expect(page.locator("#locked-out")).to_contain_text("Signing in is paused")
    expect(page.get_by_text("ask a newsroom administrator (a superuser)")).to_be_visible()
    axe(page)
    _password_step(page, live_server.url, "wren", "/admin/")
    expect(page.locator("#locked-out")).to_be_visible()
