"""Addresses no page has: a 404, never a 500 (found by tests/test_hostile_input.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["a" * 4000, "Ж" * 200])
def test_a_media_address_longer_than_any_file_name_is_not_found(client, settings, name):
    settings.MEDIA_ROOT.mkdir(parents=True)  # uploads exist: the name itself is the problem

    response = client.get(f"{settings.MEDIA_URL}{name}")

    assert response.status_code == 404
