"""Signing staff in through the real admin login form, as the browser tests' people do."""

from tests.factories import STAFF_PASSWORD, totp_code


def staff_sign_in(page, base_url: str, username: str, next_path: str = "/admin/", device=None):
    """Username and password, then, with `device`, the code from the authenticator app (the
    second factor that superusers and Fundraising must give before the admin opens)."""
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.get_by_label("Code from your authenticator app").fill(totp_code(device))
        page.get_by_role("button", name="Verify").click()
