"""Guessing a password: after STAFF_LOGIN_FAILURE_LIMIT failures (5) for one username from one
address, signing in as that username from that address pauses for STAFF_LOCKOUT_MINUTES (15),
with a page that says what happened and what to do; a superuser can lift it at once."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from tests.factories import role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return role_user("Editor", username="eda")


def _guess(sign_in, times, **kwargs):
    return [sign_in("eda", f"wrong guess {n}", **kwargs) for n in range(times)]


def test_thirty_wrong_passwords_pause_signing_in_and_the_right_one_is_refused_meanwhile(
    client, clock, editor, sign_in
):
    responses = _guess(sign_in, 30)
    right = sign_in("eda")

    assert [r.status_code for r in responses[:4]] == [200] * 4  # the form, with its error
    assert {r.status_code for r in responses[4:]} == {429}
    assert right.status_code == 429
    page = right.content.decode()
    assert "Signing in is paused: 5 failed attempts in a row" in page
    assert "Wait 15 minutes" in page
    assert "ask a newsroom administrator (a superuser) to lift the pause" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_pause_ends_after_the_lockout_minutes(clock, editor, sign_in):
    _guess(sign_in, 5)
    clock.shift(timedelta(minutes=16))

    response = sign_in("eda")

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_pause_holds_one_username_at_one_address_only(clock, editor, sign_in):
    role_user("Writer", username="wren")
    _guess(sign_in, 5, address="198.51.100.7")

    same_username_elsewhere = sign_in("eda", address="203.0.113.20")
    other_username_same_address = sign_in("wren", address="198.51.100.7")

    assert same_username_elsewhere.status_code == 302
    assert other_username_same_address.status_code == 302


def test_a_superuser_lifts_the_pause_in_the_admin_and_the_right_password_works(
    admin_client, clock, editor, sign_in
):
    _guess(sign_in, 5)
    attempts = AccessAttempt.objects.filter(username="eda")

    listing = admin_client.get("/admin/axes/accessattempt/").content.decode()
    admin_client.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(attempts.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    response = sign_in("eda")

    assert "eda" in listing
    assert not attempts.exists()
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_axes_reset_username_lifts_the_pause(clock, editor, sign_in):
    _guess(sign_in, 5)

    call_command("axes_reset_username", "eda")

    assert sign_in("eda").status_code == 302


def test_behind_a_proxy_the_pause_follows_the_address_the_proxy_saw(
    clock, editor, settings, sign_in
):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):  # whatever the client claims in front of the proxy's own entry
        sign_in(
            "eda", "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7"
        )

    spoofed = sign_in("eda", address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7")
    other_reader = sign_in("eda", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.20")

    assert spoofed.status_code == 429
    assert other_reader.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_failed_attempts_are_stored_without_the_passwords_tried(clock, editor, sign_in):
    _guess(sign_in, 2)

    attempt = AccessAttempt.objects.get(username="eda")

    assert attempt.failures_since_start == 2
    assert "wrong guess" not in attempt.post_data
