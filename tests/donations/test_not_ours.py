"""A shared Stripe account: every gift of ours is recorded, nothing of anyone else's.

A shop, an events tool or a paid newsletter on the newsroom's Stripe account sends its Checkout
Sessions, subscriptions, invoices and refunds to our webhook endpoint too. Each must be
acknowledged (or Stripe retries it for days), stored like any event, and otherwise ignored: no
gift, no donor, no thank-you email.
"""

import pytest
from django.core import mail

from donations.models import Donation, Donor, RecurringDonation, WebhookEvent

pytestmark = pytest.mark.django_db

THANKS = "/support/thanks/"


def _shop_sale(fake_stripe):
    return fake_stripe.shop_checkout(amount=2500)


def _shop_sale_with_metadata_of_its_own(fake_stripe):
    return fake_stripe.shop_checkout(metadata={"order": "1042", "frequency": "weekly"})


def _weekly_membership_and_its_renewals(fake_stripe):
    events = fake_stripe.shop_checkout(amount=300, interval="week")
    subscription_id = fake_stripe.event("customer.subscription.created")["data"]["object"]["id"]
    events += fake_stripe.renew(subscription_id)
    events += fake_stripe.renew(subscription_id, succeed=False)
    return events + fake_stripe.cancel_subscription(subscription_id)


def _monthly_membership_shaped_like_our_gifts(fake_stripe):
    events = fake_stripe.shop_checkout(amount=500, interval="month")
    subscription_id = fake_stripe.event("customer.subscription.created")["data"]["object"]["id"]
    events += fake_stripe.update_subscription(subscription_id, amount=900)
    return events + fake_stripe.renew(subscription_id)


def _metered_subscription(fake_stripe):
    return fake_stripe.metered_subscription()


def _refund_of_a_shop_sale(fake_stripe):
    events = fake_stripe.shop_checkout(amount=4000)
    payment_intent = fake_stripe.event("checkout.session.completed")["data"]["object"][
        "payment_intent"
    ]
    return events + fake_stripe.refund(payment_intent)


def _refund_of_a_membership_renewal_before_anything_else(fake_stripe):
    events = fake_stripe.shop_checkout(amount=500, interval="month")
    subscription_id = fake_stripe.event("customer.subscription.created")["data"]["object"]["id"]
    events += fake_stripe.renew(subscription_id)
    invoice_id = fake_stripe.event("invoice.paid")["data"]["object"]["id"]
    payments = fake_stripe.objects("invoice_payment").values()
    paid_by = next(p["payment"]["payment_intent"] for p in payments if p["invoice"] == invoice_id)
    return fake_stripe.refund(paid_by) + events  # the refund reaches us first


def _refund_of_a_charge_without_payment_intent(fake_stripe):
    return fake_stripe.legacy_charge_refund()


FOREIGN = [
    _shop_sale,
    _shop_sale_with_metadata_of_its_own,
    _weekly_membership_and_its_renewals,
    _monthly_membership_shaped_like_our_gifts,
    _metered_subscription,
    _refund_of_a_shop_sale,
    _refund_of_a_membership_renewal_before_anything_else,
    _refund_of_a_charge_without_payment_intent,
]


@pytest.mark.parametrize("scenario", FOREIGN, ids=lambda scenario: scenario.__name__[1:])
def test_another_tools_objects_are_acknowledged_stored_and_never_a_gift(
    fake_stripe, deliver, scenario
):
    events = scenario(fake_stripe)

    responses = [deliver(event) for event in events]

    assert [response.status_code for response in responses] == [200] * len(events)
    # Not "processed": whoever reads the events in the admin sees that nothing was recorded.
    assert {response.outcome for response in responses} == {"nothing to record"}
    assert (Donation.objects.count(), RecurringDonation.objects.count()) == (0, 0)
    assert Donor.objects.count() == 0
    assert mail.outbox == []
    stored = WebhookEvent.objects.filter(processed_at__isnull=False, last_error="")
    assert stored.count() == len(events)


def test_a_shops_session_on_our_thank_you_page_records_nothing(client, fake_stripe):
    fake_stripe.shop_checkout(amount=2500)
    session_id = fake_stripe.event("checkout.session.completed")["data"]["object"]["id"]

    response = client.get(THANKS, {"session_id": session_id})

    assert response.status_code == 200
    assert "We haven’t had a confirmed payment" in response.content.decode()
    assert not Donation.objects.exists()
    assert mail.outbox == []


def test_all_of_another_tools_objects_beside_our_gifts_leave_only_our_gifts(
    start_checkout, fake_stripe, deliver
):
    ours = start_checkout("monthly", "5", "usd")
    events = fake_stripe.complete_checkout(ours["id"], email="ana@example.org")
    foreign = [event for scenario in FOREIGN for event in scenario(fake_stripe)]

    foreign_answers = {deliver(event).outcome for event in foreign}
    our_answers = [deliver(event).outcome for event in events]

    assert (foreign_answers, set(our_answers)) == ({"nothing to record"}, {"processed"})
    assert list(Donation.objects.values_list("amount", "currency")) == [(500, "usd")]
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    recorded_foreign = Donation.objects.exclude(stripe_checkout_session_id=ours["id"]).count()
    print(f"foreign Stripe events delivered: {len(foreign)}; recorded as gifts: {recorded_foreign}")
    assert recorded_foreign == 0


# Our gifts made before the marker existed are still ours


def test_a_session_we_created_before_the_marker_is_still_recorded(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("once", "10", "usd", prompt="banner")
    event = fake_stripe.complete_checkout(session["id"])[-1]
    # A session opened just before the upgrade, paid just after: our old metadata, no marker.
    event["data"]["object"]["metadata"] = {"frequency": "once", "prompt": "banner"}

    assert deliver(event).status_code == 200

    assert (Donation.objects.get().amount, Donation.objects.get().prompt) == (1000, "banner")


def test_a_subscription_we_already_record_stays_ours_without_the_marker(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    for event in fake_stripe.complete_checkout(session["id"]):
        deliver(event)
    subscription_id = RecurringDonation.objects.get().stripe_subscription_id
    renewal = fake_stripe.renew(subscription_id)[0]
    # As if the gift had started before the marker: no metadata on the subscription at all.
    renewal["data"]["object"]["parent"]["subscription_details"]["metadata"] = {}

    assert deliver(renewal).status_code == 200

    assert Donation.objects.filter(stripe_invoice_id=renewal["data"]["object"]["id"]).exists()


def test_our_checkout_marks_the_session_its_payment_and_its_subscription(
    start_checkout, fake_stripe
):
    one_off = start_checkout("once", "10", "usd")
    monthly = start_checkout("monthly", "5", "usd")
    fake_stripe.complete_checkout(one_off["id"])
    fake_stripe.complete_checkout(monthly["id"])

    payment_intents = fake_stripe.objects("payment_intent").values()
    marked = [
        *(session["metadata"] for session in fake_stripe.objects("checkout.session").values()),
        *(pi["metadata"] for pi in payment_intents if pi["description"] is None),  # not invoices'
        *(sub["metadata"] for sub in fake_stripe.objects("subscription").values()),
    ]
    assert [metadata.get("newsroom") for metadata in marked] == ["donation"] * 4
