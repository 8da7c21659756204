"""Recording gifts: webhooks and the thank-you page, in every order, never twice."""

import itertools

import pytest
from django.core import mail
from django.db import transaction

from donations.models import Donation, Donor, RecurringDonation, WebhookEvent
from tests.donations.events import event_outcome
from tests.factories import ArticleFactory
from tests.task_queue import TaskQueue

pytestmark = pytest.mark.django_db

THANKS = "/support/thanks/"


def _deliver_all(deliver, events):
    for event in events:
        response = deliver(event)
        assert response.status_code == 200, (event["type"], response.content)
        assert response.outcome != "failed", event["type"]


def test_a_one_off_gift_is_recorded_from_the_webhook(start_checkout, fake_stripe, deliver):
    article = ArticleFactory()
    session = start_checkout("once", "25", "eur", prompt="banner", article=article.pk)

    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"], email="ana@example.org"))

    donation = Donation.objects.get()
    assert (donation.amount, donation.currency, donation.kind, donation.status) == (
        2500,
        "eur",
        "once",
        "paid",
    )
    assert donation.stripe_checkout_session_id == session["id"]
    assert donation.stripe_payment_intent_id.startswith("pi_")
    assert donation.paid_at is not None
    assert donation.donor.email == "ana@example.org"
    assert (donation.prompt, donation.article) == ("banner", article)


def test_the_thank_you_page_shows_and_records_a_paid_gift(client, start_checkout, fake_stripe):
    session = start_checkout("once", "10", "usd")
    fake_stripe.complete_checkout(session["id"])  # the webhook has not arrived yet

    response = client.get(THANKS, {"session_id": session["id"]})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Thank you" in html
    assert "gift of <strong>$10</strong>" in html
    assert Donation.objects.get().status == "paid"


def test_the_thank_you_page_leads_back_to_the_story_the_reader_came_from(
    client, start_checkout, fake_stripe
):
    article = ArticleFactory(headline="Library opens on Sundays")
    session = start_checkout("once", "10", "usd", article=article.pk)
    fake_stripe.complete_checkout(session["id"])

    html = client.get(THANKS, {"session_id": session["id"]}).content.decode()

    assert f'<a href="{article.get_absolute_url()}">Back to “Library opens on Sundays”</a>' in html


def test_the_thank_you_page_then_the_webhook_record_one_gift(
    visit_thanks, start_checkout, fake_stripe, deliver
):
    session = start_checkout("once", "10", "usd")
    events = fake_stripe.complete_checkout(session["id"])

    visit_thanks(session["id"])
    _deliver_all(deliver, events)
    visit_thanks(session["id"])

    assert Donation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_webhook_then_the_thank_you_page_record_one_gift(
    client, start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))

    html = client.get(THANKS, {"session_id": session["id"]}).content.decode()

    assert "Your gift of <strong>$5</strong> a month" in html
    assert Donation.objects.count() == 1
    assert RecurringDonation.objects.count() == 1


@pytest.mark.parametrize(
    ("frequency", "amount", "on_the_page", "in_the_email"),
    [
        ("once", "10", "Your gift of <strong>$10</strong> keeps", "your gift of $10 to"),
        (
            "monthly",
            "5",
            "Your gift of <strong>$5</strong> a month keeps",
            "your gift of $5 a month to",
        ),
        (
            "annual",
            "50",
            "Your gift of <strong>$50</strong> a year keeps",
            "your gift of $50 a year to",
        ),
    ],
)
def test_the_thanks_say_how_often_a_gift_recurs_once(
    visit_thanks, start_checkout, fake_stripe, frequency, amount, on_the_page, in_the_email
):
    session = start_checkout(frequency, amount, "usd")
    fake_stripe.complete_checkout(session["id"])

    html = visit_thanks(session["id"]).content.decode()

    assert on_the_page in html
    assert in_the_email in mail.outbox[0].body
    for doubled in ("monthly gift of", "annual gift of", "one-off gift of"):
        assert doubled not in html and doubled not in mail.outbox[0].body


