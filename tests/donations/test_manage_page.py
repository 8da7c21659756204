"""Our manage page: a donor changes the amount or frequency of a recurring gift, pauses it,
resumes it or cancels it with a reason, over HTTP against the fake Stripe; every change is
recorded once, whether our page or the webhook tells us first, and changes made in Stripe's
dashboard or portal are recorded from the webhook alone."""

import re
import time
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone

from donations.models import CancelReason, Donation, GiftChange, RecurringDonation
from donations.services.manage import manage_token_make
from tests.factories import RecurringDonationFactory, staff_log_in

pytestmark = pytest.mark.django_db

MANAGE = "/support/manage/"


@pytest.fixture
def gift(start_checkout, fake_stripe, deliver):
    """Lee's $5 a month, recorded from Checkout's webhooks."""
    session = start_checkout("monthly", "5", "usd")
    for event in fake_stripe.complete_checkout(session["id"], email="lee@example.org"):
        deliver(event)
    return RecurringDonation.objects.get()


def _page_url(gift) -> str:
    return f"{MANAGE}{manage_token_make(donor=gift.donor)}/"


def _act(client, gift, action, data=None, *, follow=False):
    """Post one of the page's forms; with `follow`, the page the browser is sent back to."""
    response = client.post(f"{_page_url(gift)}gifts/{gift.pk}/{action}/", data or {})
    if follow and response.status_code == 303:
        return client.get(response["Location"])
    return response


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _new_events(fake_stripe, since: int) -> list[dict]:
    return fake_stripe.events[since:]


def _subscription(fake_stripe, gift) -> dict:
    return fake_stripe.objects("subscription")[gift.stripe_subscription_id]


def test_the_page_lists_the_donors_own_recurring_gifts_with_what_they_can_do(client, gift):
    RecurringDonationFactory(amount=2500)  # someone else's

    response = client.get(_page_url(gift))

    text = _text(response)
    assert response.status_code == 200
    assert "$5 a month" in text and "$25" not in text
    for action in ("Change my gift", "Pause my gift", "Cancel my gift"):
        assert action in text
    assert "update your card or see your receipts on Stripe" in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_another_donors_gift_cannot_be_changed_with_this_link(client, gift, fake_stripe):
    other = RecurringDonationFactory(amount=2500)
    requests_before = len(fake_stripe.requests)

    response = client.post(
        f"{_page_url(gift)}gifts/{other.pk}/terms/", {"amount": "1", "frequency": "monthly"}
    )

    assert response.status_code == 404
    assert len(fake_stripe.requests) == requests_before
    assert RecurringDonation.objects.get(pk=other.pk).amount == 2500


def test_a_new_amount_applies_from_the_next_payment_without_proration(
    client, gift, fake_stripe, deliver
):
    response = _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"}, follow=True)

    assert "Done: your gift is now $8 a month , from your next payment." in _text(response)
    update = fake_stripe.last_request("POST", f"/v1/subscriptions/{gift.stripe_subscription_id}")
    item = update.params["items"][0]
    assert item["id"] == _subscription(fake_stripe, gift)["items"]["data"][0]["id"]
    assert item["price_data"]["unit_amount"] == "800"
    assert item["price_data"]["recurring"] == {"interval": "month"}
    assert update.params["proration_behavior"] == "none"
    assert "trial_end" not in update.params
    change = GiftChange.objects.get()
    assert (change.kind, change.amount_before, change.amount_after) == ("amount", 500, 800)
    assert change.source == GiftChange.Source.DONOR
    # Nothing was charged now; the next renewal charges $8.
    assert Donation.objects.count() == 1
    for event in fake_stripe.renew(gift.stripe_subscription_id):
        deliver(event)
    assert list(Donation.objects.values_list("amount", flat=True).order_by("pk")) == [500, 800]


