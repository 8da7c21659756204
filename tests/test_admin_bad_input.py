"""Bad input in staff addresses: a clear 4xx or the admin's own "invalid filter" answer, never
a 500 (each case was found by tests/test_hostile_input.py)."""

import pytest

from tests.factories import STAFF_PASSWORD, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/admin/donations/donation/?currency__exact=%00",
        "/admin/donations/donation/?currency=usd%00",
        "/admin/donations/donor/?email=%00",
        "/admin/articles/tag/?slug__in=a%00,b",
        "/admin/articles/article/?q=Harbour%00",
        "/admin/auth/user/?username=%00",
        "/admin/donations/donation/export.csv?currency__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=articles&model_name=article&field_name=tags",
        "/admin/autocomplete/?term=a%00&app_label=articles&model_name=byline&field_name=author",
    ],
)
def test_a_staff_address_with_a_nul_character_answers_400_saying_so(admin_client, address):
    response = admin_client.get(address)

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_tag_autocomplete_still_finds_tags(admin_client):
    TagFactory(name="Harbour")

    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "harb", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["Harbour"]


@pytest.mark.parametrize(
    "address",
    [
        "/admin/articles/article/?published_at__year=9999",
        "/admin/articles/article/?published_at__year=9999&published_at__month=12",
        "/admin/articles/article/?published_at__year=9999&published_at__month=12"
        "&published_at__day=31",
        "/admin/articles/article/?published_at__year=99999999999999999999",
        "/admin/donations/donation/?paid_at__year=9999",
        "/admin/articles/articleredirect/?created_at__year=9999",
    ],
)
def test_an_out_of_range_year_shows_the_admins_invalid_filter_answer(admin_client, address):
    response = admin_client.get(address)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "address",
    [
        "/admin/donations/donation/export.csv?paid_at__year=9999",
        "/admin/donations/donation/export.csv?paid_at__year=99999999999999999999",
    ],
)
def test_an_export_for_an_out_of_range_year_answers_400(admin_client, address):
    response = admin_client.get(address)

    assert response.status_code == 400


@pytest.mark.parametrize("refused", ["https://evil.example/", "//evil.example/"])
def test_signing_in_with_a_refused_next_lands_on_the_admin_index(client, refused):
    UserFactory(username="editor", is_staff=True)

    response = client.post(
        f"/admin/login/?next={refused}",
        {"username": "editor", "password": STAFF_PASSWORD, "next": refused},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
