"""Staff accounts are tested through the real sign-in form (the admin's /admin/login/), with
the clock frozen: lockouts, codes and idle sessions all depend on it."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.factories import STAFF_PASSWORD as PASSWORD

LOGIN = "/admin/login/"


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 18, 9, 30, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def sign_in(client):
    """Post the admin's sign-in form as a browser does, from one address unless told."""

    def post(username, password=PASSWORD, *, address="198.51.100.7", next_path="/admin/", **extra):
        return client.post(
            f"{LOGIN}?next={next_path}",
            {"username": username, "password": password, "next": next_path},
            REMOTE_ADDR=address,
            **extra,
        )

    return post