def test_switching_to_annual_keeps_the_next_payment_date_and_charges_nothing_now(
    client, gift, fake_stripe, deliver
):
    period_end = _subscription(fake_stripe, gift)["items"]["data"][0]["current_period_end"]
    seen = len(fake_stripe.events)

    response = _act(client, gift, "terms", {"amount": "60", "frequency": "annual"}, follow=True)

    assert "Done: your gift is now $60 a year" in _text(response)
    update = fake_stripe.last_request("POST", f"/v1/subscriptions/{gift.stripe_subscription_id}")
    assert update.params["trial_end"] == str(period_end)
    assert [e["type"] for e in _new_events(fake_stripe, seen)] == ["customer.subscription.updated"]
    for event in _new_events(fake_stripe, seen):
        deliver(event)
    gift.refresh_from_db()
    assert (gift.amount, gift.interval, gift.status) == (6000, "year", "active")
    change = GiftChange.objects.get()
    assert (change.kind, change.interval_before, change.interval_after) == (
        "frequency",
        "month",
        "year",
    )
    for event in fake_stripe.renew(gift.stripe_subscription_id):
        deliver(event)
    assert Donation.objects.order_by("-pk").first().amount == 6000


@pytest.mark.parametrize(
    ("amount", "frequency", "message"),
    [
        ("1", "monthly", "The smallest monthly gift is $2."),
        ("5", "annual", "The smallest annual gift is $10."),
        ("five", "monthly", "Enter an amount like 5 or 5.50."),
        ("5", "once", "Choose monthly or annual."),
    ],
)
def test_an_amount_the_support_form_would_refuse_is_refused_and_nothing_changes(
    client, gift, fake_stripe, amount, frequency, message
):
    requests_before = len(fake_stripe.requests)

    response = _act(client, gift, "terms", {"amount": amount, "frequency": frequency})

    assert response.status_code == 400
    assert message in _text(response)
    assert "nothing has changed" in _text(response)
    assert len(fake_stripe.requests) == requests_before
    assert not GiftChange.objects.exists()


def test_pausing_skips_payments_until_the_resume_date(
    client, gift, fake_stripe, deliver, time_machine
):
    time_machine.move_to(datetime(2027, 1, 31, 12, tzinfo=UTC), tick=False)

    response = _act(client, gift, "pause", {"months": "1"}, follow=True)

    assert "No payments until 28 February 2027" in _text(response)
    update = fake_stripe.last_request("POST", f"/v1/subscriptions/{gift.stripe_subscription_id}")
    resumes_at = int(datetime(2027, 2, 28, 12, tzinfo=UTC).timestamp())
    assert update.params["pause_collection"] == {"behavior": "void", "resumes_at": str(resumes_at)}
    change = GiftChange.objects.get()
    assert change.kind == "pause" and change.paused_until == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert "Resume my gift now" in _text(client.get(_page_url(gift)))


def test_a_two_month_pause_skips_two_monthly_payments_then_the_gift_carries_on(
    client, gift, fake_stripe, deliver, time_machine
):
    started = _subscription(fake_stripe, gift)["items"]["data"][0]["current_period_start"]
    time_machine.move_to(datetime.fromtimestamp(started + 86400, tz=UTC), tick=False)
    _act(client, gift, "pause", {"months": "2"})  # the day after the first payment
    fake_stripe.clock = started + 2 * 86400  # Stripe's clock moves on too

    for _ in range(2):  # the two monthly payments the pause covers
        for event in fake_stripe.renew(gift.stripe_subscription_id):
            deliver(event)
    assert Donation.objects.count() == 1
    for event in fake_stripe.renew(gift.stripe_subscription_id):  # the pause is over
        deliver(event)

    assert Donation.objects.count() == 2
    gift.refresh_from_db()
    assert gift.paused_until is None
    assert GiftChange.objects.filter(kind="resume", source="stripe").count() == 1


def test_resuming_now_ends_the_pause(client, gift, fake_stripe):
    _act(client, gift, "pause", {"months": "3"})

    response = _act(client, gift, "resume", follow=True)

    assert "Done: your gift carries on from your next payment." in _text(response)
    assert _subscription(fake_stripe, gift)["pause_collection"] is None
    gift.refresh_from_db()
    assert gift.paused_until is None
    assert list(GiftChange.objects.values_list("kind", flat=True).order_by("pk")) == [
        "pause",
        "resume",
    ]


def test_a_pause_must_be_one_two_or_three_months(client, gift, fake_stripe):
    response = _act(client, gift, "pause", {"months": "12"})

    assert response.status_code == 400
    assert "Choose 1, 2 or 3 months." in _text(response)
    assert _subscription(fake_stripe, gift)["pause_collection"] is None


