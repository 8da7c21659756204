"""Bad input to the giving pages and the donations admin: a clear 4xx or a safe default,
never a 500 (each case was found by tests/test_hostile_input.py)."""

from urllib.parse import unquote

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

EXPORT = "/admin/donations/donation/export.csv"
PROMPT_ACTIONS = [
    "/support/remind-me-later/",
    "/support/remind-me-later/undo/",
    "/support/banner/close/",
    "/support/already-supporting/",
]


@pytest.mark.parametrize(
    "bad_filter",
    [
        {"paid_at__gte": "notadate"},
        {"foo": "1"},
        {"amount__in": "ten"},
        {"paid_at__year": "99999"},
        {"paid_at__year": "0"},
        {"paid_at__year": "2026", "paid_at__month": "13"},
    ],
)
def test_an_export_with_a_filter_it_cannot_apply_answers_400_saying_so(admin_client, bad_filter):
    response = admin_client.get(EXPORT, bad_filter)

    assert response.status_code == 400
    assert "filter" in response.content.decode()


def test_an_export_with_an_unknown_choice_exports_no_donations(admin_client):
    response = admin_client.get(EXPORT, {"status__exact": "bogus"})

    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines == [lines[0]]  # the header only, like the change list's empty result


@pytest.mark.parametrize("path", PROMPT_ACTIONS)
@pytest.mark.parametrize(
    "next_url",
    ["/city/\nSet-Cookie: x=1", "/city/\r\n", "/city/\tpage", "/city/\x00", "/city/\x7f", "/\x85"],
)
def test_a_prompt_action_sends_a_next_with_control_characters_to_the_front_page(
    client, path, next_url
):
    response = client.post(path, {"next": next_url})

    assert response.status_code == 303
    assert response["Location"] == "/"


@pytest.mark.parametrize("path", PROMPT_ACTIONS)
def test_a_prompt_action_sends_the_reader_back_to_a_non_latin_address(client, path):
    ArticleFactory(headline="Мост через реку открыт")

    response = client.post(path, {"next": "/search/?q=мост"})

    assert response.status_code == 303
    assert response["Location"] == "/search/?q=%D0%BC%D0%BE%D1%81%D1%82"
    page = client.get(response["Location"]).content.decode()
    assert 'value="мост"' in page  # the search box holds what the reader had typed
    assert "<mark>Мост</mark> через реку открыт" in page


@pytest.mark.parametrize("path", PROMPT_ACTIONS)
def test_a_prompt_action_sends_the_reader_back_to_an_accented_address(client, path):
    response = client.post(path, {"next": "/2026/05/01/café/"})

    assert response["Location"] == "/2026/05/01/caf%C3%A9/"
    assert unquote(response["Location"]) == "/2026/05/01/café/"


@pytest.mark.parametrize("path", PROMPT_ACTIONS)
def test_a_prompt_action_ignores_a_prompt_key_with_a_nul(client, path):
    response = client.post(path, {"next": "/city/", "prompt": "spring\x00"})

    assert response.status_code == 303
    assert response["Location"] == "/city/"


@pytest.mark.parametrize("signature", ["t=0,v1=\x85", "t=1,v1=café"])
def test_a_webhook_with_a_non_ascii_signature_is_refused_with_400(client, fake_stripe, signature):
    response = client.post(
        "/support/webhooks/stripe/",
        b"{}",
        content_type="application/json",
        headers={"Stripe-Signature": signature},
    )

    assert response.status_code == 400
