"""Two-factor authentication: an authenticator app (with ten recovery codes), required of anyone
who can see donors' records (superusers, Fundraising) and offered to every other staff member.
Signed in through the real forms: password first, then the code."""

import re
from base64 import b32decode
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django_otp.oath import totp

from tests.factories import (
    ArticleFactory,
    DonationFactory,
    TOTPDeviceFactory,
    UserFactory,
    role_user,
    totp_code,
)

pytestmark = pytest.mark.django_db

DONATIONS = "/admin/donations/donation/"
SETUP = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"


@pytest.fixture
def donor_record():
    DonationFactory(
        donor__email="rosa@example.org",
        amount=5000,
        paid_at=datetime(2026, 3, 18, 9, 0, tzinfo=UTC),
    )


def _superuser(**kwargs):
    return UserFactory(username="sam", is_staff=True, is_superuser=True, **kwargs)


def _app_code(page: str) -> str:
    """What an authenticator app shows after the person types in the key from the setup page."""
    key = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    return f"{totp(b32decode(key)):06d}"


def _recovery_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)


def _enrol(client, next_path="/admin/"):
    page = client.get(f"{SETUP}?next={next_path}").content.decode()
    return client.post(SETUP, {"code": _app_code(page), "next": next_path})


@pytest.mark.parametrize(
    "make_user", [_superuser, lambda: role_user("Fundraising", username="fran")]
)
def test_staff_who_can_see_donors_are_sent_to_set_up_an_authenticator_first(
    client, clock, donor_record, make_user, sign_in
):
    user = make_user()

    signed_in = sign_in(user.username, next_path=DONATIONS)
    donations = client.get(DONATIONS)
    setup = client.get(donations["Location"])

    assert signed_in.status_code == 302  # the password was right
    assert donations.status_code == 302
    assert donations["Location"] == f"{SETUP}?next=%2Fadmin%2Fdonations%2Fdonation%2F"
    page = setup.content.decode()
    assert "needs two-factor authentication before the admin opens" in page
    assert "rosa@example.org" not in page
    assert client.get(reverse("admin:donations_donation_export")).status_code == 302


def test_after_setting_up_the_authenticator_the_donors_records_open(
    client, clock, donor_record, sign_in
):
    _superuser()
    sign_in("sam")

    done = _enrol(client, next_path=DONATIONS)

    assert done.status_code == 200
    assert 'href="/admin/donations/donation/"' in done.content.decode()
    assert "rosa@example.org" in client.get(DONATIONS).content.decode()


def test_the_setup_page_shows_a_qr_code_and_the_key_drawn_here(client, clock, sign_in):
    _superuser()
    sign_in("sam")

    page = client.get(SETUP).content.decode()

    assert re.search(r'<svg role="img" class="qr-code" [^>]*><title>QR code for', page)
    assert re.search(r'id="authenticator-key">([A-Z2-7]{4} ){7}[A-Z2-7]{4}<', page)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert _app_code(client.get(SETUP).content.decode()) == _app_code(page)  # the same key