@pytest.mark.parametrize(
    "session_id", ["", "cs_test_unknown123", "pi_123", "cs_<script>", "x" * 600]
)
def test_an_unknown_or_forged_session_gets_a_neutral_page(client, fake_stripe, session_id):
    response = client.get(THANKS, {"session_id": session_id})

    html = response.content.decode()
    assert response.status_code == 200
    assert "We haven’t had a confirmed payment" in html
    assert not Donation.objects.exists()


def test_an_unpaid_session_gets_a_neutral_page(client, start_checkout, fake_stripe):
    session = start_checkout("once", "10", "usd")

    html = client.get(THANKS, {"session_id": session["id"]}).content.decode()

    assert "We haven’t had a confirmed payment" in html
    assert not Donation.objects.exists()


@pytest.mark.parametrize("failing", ["/v1/subscriptions", "/v1/invoices"])
def test_the_thank_you_page_says_a_monthly_gift_is_being_confirmed_when_stripe_fails(
    visit_thanks, start_checkout, fake_stripe, failing, caplog
):
    session = start_checkout("monthly", "5", "usd")
    fake_stripe.complete_checkout(session["id"])  # the webhook has not arrived yet
    fake_stripe.fail_next(500, path_prefix=failing)

    response = visit_thanks(session["id"])

    html = response.content.decode()
    assert response.status_code == 200
    assert "We’re confirming your gift" in html
    assert "We haven’t had a confirmed payment" not in html
    assert not Donation.objects.exists()
    assert not RecurringDonation.objects.exists()
    assert not mail.outbox
    assert session["id"] in caplog.text


def test_a_monthly_gift_the_thank_you_page_could_not_record_is_recorded_on_the_next_visit(
    visit_thanks, start_checkout, fake_stripe
):
    session = start_checkout("monthly", "5", "usd")
    fake_stripe.complete_checkout(session["id"])
    fake_stripe.fail_next(500, path_prefix="/v1/invoices")
    visit_thanks(session["id"])

    html = visit_thanks(session["id"]).content.decode()

    assert "Your gift of <strong>$5</strong> a month" in html
    assert Donation.objects.get().status == "paid"
    assert len(mail.outbox) == 1


