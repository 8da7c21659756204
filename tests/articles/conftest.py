import pytest

from tests.factories import staff_log_in, staff_user


@pytest.fixture
def staff_client(client, db):
    staff_log_in(client, staff_user())
    return client