def test_the_reasons_to_cancel_come_in_random_order(client, gift):
    orders = set()
    for _ in range(12):
        html = client.get(f"{_page_url(gift)}gifts/{gift.pk}/cancel/").content.decode()
        order = tuple(re.findall(r'name="reason" value="([a-z_]+)"', html))
        assert sorted(order) == sorted(CancelReason.values)
        orders.add(order)

    assert len(orders) > 1


@pytest.mark.parametrize("reason", [r for r in CancelReason if r.about_money])
def test_a_reason_about_money_is_answered_with_a_smaller_amount_first(
    client, gift, fake_stripe, reason
):
    response = _act(client, gift, "cancel", {"reason": reason.value})

    text = _text(response)
    assert response.status_code == 200
    assert text.index("Reduce the amount") < text.index("Or stop your gift")
    assert f'name="amount" id="amount-{gift.pk}" value="2"' in response.content.decode()
    assert _subscription(fake_stripe, gift)["status"] == "active"
    # Cancelling is still one click: the second form carries the reason.
    html = response.content.decode()
    cancel_form = html[html.index("Or stop your gift") :]
    assert f'name="reason" value="{reason.value}"' in cancel_form
    assert 'name="confirmed" value="true"' in cancel_form


def test_reducing_the_amount_from_the_offer_keeps_the_gift(client, gift, fake_stripe):
    _act(client, gift, "cancel", {"reason": CancelReason.CANNOT_AFFORD.value})

    response = _act(client, gift, "terms", {"amount": "2", "frequency": "monthly"}, follow=True)

    assert "Done: your gift is now $2 a month" in _text(response)
    assert _subscription(fake_stripe, gift)["status"] == "active"
    assert list(GiftChange.objects.values_list("kind", flat=True)) == ["amount"]


def test_cancelling_after_the_offer_records_the_reason(client, gift, fake_stripe, deliver):
    seen = len(fake_stripe.events)

    response = _act(
        client,
        gift,
        "cancel",
        {"reason": CancelReason.CANNOT_AFFORD.value, "confirmed": "true"},
        follow=True,
    )

    assert "Done: your gift has ended" in _text(response)
    cancel = fake_stripe.last_request("DELETE", f"/v1/subscriptions/{gift.stripe_subscription_id}")
    assert cancel.params["cancellation_details"] == {"feedback": "too_expensive"}
    gift.refresh_from_db()
    assert gift.status == "canceled"
    change = GiftChange.objects.get()
    assert (change.kind, change.reason, change.source) == ("cancel", "too_expensive", "donor")
    # Stripe's webhook about it, in any number, records nothing more.
    for event in _new_events(fake_stripe, seen) * 2:
        deliver(event)
    assert GiftChange.objects.count() == 1
    assert "Cancel my gift" not in _text(client.get(_page_url(gift)))


def test_a_reason_not_about_money_cancels_at_once(client, gift, fake_stripe):
    response = _act(client, gift, "cancel", {"reason": CancelReason.COVERAGE.value})

    assert response.status_code == 303
    assert _subscription(fake_stripe, gift)["status"] == "canceled"
    assert GiftChange.objects.get().reason == CancelReason.COVERAGE


def test_cancelling_without_a_reason_asks_for_one(client, gift, fake_stripe):
    response = _act(client, gift, "cancel", {"reason": "because"})

    assert response.status_code == 400
    assert "Choose one of the reasons listed." in _text(response)
    assert _subscription(fake_stripe, gift)["status"] == "active"


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("terms", {"amount": "8", "frequency": "monthly"}),
        ("pause", {"months": "1"}),
        ("cancel", {"reason": CancelReason.COVERAGE.value}),
    ],
)
@pytest.mark.parametrize("status", [500, 429, 400])
def test_when_stripe_refuses_or_fails_nothing_is_recorded_and_the_donor_is_told(
    client, gift, fake_stripe, action, data, status
):
    fake_stripe.fail_next(status, path_prefix=f"/v1/subscriptions/{gift.stripe_subscription_id}")

    response = _act(client, gift, action, data)

    assert response.status_code == 503
    assert "nothing has changed" in _text(response)
    gift.refresh_from_db()
    assert (gift.amount, gift.status, gift.paused_until) == (500, "active", None)
    assert not GiftChange.objects.exists()