def test_a_delayed_payment_is_recorded_only_when_it_succeeds(start_checkout, fake_stripe, deliver):
    session = start_checkout("once", "30", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"], async_payment=True))
    assert not Donation.objects.exists()

    _deliver_all(deliver, fake_stripe.settle_async_payment(session["id"], succeed=True))

    assert Donation.objects.get().status == "paid"


def test_a_delayed_payment_that_fails_is_recorded_as_failed(start_checkout, fake_stripe, deliver):
    session = start_checkout("once", "30", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"], async_payment=True))

    _deliver_all(deliver, fake_stripe.settle_async_payment(session["id"], succeed=False))

    donation = Donation.objects.get()
    assert donation.status == "failed"
    assert donation.paid_at is None
    assert not mail.outbox


def test_a_thank_you_email_goes_out_once_per_new_gift(start_checkout, fake_stripe, deliver):
    session = start_checkout("monthly", "5", "usd")
    events = fake_stripe.complete_checkout(session["id"], email="kim@example.org", name="Kim")
    subscription_id = fake_stripe.event("customer.subscription.created")["data"]["object"]["id"]

    _deliver_all(deliver, events)
    _deliver_all(deliver, events)  # redelivered
    _deliver_all(deliver, fake_stripe.renew(subscription_id))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim@example.org"]
    assert "gift of $5 a month" in message.body
    assert "/support/manage/" in message.body


@pytest.mark.django_db(transaction=True)  # commits for real, so the email is queued on commit
def test_a_failing_thank_you_email_neither_loses_the_gift_nor_fails_the_event(
    client, start_checkout, fake_stripe, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.ProviderError"
    session = start_checkout("once", "15", "usd")
    events = fake_stripe.complete_checkout(session["id"])

    statuses = []
    for event in events:
        body, signature = fake_stripe.signed(event)
        response = client.post(
            "/support/webhooks/stripe/",
            body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
        statuses.append(response.status_code)
    TaskQueue().run()

    assert statuses == [200] * len(events)
    assert Donation.objects.get().status == "paid"
    assert Donation.objects.get().thanked_at is not None  # one attempt: never sent twice
    event = WebhookEvent.objects.get(type="checkout.session.completed")
    assert (event.processed_at is not None, event.last_error) == (True, "")
    assert "Could not send the thank-you email" in caplog.text


def test_a_failing_thank_you_email_still_shows_the_gift_on_the_thank_you_page(
    visit_thanks, start_checkout, fake_stripe, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.ProviderError"
    session = start_checkout("once", "15", "usd")
    fake_stripe.complete_checkout(session["id"])

    html = visit_thanks(session["id"]).content.decode()

    assert "gift of <strong>$15</strong>" in html
    assert Donation.objects.get().status == "paid"
    assert "Could not send the thank-you email" in caplog.text


# A monthly gift's life, delivered in many orders


def _monthly_life_steps(start_checkout, fake_stripe) -> dict[str, list[dict]]:
    """The events of each step of a monthly gift's life, in the order Stripe created them."""
    session = start_checkout("monthly", "5", "usd")
    start = fake_stripe.complete_checkout(session["id"])
    subscription_id = fake_stripe.event("customer.subscription.created")["data"]["object"]["id"]
    return {
        "start": start,  # customer.subscription.created, invoice.paid, checkout.session.completed
        "first renewal": fake_stripe.renew(subscription_id),  # invoice.paid
        "second renewal": fake_stripe.renew(subscription_id),  # invoice.paid
        # invoice.payment_failed, customer.subscription.updated (past_due)
        "failed payment": fake_stripe.renew(subscription_id, succeed=False),
        "cancellation": fake_stripe.cancel_subscription(subscription_id),  # ...deleted
    }


def _life_as_it_should_end(steps: dict[str, list[dict]]) -> dict:
    """Four payments, one each (the failed one failed), one donor, and the gift canceled."""
    invoice = {
        name: next(e["data"]["object"]["id"] for e in events if e["type"].startswith("invoice."))
        for name, events in steps.items()
        if name != "cancellation"
    }
    session = steps["start"][-1]["data"]["object"]["id"]
    return {
        "donations": {
            invoice["start"]: ("paid", 500, "usd", True),
            invoice["first renewal"]: ("paid", 500, "usd", True),
            invoice["second renewal"]: ("paid", 500, "usd", True),
            invoice["failed payment"]: ("failed", 500, "usd", False),
        },
        "recurring": ("canceled", 500, "month"),
        "canceled at": True,
        "first payment": [(invoice["start"], session)],
        "donors": 1,
    }


def _life_as_recorded() -> dict:
    donations = {
        d.stripe_invoice_id: (d.status, d.amount, d.currency, d.paid_at is not None)
        for d in Donation.objects.all()
    }
    recurring = RecurringDonation.objects.get()
    first = Donation.objects.filter(stripe_checkout_session_id__isnull=False)
    return {
        "donations": donations,
        "recurring": (recurring.status, recurring.amount, recurring.interval),
        "canceled at": recurring.canceled_at is not None,
        "first payment": list(first.values_list("stripe_invoice_id", "stripe_checkout_session_id")),
        "donors": Donor.objects.count(),
    }


def _deliver_as_stripe_does(deliver, tasks, events):
    """Deliver events in this order; then run the retries the queue holds for those that
    failed, twice at most, as their time comes."""
    failed = [event for event in events if deliver(event).outcome == "failed"]
    for _ in range(2):
        if failed:
            tasks.run_retries()
            failed = [event for event in failed if event_outcome(event["id"]) == "failed"]
    assert not failed, [event["type"] for event in failed]


def test_a_monthly_gifts_whole_life_in_order(start_checkout, fake_stripe, deliver):
    steps = _monthly_life_steps(start_checkout, fake_stripe)

    _deliver_all(deliver, [event for events in steps.values() for event in events])

    assert _life_as_recorded() == _life_as_it_should_end(steps)


def test_a_monthly_gifts_life_ends_the_same_in_every_order_of_its_steps(
    start_checkout, fake_stripe, deliver, tasks
):
    """Start, two renewals, a failed payment and the cancellation in all 120 orders, each step's
    events as Stripe created them and in reverse: 240 runs, about 25 seconds on two cores.

    Stripe promises no order at all, but the eight events in every order are 40,320 runs (about
    an hour). Between steps, what can go wrong is old news overwriting new: a payment after the
    cancellation, the past-due update before an older renewal. Within a step, it is two events
    about one payment recording it twice; the start's three events in all six orders are in
    test_the_first_monthly_payment_is_one_gift_in_any_order. Not tried here: a step's events
    split apart by another step's (checkout.session.completed after the cancellation, say, when
    customer.subscription.created came first).
    """
    steps = _monthly_life_steps(start_checkout, fake_stripe)
    expected = _life_as_it_should_end(steps)

    for order in itertools.permutations(steps):
        for within in (list, reversed):
            events = [event for name in order for event in within(steps[name])]
            with transaction.atomic():  # each run starts from nothing
                _deliver_as_stripe_does(deliver, tasks, events)
                assert _life_as_recorded() == expected, (order, within.__name__)
                transaction.set_rollback(True)


def test_a_subscription_deleted_before_an_older_update_stays_canceled(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    subscription_id = RecurringDonation.objects.get().stripe_subscription_id
    update = fake_stripe.update_subscription(subscription_id, amount=1000)
    deletion = fake_stripe.cancel_subscription(subscription_id)

    _deliver_all(deliver, deletion + update)

    recurring = RecurringDonation.objects.get()
    assert recurring.status == "canceled"
    assert recurring.canceled_at is not None


def test_a_raised_monthly_amount_is_kept_even_if_an_older_payment_arrives_later(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    subscription_id = RecurringDonation.objects.get().stripe_subscription_id
    renewal = fake_stripe.renew(subscription_id)
    update = fake_stripe.update_subscription(subscription_id, amount=1500)

    _deliver_all(deliver, update + renewal)

    assert RecurringDonation.objects.get().amount == 1500
    assert RecurringDonation.objects.get().status == "active"


def test_a_monthly_gift_set_to_cancel_at_period_end_says_so(start_checkout, fake_stripe, deliver):
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    subscription_id = RecurringDonation.objects.get().stripe_subscription_id

    _deliver_all(
        deliver, fake_stripe.update_subscription(subscription_id, cancel_at_period_end=True)
    )

    recurring = RecurringDonation.objects.get()
    assert recurring.cancel_at_period_end
    assert recurring.status == "active"


def test_a_failed_renewal_makes_the_gift_past_due_until_a_retry_succeeds(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    subscription_id = RecurringDonation.objects.get().stripe_subscription_id

    _deliver_all(deliver, fake_stripe.renew(subscription_id, succeed=False))
    assert RecurringDonation.objects.get().status == "past_due"

    _deliver_all(deliver, fake_stripe.renew(subscription_id, succeed=True))
    assert RecurringDonation.objects.get().status == "active"


# Invoices as other API versions shape them


@pytest.fixture
def monthly_gift(start_checkout, fake_stripe, deliver):
    """A monthly gift whose first payment is recorded; returns its subscription id."""
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    return RecurringDonation.objects.get().stripe_subscription_id


def _renewal(fake_stripe, subscription_id, *, succeed=True):
    events = fake_stripe.renew(subscription_id, succeed=succeed)
    return next(event for event in events if event["type"].startswith("invoice."))


def test_a_renewal_in_the_older_invoice_shape_is_recorded(monthly_gift, fake_stripe, deliver):
    older = fake_stripe.in_older_shape(_renewal(fake_stripe, monthly_gift))
    assert "parent" not in older["data"]["object"]

    response = deliver(older)

    assert response.status_code == 200
    renewal = Donation.objects.get(stripe_invoice_id=older["data"]["object"]["id"])
    assert (renewal.status, renewal.amount, renewal.recurring.stripe_subscription_id) == (
        "paid",
        500,
        monthly_gift,
    )


def test_a_failed_renewal_in_the_older_invoice_shape_makes_the_gift_past_due(
    monthly_gift, fake_stripe, deliver
):
    older = fake_stripe.in_older_shape(_renewal(fake_stripe, monthly_gift, succeed=False))

    assert deliver(older).status_code == 200

    assert RecurringDonation.objects.get().status == "past_due"
    assert Donation.objects.get(stripe_invoice_id=older["data"]["object"]["id"]).status == "failed"


def _naming_no_subscription(event):
    invoice = event["data"]["object"]
    invoice["parent"] = None
    invoice["subscription"] = None
    for line in invoice["lines"]["data"]:
        line["parent"] = None
    return event


def test_a_renewal_whose_payload_names_no_subscription_is_read_again_from_stripe(
    monthly_gift, fake_stripe, deliver
):
    event = _naming_no_subscription(_renewal(fake_stripe, monthly_gift))

    response = deliver(event)

    assert response.status_code == 200
    assert Donation.objects.get(stripe_invoice_id=event["data"]["object"]["id"]).status == "paid"


def test_a_renewal_naming_no_subscription_is_kept_for_retry_while_stripe_is_down(
    monthly_gift, fake_stripe, deliver, tasks
):
    event = _naming_no_subscription(_renewal(fake_stripe, monthly_gift))
    fake_stripe.fail_next(500, path_prefix="/v1/invoices")

    first_try = deliver(event).outcome
    tasks.run_retries()

    assert (first_try, event_outcome(event["id"])) == ("failed", "processed")
    stored = WebhookEvent.objects.get(stripe_event_id=event["id"])
    assert (stored.attempts, stored.processed_at is not None) == (2, True)
    assert Donation.objects.filter(stripe_invoice_id=event["data"]["object"]["id"]).exists()


def test_an_invoice_that_is_not_for_a_subscription_is_acknowledged_and_records_nothing(
    monthly_gift, fake_stripe, deliver
):
    event = _naming_no_subscription(_renewal(fake_stripe, monthly_gift))
    event["data"]["object"]["billing_reason"] = "manual"
    requests_before = len(fake_stripe.requests)

    response = deliver(event)

    assert response.status_code == 200
    assert Donation.objects.count() == 1  # the first payment only
    assert WebhookEvent.objects.get(stripe_event_id=event["id"]).processed_at is not None
    assert len(fake_stripe.requests) == requests_before


# Refunds


def test_a_full_refund_marks_the_gift_refunded(start_checkout, fake_stripe, deliver):
    session = start_checkout("once", "40", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    payment_intent = Donation.objects.get().stripe_payment_intent_id

    _deliver_all(deliver, fake_stripe.refund(payment_intent))

    donation = Donation.objects.get()
    assert (donation.status, donation.amount_refunded) == ("refunded", 4000)


def test_a_partial_refund_keeps_the_gift_paid_with_the_refunded_amount(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("once", "40", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    payment_intent = Donation.objects.get().stripe_payment_intent_id
    first = fake_stripe.refund(payment_intent, amount=1000)
    second = fake_stripe.refund(payment_intent, amount=500)

    _deliver_all(deliver, second + first)  # cumulative figures, out of order

    donation = Donation.objects.get()
    assert (donation.status, donation.amount_refunded) == ("paid", 1500)


def test_a_monthly_payment_can_be_refunded(start_checkout, fake_stripe, deliver):
    session = start_checkout("monthly", "5", "usd")
    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"]))
    payment_intent = Donation.objects.get().stripe_payment_intent_id

    _deliver_all(deliver, fake_stripe.refund(payment_intent))

    assert Donation.objects.get().status == "refunded"


def test_a_refund_before_its_payment_fails_then_succeeds_when_retried(
    start_checkout, fake_stripe, deliver, tasks
):
    session = start_checkout("once", "40", "usd")
    checkout_events = fake_stripe.complete_checkout(session["id"])
    payment_intent = fake_stripe.event("checkout.session.completed")["data"]["object"][
        "payment_intent"
    ]
    refund_events = fake_stripe.refund(payment_intent)

    first_try = deliver(refund_events[0])
    _deliver_all(deliver, checkout_events)
    tasks.run_retries()

    assert (first_try.status_code, first_try.outcome) == (200, "failed")
    assert Donation.objects.get().status == "refunded"
    event = WebhookEvent.objects.get(type="charge.refunded")
    assert event.attempts == 2
    assert event.processed_at is not None
    assert event.last_error == ""


def _paid_by(fake_stripe, invoice_id):
    """The PaymentIntent that paid an invoice, as Stripe's back office knows it."""
    payments = fake_stripe.objects("invoice_payment").values()
    return next(p["payment"]["payment_intent"] for p in payments if p["invoice"] == invoice_id)


@pytest.mark.parametrize(
    ("refunded", "recorded"),
    [(None, ("refunded", 500)), (200, ("paid", 200))],
    ids=["in full", "in part"],
)
def test_a_renewal_refunded_before_its_payment_arrives_is_recorded_as_refunded(
    monthly_gift, fake_stripe, deliver, refunded, recorded
):
    renewal = _renewal(fake_stripe, monthly_gift)
    invoice_id = renewal["data"]["object"]["id"]
    refund = fake_stripe.refund(_paid_by(fake_stripe, invoice_id), amount=refunded)
    first = Donation.objects.values_list("stripe_invoice_id", "status", "amount_refunded").get()
    emails = len(mail.outbox)

    _deliver_all(deliver, [*refund, renewal])  # the refund first: its invoice's event is late

    donation = Donation.objects.get(stripe_invoice_id=invoice_id)
    assert (donation.status, donation.amount_refunded) == recorded
    assert (donation.amount, donation.paid_at is not None) == (500, True)
    assert (
        Donation.objects.exclude(pk=donation.pk)
        .values_list("stripe_invoice_id", "status", "amount_refunded")
        .get()
        == first
    )
    recurring = RecurringDonation.objects.get()
    assert (recurring.status, recurring.amount) == ("active", 500)
    assert len(mail.outbox) == emails
    stored = WebhookEvent.objects.filter(processed_at__isnull=False, last_error="")
    assert stored.filter(stripe_event_id__in=[refund[0]["id"], renewal["id"]]).count() == 2


def test_a_first_monthly_payment_refunded_before_any_of_its_events_is_one_refunded_gift(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")
    start = fake_stripe.complete_checkout(session["id"])
    invoice_id = fake_stripe.event("invoice.paid")["data"]["object"]["id"]
    refund = fake_stripe.refund(_paid_by(fake_stripe, invoice_id))

    _deliver_all(deliver, refund + start)

    donation = Donation.objects.get()
    assert (donation.status, donation.amount_refunded) == ("refunded", 500)
    assert donation.stripe_checkout_session_id == session["id"]
    assert RecurringDonation.objects.get().status == "active"


def test_a_renewals_refund_is_kept_for_retry_while_stripe_cannot_say_whose_it_is(
    monthly_gift, fake_stripe, deliver, tasks
):
    renewal = _renewal(fake_stripe, monthly_gift)
    refund = fake_stripe.refund(_paid_by(fake_stripe, renewal["data"]["object"]["id"]))[0]
    fake_stripe.fail_next(500, path_prefix="/v1/invoice_payments")

    first_try = deliver(refund).outcome
    tasks.run_retries()

    assert (first_try, event_outcome(refund["id"])) == ("failed", "processed")
    donation = Donation.objects.get(stripe_invoice_id=renewal["data"]["object"]["id"])
    assert donation.status == "refunded"


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_the_first_monthly_payment_is_one_gift_in_any_order(
    start_checkout, fake_stripe, deliver, order
):
    session = start_checkout("monthly", "5", "usd")
    events = fake_stripe.complete_checkout(session["id"])

    _deliver_all(deliver, [events[i] for i in order])

    donation = Donation.objects.get()
    assert donation.stripe_checkout_session_id == session["id"]
    assert donation.recurring.status == "active"
    assert donation.stripe_payment_intent_id is not None


# What Stripe allows and our columns do not


LONG_NAME = "Maria " + "de la Santísima Trinidad " * 12  # 306 characters; Stripe takes it


def test_a_donor_with_a_300_character_name_is_recorded_from_the_thank_you_page(
    visit_thanks, start_checkout, fake_stripe
):
    session = start_checkout("once", "10", "usd")
    fake_stripe.complete_checkout(session["id"], name=LONG_NAME)

    response = visit_thanks(session["id"])

    assert response.status_code == 200
    assert "gift of <strong>$10</strong>" in response.content.decode()
    donation = Donation.objects.get()
    assert donation.status == "paid"
    assert LONG_NAME.startswith(donation.donor.name)
    assert len(mail.outbox) == 1


def test_a_donor_with_a_300_character_name_is_recorded_from_the_webhook(
    start_checkout, fake_stripe, deliver
):
    session = start_checkout("monthly", "5", "usd")

    _deliver_all(deliver, fake_stripe.complete_checkout(session["id"], name=LONG_NAME))

    assert Donation.objects.get().status == "paid"
    assert LONG_NAME.startswith(Donor.objects.get().name)
    assert len(mail.outbox) == 1


# Invoices and refunds that carry no money of ours


def test_a_renewal_a_coupon_covers_in_full_is_acknowledged_and_records_nothing(
    monthly_gift, fake_stripe, deliver
):
    events = fake_stripe.renew(monthly_gift, amount_due=0)
    assert events[0]["data"]["object"]["amount_paid"] == 0

    _deliver_all(deliver, events)

    assert Donation.objects.count() == 1  # the first payment only
    assert RecurringDonation.objects.get().status == "active"
    assert WebhookEvent.objects.get(stripe_event_id=events[0]["id"]).processed_at is not None


def test_a_refund_of_a_charge_without_a_payment_intent_touches_no_donation(
    monthly_gift, fake_stripe, deliver
):
    # A failed renewal is recorded without a PaymentIntent: the row a NULL match would find.
    _deliver_all(deliver, fake_stripe.renew(monthly_gift, succeed=False))
    before = list(Donation.objects.values_list("pk", "status", "amount_refunded"))

    _deliver_all(deliver, fake_stripe.legacy_charge_refund(amount=500))

    assert list(Donation.objects.values_list("pk", "status", "amount_refunded")) == before


def test_a_refund_in_the_older_charge_shape_finds_its_payment_by_invoice(
    monthly_gift, fake_stripe, deliver
):
    payment = Donation.objects.get()
    refund = fake_stripe.refund(payment.stripe_payment_intent_id)[0]
    # Before 2025-03-31 a charge named its invoice; some charges of old had no PaymentIntent.
    refund["data"]["object"] |= {"payment_intent": None, "invoice": payment.stripe_invoice_id}

    assert deliver(refund).status_code == 200

    assert Donation.objects.get().status == "refunded"
