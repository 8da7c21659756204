"""What the app sends Stripe to start a checkout is what the pinned API version accepts.

The fake checks every request against the installed `stripe` package's parameter types, so a
session it creates is one Stripe would create; a parameter the version refuses would reach the
reader as "payments are unavailable".
"""

import pytest

from donations.services import checkout


@pytest.mark.parametrize("frequency", ["once", "monthly", "annual"])
def test_checkouts_of_every_frequency_send_only_what_the_pinned_version_accepts(
    fake_stripe, frequency
):
    gift = checkout.Gift(
        frequency=frequency, amount=1500, currency="eur", prompt="article-end", article_id=7
    )

    url = checkout.checkout_start(gift=gift)

    [session] = fake_stripe.objects("checkout.session").values()
    assert url == session["url"]
    assert session["mode"] == ("payment" if frequency == "once" else "subscription")
    assert session["metadata"] == gift.metadata
