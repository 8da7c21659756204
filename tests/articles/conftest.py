import pytest

from tests.factories import staff_user


@pytest.fixture
def staff_client(client, db):
    client.force_login(staff_user())
    return client