def test_a_gift_that_ended_at_stripe_meanwhile_says_so(client, gift, fake_stripe):
    fake_stripe.cancel_subscription(gift.stripe_subscription_id)  # its webhook not here yet

    response = _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"})

    assert response.status_code == 409
    assert "This gift has already ended." in _text(response)
    assert not GiftChange.objects.exists()


def test_pressing_the_button_twice_changes_the_gift_once(client, gift, fake_stripe, deliver):
    seen = len(fake_stripe.events)

    for _ in range(2):
        _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"})

    events = _new_events(fake_stripe, seen)
    assert [event["type"] for event in events] == ["customer.subscription.updated"]
    for event in events:
        deliver(event)
    assert GiftChange.objects.count() == 1


# Webhook orders: our write first, or the webhook first; duplicates; late events.


def test_our_write_first_then_the_webhook_records_the_change_once(
    client, gift, fake_stripe, deliver
):
    seen = len(fake_stripe.events)
    _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"})

    for event in _new_events(fake_stripe, seen) * 2:  # and a duplicate delivery
        assert deliver(event).status_code == 200

    change = GiftChange.objects.get()
    assert (change.amount_after, change.source) == (800, "donor")
    gift.refresh_from_db()
    assert gift.amount == 800


def test_the_webhook_first_then_the_donor_again_records_the_change_once(
    client, gift, fake_stripe, deliver, settings
):
    """Stripe made the change but its answer was lost (a time-out): the page says nothing
    changed; the webhook records it as the donor's; the donor's second try finds it done."""
    settings.STRIPE_TIMEOUT = 0.5
    seen = len(fake_stripe.events)
    fake_stripe.on_request = lambda request: (
        fake_stripe.delay_next(1.0, path_prefix=request.path) if request.method == "GET" else None
    )

    lost = _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"})
    fake_stripe.on_request = None
    assert lost.status_code == 503
    assert "nothing has changed" in _text(lost)
    for _ in range(100):  # Stripe carries on with the request after the client gave up
        if len(fake_stripe.events) > seen:
            break
        time.sleep(0.05)

    for event in _new_events(fake_stripe, seen):
        deliver(event)
    change = GiftChange.objects.get()
    assert (change.amount_after, change.source) == (800, "donor")

    again = _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"}, follow=True)
    assert "Done: your gift is now $8 a month" in _text(again)
    assert GiftChange.objects.count() == 1


def test_a_late_webhook_for_an_earlier_change_does_not_undo_a_later_one(
    client, gift, fake_stripe, deliver
):
    seen = len(fake_stripe.events)
    _act(client, gift, "terms", {"amount": "8", "frequency": "monthly"})
    _act(client, gift, "terms", {"amount": "12", "frequency": "monthly"})
    first, second = _new_events(fake_stripe, seen)

    deliver(second)
    deliver(first)

    gift.refresh_from_db()
    assert gift.amount == 1200
    assert sorted(GiftChange.objects.values_list("amount_after", flat=True)) == [800, 1200]


# Changes made in Stripe's dashboard or portal, which we learn of only by webhook.


def test_an_amount_changed_in_stripe_is_recorded_from_the_webhook(
    client, gift, fake_stripe, deliver
):
    for event in fake_stripe.update_subscription(gift.stripe_subscription_id, amount=1500):
        deliver(event)
        deliver(event)

    change = GiftChange.objects.get()
    assert (change.kind, change.amount_before, change.amount_after, change.source) == (
        "amount",
        500,
        1500,
        "stripe",
    )
    assert "$15 a month" in _text(client.get(_page_url(gift)))


def test_a_pause_and_resumption_in_stripe_are_recorded_from_the_webhooks(
    client, gift, fake_stripe, deliver
):
    resumes_at = int(timezone.now().timestamp()) + 40 * 86400
    paused = fake_stripe.pause_subscription(gift.stripe_subscription_id, resumes_at=resumes_at)
    resumed = fake_stripe.resume_subscription(gift.stripe_subscription_id)

    for event in resumed + paused:  # in the wrong order
        deliver(event)

    assert sorted(GiftChange.objects.values_list("kind", flat=True)) == ["pause", "resume"]
    gift.refresh_from_db()
    assert gift.paused_until is None  # the newer state holds


