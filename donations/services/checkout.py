"""Starting a checkout: what a reader asked to give, as a Stripe Checkout Session."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from donations import gateway
from donations.frequencies import Frequency
from donations.money import format_major, to_major_units

# What we create on Stripe is marked with this metadata (the session, its PaymentIntent and its
# subscription, whose invoices carry a snapshot), so that on an account shared with a shop or
# another tool we record our gifts and nothing of anyone else's.
OWN_MARKER_KEY, OWN_MARKER_VALUE = "newsroom", "donation"
# A gift whose donor covers the card fee carries the gift meant and the fee, in minor units.
GIFT_AMOUNT_KEY, FEE_COVERED_KEY = "gift_amount", "fee_covered"
# The metadata our sessions carried before the marker (see is_ours).
LEGACY_METADATA_KEYS = {"frequency", "prompt", "article"}
# In the address Stripe sends a reader back to when they leave Checkout without paying.
CANCELLED = "cancelled"


@dataclass(frozen=True)
class Gift:
    """What a reader asked to give, validated."""

    frequency: Frequency
    amount: int  # minor units: the gift meant
    currency: str
    prompt: str = ""
    article_id: int | None = None
    fee: int = 0  # minor units: the card fee the donor chose to cover, charged on top

    @property
    def charged(self) -> int:
        return self.amount + self.fee

    @property
    def metadata(self) -> dict[str, str]:
        metadata = {OWN_MARKER_KEY: OWN_MARKER_VALUE, "frequency": self.frequency}
        if self.fee:
            # Recording reads the gift meant from these (recording.fee_covered_in).
            metadata[GIFT_AMOUNT_KEY] = str(self.amount)
            metadata[FEE_COVERED_KEY] = str(self.fee)
        if self.prompt:
            metadata["prompt"] = self.prompt
        if self.article_id:
            metadata["article"] = str(self.article_id)
        return metadata


# Starting a checkout


def checkout_start(*, gift: Gift) -> str:
    """Create a Stripe Checkout Session for `gift` and return the address to send the reader to.

    The idempotency key is new for each attempt: it makes the client's own retries of this one
    request safe, while two readers (or one reader twice) always get sessions of their own.
    """
    session = gateway.checkout_session_create(
        params=_checkout_params(gift), idempotency_key=f"checkout-{uuid.uuid4()}"
    )
    return session["url"]


def _checkout_params(gift: Gift) -> dict:
    support_url = settings.SITE_URL + reverse("donations:support")
    # Back to the form as the reader left it, told that nothing was charged and offered the
    # way back to the story they came from.
    cancel_query = urlencode(
        {
            "frequency": gift.frequency,
            "amount": format_major(to_major_units(gift.amount, gift.currency)),
            "currency": gift.currency,
            **({"cover_fee": "1"} if gift.fee else {}),
            **({"prompt": gift.prompt} if gift.prompt else {}),
            **({"article": gift.article_id} if gift.article_id else {}),
            CANCELLED: "1",
        }
    )
    price_data = {
        "currency": gift.currency,
        # For a subscription too: every payment covers its fee, so the price is the charge.
        "unit_amount": gift.charged,
        "product_data": {
            "name": f"{Frequency(gift.frequency).noun.capitalize()} to {settings.SITE_NAME}"
        },
    }
    params = {
        # {CHECKOUT_SESSION_ID} is filled in by Stripe: it must reach Stripe unencoded.
        "success_url": settings.SITE_URL
        + reverse("donations:thanks")
        + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": f"{support_url}?{cancel_query}",
        "metadata": gift.metadata,
        "line_items": [{"quantity": 1, "price_data": price_data}],
    }
    if gift.frequency == Frequency.ONCE:
        params["mode"] = "payment"
        params["submit_type"] = "donate"
        params["customer_creation"] = "always"
        params["payment_intent_data"] = {"metadata": gift.metadata}
    else:
        params["mode"] = "subscription"
        price_data["recurring"] = {"interval": Frequency(gift.frequency).interval}
        params["subscription_data"] = {"metadata": gift.metadata}
    return params
