"""A staff session ends after STAFF_SESSION_IDLE_SECONDS (2 hours) without a request; every
request starts the count again."""

from datetime import timedelta

import pytest

from tests.factories import role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_signed_in(clock, sign_in):
    role_user("Editor", username="eda")
    assert sign_in("eda").status_code == 302


def test_an_admin_session_ends_after_two_hours_without_a_request(client, clock, editor_signed_in):
    assert client.get("/admin/").status_code == 200
    clock.shift(timedelta(hours=2, minutes=1))

    response = client.get("/admin/articles/article/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/articles/article/"


def test_a_request_every_hour_keeps_the_admin_session(client, clock, editor_signed_in):
    statuses = []
    for _ in range(5):
        clock.shift(timedelta(hours=1))
        statuses.append(client.get("/admin/").status_code)

    assert statuses == [200] * 5


def test_the_idle_limit_is_configurable(client, clock, settings, editor_signed_in):
    settings.SESSION_COOKIE_AGE = 15 * 60
    client.get("/admin/")  # the session's expiry is set when it is saved, on each request
    clock.shift(timedelta(minutes=16))

    assert client.get("/admin/").status_code == 302