def test_a_cancellation_in_stripes_portal_records_its_reason(client, gift, fake_stripe, deliver):
    for event in fake_stripe.cancel_subscription(
        gift.stripe_subscription_id, feedback="too_expensive"
    ):
        deliver(event)

    change = GiftChange.objects.get()
    assert (change.kind, change.reason, change.source) == ("cancel", "too_expensive", "stripe")


def test_a_cancellation_without_feedback_is_recorded_without_a_reason(gift, fake_stripe, deliver):
    for event in fake_stripe.cancel_subscription(gift.stripe_subscription_id):
        deliver(event)

    assert GiftChange.objects.get().reason == ""


def test_too_many_changes_from_one_link_are_refused(client, gift, fake_stripe, settings):
    settings.MANAGE_CHANGE_RATE_LIMIT = 2

    statuses = [
        _act(client, gift, "terms", {"amount": str(amount), "frequency": "monthly"}).status_code
        for amount in (6, 7, 8)
    ]

    assert statuses == [303, 303, 429]
    gift.refresh_from_db()
    assert gift.amount == 700


@pytest.mark.parametrize(
    ("action", "field"),
    [("terms", "amount"), ("terms", "frequency"), ("pause", "months"), ("cancel", "reason")],
)
@pytest.mark.parametrize(
    "junk", ["", "\x00", "٣", "-5", "1e9", "9" * 30, "5" * 5000, "<script>", "true"]
)
def test_junk_in_the_forms_gets_a_clear_answer_never_a_5xx(client, gift, action, field, junk):
    data = {"amount": "8", "frequency": "monthly", "months": "1", "reason": "unused"}

    response = _act(client, gift, action, {**data, field: junk})

    assert response.status_code < 500


@pytest.mark.parametrize("pk", ["0", "99999999999999999999", "-1"])
def test_an_address_naming_no_gift_is_not_found(client, gift, pk):
    assert client.get(f"{_page_url(gift)}gifts/{pk}/cancel/").status_code == 404


DASHBOARD = "/admin/donations/donation/dashboard/"


def _dashboard_rows(html: str, heading_id: str) -> list[str]:
    section = html[html.index(f'id="{heading_id}"') :]
    table = section[: section.index("</table>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]
    ]


def test_the_dashboard_counts_this_months_changes_and_why_donors_cancel(
    client, admin_user, start_checkout, fake_stripe, deliver, time_machine
):
    time_machine.move_to(datetime(2027, 3, 20, 12, tzinfo=UTC), tick=True)
    fake_stripe.clock = int(timezone.now().timestamp())
    gifts = []
    for _ in range(5):
        session = start_checkout("monthly", "5", "usd")
        for event in fake_stripe.complete_checkout(session["id"]):
            deliver(event)
        subscription = fake_stripe.objects("checkout.session")[session["id"]]["subscription"]
        gifts.append(RecurringDonation.objects.get(stripe_subscription_id=subscription))
    seen = len(fake_stripe.events)
    _act(client, gifts[0], "terms", {"amount": "3", "frequency": "monthly"})
    _act(client, gifts[0], "cancel", {"reason": "too_expensive", "confirmed": "true"})
    _act(client, gifts[1], "cancel", {"reason": CancelReason.COVERAGE.value})
    _act(client, gifts[2], "pause", {"months": "1"})
    for event in fake_stripe.events[seen:]:
        deliver(event)
    for gift, feedback in ((gifts[3], "too_expensive"), (gifts[4], None)):
        for event in fake_stripe.cancel_subscription(
            gift.stripe_subscription_id, feedback=feedback
        ):
            deliver(event)

    staff = Client()
    staff_log_in(staff, admin_user)
    html = staff.get(DASHBOARD).content.decode()

    assert _dashboard_rows(html, "changes-heading") == [
        "Amount changed 1",
        "Frequency changed 0",
        "Paused 1",
        "Resumed 0",
        "Cancelled 4",
    ]
    reasons = _dashboard_rows(html, "reasons-heading")
    assert reasons[:2] == [
        "I can’t afford it at the moment (money) 2 2",
        "I’m unhappy with your journalism 1 1",
    ]
    assert reasons[-1] == "No reason given 1 1"
    assert len(reasons) == len(CancelReason) + 1
