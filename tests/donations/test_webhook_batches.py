"""A worker's batch records its paid one-off Checkout events together, in a few statements for
the batch; whatever is unusual in it goes one event at a time. Either way the database, the
emails and the counters end as they would with each event processed alone."""

import copy
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.db import transaction

from donations.models import (
    Donation,
    Donor,
    PromptDay,
    ReaderSupport,
    RecurringDonation,
    Reminder,
    WebhookEvent,
)
from donations.services import recording
from donations.webhooks import webhook_events_process_due
from tests.donations.events import event_outcome
from tests.factories import (
    ArticleFactory,
    DonorFactory,
    PromptFactory,
    ReminderFactory,
    UserFactory,
    one_off_paid_event,
)

WEBHOOK = "/support/webhooks/stripe/"
ODD = 'Ann "{O\'Brien}", back\\slash, NULL'  # what quoting in a statement must survive


def _post(client, fake_stripe, event):
    body, signature = fake_stripe.signed(event)
    response = client.post(
        WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )
    assert response.status_code == 200


def _with(event: dict, **session) -> dict:
    event = copy.deepcopy(event)
    event["data"]["object"].update(session)
    return event


@pytest.fixture
def mixed_batch(start_checkout, fake_stripe):
    """A rush's batch with one of each unusual case in it, and what it needs recorded before."""
    article = ArticleFactory()
    prompt = PromptFactory(key="batch-ask")
    UserFactory(username="reads", email="Reader1@Example.org")  # signed in: marked a supporter
    ours = {"newsroom": "donation", "frequency": "once"}
    subscription = start_checkout("monthly", "5", "usd")
    [subscription_paid] = [
        event
        for event in fake_stripe.complete_checkout(subscription["id"])
        if event["type"] == "checkout.session.completed"
    ]
    paid_after_failing = one_off_paid_event(7)
    same_session = one_off_paid_event(4)
    events = [
        _with(
            one_off_paid_event(1),
            metadata={**ours, "prompt": prompt.key, "article": str(article.pk)},
        ),
        _with(one_off_paid_event(2), metadata={**ours, "gift_amount": "1000", "fee_covered": "2"}),
        _with(one_off_paid_event(3), customer_details={"email": "", "name": "Known Reader"}),
        same_session,
        _with(
            one_off_paid_event(5),
            customer_details={"email": "a" * 250 + "@example.org", "name": "N" * 300},
        ),
        _with(one_off_paid_event(6), metadata={"shop": "order-6"}),  # another tool's sale
        paid_after_failing,
        subscription_paid,
        _with(
            one_off_paid_event(8, customer="cus_shared"),
            customer_details={"email": "shared@example.org", "name": ""},
        ),
        _with(
            one_off_paid_event(9, customer="cus_shared"),
            customer_details={"email": "shared@example.org", "name": "Sam"},
        ),
        one_off_paid_event(10),
        {
            **same_session,
            "id": "evt_batch0004b",
            "type": "checkout.session.async_payment_succeeded",
        },
        _with(
            one_off_paid_event(11), customer_details={"email": "reader11@example.org", "name": ODD}
        ),
        one_off_paid_event(12),
        one_off_paid_event(13, customer="cus_batch0011"),  # a second gift by a new donor
        one_off_paid_event(14),
    ]

    def arrange():
        """What the database holds before the batch (rolled back with each run)."""
        DonorFactory(stripe_customer_id="cus_batch0003", email="reader3@example.org", name="")
        recording.donation_fail_checkout(
            session={**paid_after_failing["data"]["object"], "payment_status": "unpaid"},
            occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        ReminderFactory(email="READER10@example.org", sent=1, prompt=prompt.key)

    return arrange, events


def _state() -> dict:
    """Everything a batch may write, without ids and clock times."""
    donations = [
        {**row, "thanked_at": row["thanked_at"] is not None}
        for row in Donation.objects.values(
            "stripe_checkout_session_id",
            "stripe_payment_intent_id",
            "stripe_invoice_id",
            "donor__stripe_customer_id",
            "recurring__stripe_subscription_id",
            "kind",
            "status",
            "amount",
            "fee_covered",
            "currency",
            "paid_at",
            "prompt",
            "article_id",
            "thanked_at",
        )
    ]
    return {
        "donations": sorted(donations, key=repr),
        "donors": sorted(Donor.objects.values_list("stripe_customer_id", "email", "name")),
        "recurring": sorted(
            RecurringDonation.objects.values_list("stripe_subscription_id", "status", "amount")
        ),
        "thanked recurring": RecurringDonation.objects.filter(thanked_at__isnull=False).count(),
        "reminders": sorted(Reminder.objects.values_list("email", flat=True)),
        "prompt days": sorted(
            PromptDay.objects.values_list("prompt__key", "reminder_gifts", "checkouts")
        ),
        "supporters": sorted(
            (email, until is not None)
            for email, until in ReaderSupport.objects.values_list("user__email", "supporter_until")
        ),
        "events": sorted(
            WebhookEvent.objects.values_list("stripe_event_id", "outcome", "attempts")
        ),
        "emails": sorted((tuple(m.to), m.subject, m.body) for m in mail.outbox),
    }


def _run(client, fake_stripe, tasks, arrange, events, *, batch_size: int) -> tuple[dict, int]:
    """Arrange, deliver, process with batches of `batch_size`, send the emails: the state it
    leaves and how many batches it took; all rolled back after."""
    mail.outbox.clear()
    with transaction.atomic():
        arrange()
        for event in events:
            _post(client, fake_stripe, event)
        batches = 0
        while webhook_events_process_due(limit=batch_size):
            batches += 1
        tasks.run()
        state = _state()
        transaction.set_rollback(True)
    return state, batches


@pytest.mark.django_db
def test_a_mixed_batch_records_exactly_what_each_event_alone_records(
    client, fake_stripe, tasks, mixed_batch
):
    arrange, events = mixed_batch

    alone, batches_alone = _run(client, fake_stripe, tasks, arrange, events, batch_size=1)
    together, batches_together = _run(client, fake_stripe, tasks, arrange, events, batch_size=50)

    assert (batches_alone, batches_together) == (len(events), 1)
    assert together == alone
    # And what that is: 13 one-off payments (not the other tool's) and the first monthly one,
    # each thanked once, but for the donor whose too long address was dropped.
    one_offs = [row for row in alone["donations"] if row["kind"] == "once"]
    assert (len(one_offs), len(alone["donations"])) == (13, 14)
    assert all(row["thanked_at"] and row["status"] == "paid" for row in one_offs)
    assert len(alone["emails"]) == 13
    assert ("cus_shared", "shared@example.org", "Sam") in alone["donors"]
    assert ("cus_batch0011", "reader11@example.org", ODD) in alone["donors"]
    assert ("cus_batch0003", "reader3@example.org", "Known Reader") in alone["donors"]
    assert ("cus_batch0005", "", "N" * 200) in alone["donors"]
    assert alone["reminders"] == []
    assert alone["prompt days"] == [("batch-ask", 1, 0)]
    assert alone["supporters"] == [("Reader1@Example.org", True)]
    assert ("evt_batch0006", "nothing to record", 1) in alone["events"]


@pytest.mark.django_db
@pytest.mark.parametrize("known_donors", [0, 20, 50])
def test_a_batch_of_fifty_one_off_gifts_is_recorded_in_a_few_statements(
    client, fake_stripe, tasks, django_assert_max_num_queries, known_donors
):
    for number in range(known_donors):  # donors who gave before
        DonorFactory(
            stripe_customer_id=f"cus_batch{number:04d}",
            email=f"reader{number}@example.org",
            name="Reader",
        )
    for number in range(50):
        _post(client, fake_stripe, one_off_paid_event(number))

    # The claim, the lock, the sessions, the donors (read, then inserted), the donations, their
    # thanks, the reminders and the readers' accounts to look at, the events marked, the
    # thank-yous' task, the savepoint: one event at a time it was some 350.
    with django_assert_max_num_queries(13):
        assert len(webhook_events_process_due()) == 50

    assert Donation.objects.filter(status="paid", thanked_at__isnull=False).count() == 50
    assert set(WebhookEvent.objects.values_list("outcome", flat=True)) == {"processed"}
    tasks.run()
    assert len(mail.outbox) == 50


@pytest.mark.django_db
def test_a_batch_whose_gifts_cannot_be_recorded_together_records_them_one_at_a_time(
    client, fake_stripe, tasks
):
    bad = _with(one_off_paid_event(3), amount_total=-300)  # a CHECK refuses it
    for event in [one_off_paid_event(1), one_off_paid_event(2), bad, one_off_paid_event(4)]:
        _post(client, fake_stripe, event)

    assert len(webhook_events_process_due()) == 4

    assert sorted(Donation.objects.values_list("amount", flat=True)) == [1001, 1002, 1004]
    assert event_outcome("evt_batch0003") == "failed"
    assert "donation_amount_positive" in WebhookEvent.objects.get(
        stripe_event_id="evt_batch0003"
    ).last_error.replace('"', "")
    tasks.run()
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_refused_thank_you_in_a_batch_loses_that_email_alone(
    client, fake_stripe, tasks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.RefusesOne"
    refused = _with(
        one_off_paid_event(2), customer_details={"email": "refused@example.org", "name": "R"}
    )
    for event in [one_off_paid_event(1), refused, one_off_paid_event(3)]:
        _post(client, fake_stripe, event)
    assert len(webhook_events_process_due()) == 3

    tasks.run()  # the batch's three thank-yous, in one task

    assert sorted(message.to[0] for message in mail.outbox) == [
        "reader1@example.org",
        "reader3@example.org",
    ]
    assert "Could not send the thank-you email for Donation" in caplog.text
    assert Donation.objects.filter(thanked_at__isnull=False).count() == 3  # never sent twice