def test_ten_recovery_codes_are_shown_once_when_the_authenticator_is_confirmed(
    client, clock, sign_in
):
    _superuser()
    sign_in("sam")

    done = _enrol(client)
    later = client.get(SETUP).content.decode()

    codes = _recovery_codes(done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "They are shown only this once" in done.content.decode()
    assert "no-store" in done["Cache-Control"]
    assert "Two-factor authentication is <strong>on</strong>" in later
    assert "Recovery codes left: 10." in later
    assert not any(code in later for code in codes)


def test_a_wrong_code_at_setup_is_refused_and_nothing_is_turned_on(client, clock, sign_in):
    user = _superuser()
    sign_in("sam")
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 400
    assert "That code is not the one your app shows for this account" in response.content.decode()
    assert not user.totpdevice_set.filter(confirmed=True).exists()
    assert client.get(DONATIONS).status_code == 302


def test_staff_with_an_authenticator_enter_its_code_after_the_password(
    client, clock, donor_record, sign_in
):
    device = TOTPDeviceFactory(user=_superuser())

    sign_in("sam", next_path=DONATIONS)
    held = client.get(DONATIONS)
    verified = client.post(VERIFY, {"code": totp_code(device), "next": DONATIONS})

    assert held.status_code == 302
    assert held["Location"] == f"{VERIFY}?next=%2Fadmin%2Fdonations%2Fdonation%2F"
    assert verified.status_code == 302 and verified["Location"] == DONATIONS
    assert "rosa@example.org" in client.get(DONATIONS).content.decode()


def test_an_editor_who_turned_it_on_is_asked_for_the_code_too(client, clock, sign_in):
    TOTPDeviceFactory(user=role_user("Editor", username="eda"))

    sign_in("eda")

    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_wrong_code_is_refused_with_a_clear_message(client, clock, sign_in):
    TOTPDeviceFactory(user=_superuser())
    sign_in("sam")

    response = client.post(VERIFY, {"code": "123456", "next": "/admin/"})

    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_repeated_wrong_codes_make_the_next_try_wait(client, clock, sign_in):
    device = TOTPDeviceFactory(user=_superuser())
    sign_in("sam")
    for pause in (1, 2):  # each wrong code doubles the pause before the next try
        client.post(VERIFY, {"code": "123456"})
        clock.shift(timedelta(seconds=pause))
    client.post(VERIFY, {"code": "123456"})

    right_too_soon = client.post(VERIFY, {"code": totp_code(device)})

    assert "Too many wrong codes. Wait 4 seconds, then try again." in (
        right_too_soon.content.decode()
    )
    clock.shift(timedelta(seconds=4))
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302


def test_a_recovery_code_signs_in_once(client, clock, sign_in):
    _superuser()
    sign_in("sam")
    codes = _recovery_codes(_enrol(client).content.decode())
    client.post(reverse("admin:logout"))

    sign_in("sam")
    first = client.post(VERIFY, {"recovery-code": codes[0].upper(), "next": "/admin/"}, follow=True)
    client.post(reverse("admin:logout"))
    sign_in("sam")
    again = client.post(VERIFY, {"recovery-code": codes[0], "next": "/admin/"})

    assert first.redirect_chain == [("/admin/", 302)]
    assert "You signed in with a recovery code, which will not work again (9 left)" in (
        first.content.decode()
    )
    assert again.status_code == 400
    assert "it has been used already: each works once" in again.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_put_a_new_authenticator_on_the_account(client, clock, sign_in):
    user = _superuser()
    TOTPDeviceFactory(user=user)
    sign_in("sam")

    response = client.get(f"{SETUP}?new=1")

    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Ftwo-factor%2F"
    assert user.totpdevice_set.count() == 1


def test_a_new_phone_replaces_the_old_authenticator_and_recovery_codes(client, clock, sign_in):
    user = _superuser()
    sign_in("sam")
    old_codes = _recovery_codes(_enrol(client).content.decode())
    clock.shift(timedelta(seconds=30))

    page = client.get(f"{SETUP}?new=1").content.decode()
    new = client.post(SETUP, {"code": _app_code(page)})

    new_codes = _recovery_codes(new.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert user.totpdevice_set.get().confirmed
    assert user.staticdevice_set.get().token_set.count() == 10


def test_a_writer_is_offered_two_factor_but_not_held(client, clock, sign_in):
    role_user("Writer", username="wren")

    sign_in("wren")
    home = client.get("/admin/")

    assert home.status_code == 200
    assert "Set up two-factor authentication" in home.content.decode()
    assert f'href="{SETUP}"' in home.content.decode()


def test_a_session_holding_only_a_password_cannot_preview_drafts(client, clock, sign_in):
    TOTPDeviceFactory(user=role_user("Editor", username="eda"))
    draft = ArticleFactory(draft=True, headline="Library hours cut")
    sign_in("eda")

    response = client.get(reverse("articles:preview", args=[draft.pk]))

    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert "Library hours cut" not in response.content.decode()


def test_after_the_code_a_next_address_on_another_site_goes_to_the_admin_instead(
    client, clock, sign_in
):
    device = TOTPDeviceFactory(user=_superuser())
    sign_in("sam")

    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/admin/"


def test_readers_pages_are_untouched_by_the_second_factor(client, clock):
    ArticleFactory(headline="Ferry fares rise")

    response = client.get("/")

    assert "Ferry fares rise" in response.content.decode()
    assert "cookie" not in response.get("Vary", "").lower()
