"""The support page's button states the gift ("Give $5 a month"), in words made once
(donations.giving.gift_call), and the page shows the ways to pay."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"amount": "5", "currency": "usd", "frequency": "monthly"}, "Give $5 a month"),
        ({"amount": "7.5", "currency": "eur", "frequency": "once"}, "Give €7.50"),
        ({"amount": "50", "currency": "gbp", "frequency": "annual"}, "Give £50 a year"),
        ({"amount": "", "currency": "usd", "frequency": "monthly"}, "Continue to secure payment"),
        ({"amount": "abc", "currency": "usd", "frequency": "once"}, "Continue to secure payment"),
    ],
)
def test_the_support_buttons_words_state_the_gift(client, query, words):
    response = client.get("/support/fee/", query)

    assert response.status_code == 200
    assert response.json()["give"] == words


def test_the_support_page_states_its_first_choice_on_its_button(client, fake_stripe):
    html = client.get("/support/?frequency=annual").content.decode()

    assert '<span class="support-form__gift" data-gift-words>Give $50 a year</span>' in html
    assert 'aria-label="Ways to pay"' in html
