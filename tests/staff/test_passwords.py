"""Staff passwords: at least 12 characters, and not one of the commonly used ones."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def _change_own_password(client, new):
    return client.post(
        "/admin/password_change/",
        {"old_password": "password", "new_password1": new, "new_password2": new},
    )


def test_newsroom1_is_refused_when_staff_change_their_password(admin_client, admin_user):
    response = _change_own_password(admin_client, "Newsroom1")

    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in (
        response.content.decode()
    )
    admin_user.refresh_from_db()
    assert not admin_user.check_password("Newsroom1")


def test_a_common_password_of_twelve_characters_is_refused(admin_client, admin_user):
    response = _change_own_password(admin_client, "qwerty123456")

    assert "This password is too common." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password("password")


def test_a_superuser_cannot_give_a_new_staff_member_newsroom1(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "nina",
            "usable_password": "true",
            "password1": "Newsroom1",
            "password2": "Newsroom1",
        },
    )

    assert "This password is too short. It must contain at least 12 characters." in (
        response.content.decode()
    )
    assert not get_user_model().objects.filter(username="nina").exists()


def test_a_long_uncommon_password_is_accepted(admin_client, admin_user):
    response = _change_own_password(admin_client, "tidal ferry lantern 42")

    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("tidal ferry lantern 42")
