"""Failed payments: one email per failed invoice with a link to update the card, whatever the
order and number of Stripe's events, and the gift recovered once a retry pays."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from donations.models import Donation, RecurringDonation
from tests.donations.events import event_outcome
from tests.factories import DonationFactory, RecurringDonationFactory

pytestmark = pytest.mark.django_db

# A Tuesday in the middle of a month, at noon: the month's figures hold for a fortnight.
NOW = datetime(2027, 3, 16, 12, 0, tzinfo=UTC)
DASHBOARD = "/admin/donations/donation/dashboard/"


@pytest.fixture
def monthly_gift(time_machine, start_checkout, fake_stripe, deliver):
    """A $12 monthly gift from Lee, started on NOW (the clock running on from there); returns
    its subscription's id. The thank-you email is cleared."""
    time_machine.move_to(NOW, tick=True)
    fake_stripe.clock = int(NOW.timestamp())
    session = start_checkout("monthly", "12", "usd")
    for event in fake_stripe.complete_checkout(session["id"], email="lee@example.org"):
        assert deliver(event).outcome == "processed"
    mail.outbox.clear()
    return fake_stripe.objects("checkout.session")[session["id"]]["subscription"]


def _failed_invoice(events) -> str:
    return next(e for e in events if e["type"] == "invoice.payment_failed")["data"]["object"]["id"]


def _card_link(message) -> str:
    """The card-update link in an email, as a path on this site."""
    link = re.search(r"https://news\.example\.org(/support/manage/card/\S+/)", message.body)
    return link.group(1)


def test_a_failed_renewal_emails_the_donor_a_link_to_update_their_card(
    monthly_gift, fake_stripe, deliver, client
):
    for event in fake_stripe.renew(monthly_gift, succeed=False):
        deliver(event)

    [message] = mail.outbox
    assert message.to == ["lee@example.org"]
    assert "didn't go through" in message.subject
    assert "$12" in message.body
    link = _card_link(message)
    response = client.get(link)
    portal = fake_stripe.objects("billing_portal.session")
    [session] = portal.values()
    assert response.status_code == 303
    assert response["Location"] == session["url"]
    assert session["flow"]["type"] == "payment_method_update"
    assert fake_stripe.last_request("POST", "/v1/billing_portal/sessions").params["flow_data"] == {
        "type": "payment_method_update"
    }
    assert Donation.objects.get(status="failed").failed_at is not None


def test_retries_that_fail_again_send_no_second_email(monthly_gift, fake_stripe, deliver):
    events = fake_stripe.renew(monthly_gift, succeed=False)
    for event in events:
        deliver(event)
    invoice = _failed_invoice(events)

    for _ in range(2):
        for event in fake_stripe.retry_invoice(invoice, succeed=False):
            assert deliver(event).outcome == "processed"

    assert len(mail.outbox) == 1
    assert Donation.objects.get(stripe_invoice_id=invoice).status == "failed"


def test_a_duplicate_delivery_of_the_failure_sends_one_email(monthly_gift, fake_stripe, deliver):
    failed = next(
        e for e in fake_stripe.renew(monthly_gift, succeed=False) if "failed" in e["type"]
    )

    first, again = deliver(failed), deliver(failed)

    assert (first.outcome, again.status_code) == ("processed", 200)
    assert len(mail.outbox) == 1


def test_a_retry_that_pays_recovers_the_gift(monthly_gift, fake_stripe, deliver):
    events = fake_stripe.renew(monthly_gift, succeed=False)
    for event in events:
        deliver(event)

    for event in fake_stripe.retry_invoice(_failed_invoice(events), succeed=True):
        assert deliver(event).outcome == "processed"

    payment = Donation.objects.get(stripe_invoice_id=_failed_invoice(events))
    assert (payment.status, payment.amount, payment.failed_at is not None) == ("paid", 1200, True)
    assert RecurringDonation.objects.get().status == "active"
    assert len(mail.outbox) == 1  # the failure's; nothing more


def test_a_payment_that_arrives_before_its_failure_sends_no_email(
    monthly_gift, fake_stripe, deliver
):
    failure = fake_stripe.renew(monthly_gift, succeed=False)
    recovery = fake_stripe.retry_invoice(_failed_invoice(failure), succeed=True)

    for event in recovery + failure:  # Stripe's deliveries in the other order
        deliver(event)

    payment = Donation.objects.get(stripe_invoice_id=_failed_invoice(failure))
    assert (payment.status, payment.failed_at is not None) == ("paid", True)
    assert RecurringDonation.objects.get().status == "active"
    assert mail.outbox == []


def test_a_retrys_failure_arriving_after_the_payment_changes_nothing(
    monthly_gift, fake_stripe, deliver
):
    first = fake_stripe.renew(monthly_gift, succeed=False)
    invoice = _failed_invoice(first)
    second = fake_stripe.retry_invoice(invoice, succeed=False)
    paid = fake_stripe.retry_invoice(invoice, succeed=True)

    for event in first + paid + second:
        deliver(event)

    assert Donation.objects.get(stripe_invoice_id=invoice).status == "paid"
    assert RecurringDonation.objects.get().status == "active"
    assert len(mail.outbox) == 1


def test_a_failure_after_the_gift_was_cancelled_sends_no_email(monthly_gift, fake_stripe, deliver):
    failure = fake_stripe.renew(monthly_gift, succeed=False)
    for event in fake_stripe.cancel_subscription(monthly_gift) + failure:
        deliver(event)

    assert RecurringDonation.objects.get().status == "canceled"
    assert mail.outbox == []


def test_a_payment_recovered_before_its_email_goes_gets_no_email(
    monthly_gift, fake_stripe, client, tasks, django_capture_on_commit_callbacks
):
    """The failure's email waits in the queue behind the retry's payment, which is recorded
    first: the donor is not asked to fix what is fixed."""
    failure = fake_stripe.renew(monthly_gift, succeed=False)
    recovery = fake_stripe.retry_invoice(_failed_invoice(failure), succeed=True)
    for event in failure + recovery:  # all received before a worker runs
        body, signature = fake_stripe.signed(event)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/support/webhooks/stripe/",
                body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )

    tasks.run()

    assert Donation.objects.get(stripe_invoice_id=_failed_invoice(failure)).status == "paid"
    assert mail.outbox == []


def test_a_mail_server_that_fails_loses_the_email_not_the_failure(
    monthly_gift, fake_stripe, deliver, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.SMTPDown"

    outcomes = [deliver(event).outcome for event in fake_stripe.renew(monthly_gift, succeed=False)]

    assert set(outcomes) == {"processed"}
    assert Donation.objects.get(status="failed").failed_at is not None
    assert "Could not send notice" in caplog.text


def test_a_failed_payment_on_a_subscription_not_ours_is_ignored(fake_stripe, deliver):
    events = fake_stripe.shop_checkout(interval="month", email="club@example.org")
    for event in events:
        deliver(event)
    subscription = next(e for e in events if e["type"] == "customer.subscription.created")
    mail.outbox.clear()

    failure = fake_stripe.renew(subscription["data"]["object"]["id"], succeed=False)
    outcomes = {event["type"]: deliver(event).outcome for event in failure}

    assert outcomes["invoice.payment_failed"] == "nothing to record"
    assert mail.outbox == []
    assert not Donation.objects.exists()


def test_an_expired_card_link_says_so_and_offers_a_fresh_manage_link(
    monthly_gift, fake_stripe, deliver, client, settings
):
    for event in fake_stripe.renew(monthly_gift, succeed=False):
        deliver(event)
    link = _card_link(mail.outbox[0])

    with time_machine.travel(NOW + timedelta(seconds=settings.CARD_LINK_MAX_AGE + 60)):
        response = client.get(link)

    page = response.content.decode()
    assert response.status_code == 400
    assert "That link has expired" in page
    assert 'action="/support/manage/"' in page
    assert not fake_stripe.objects("billing_portal.session")


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "%E2%80%8B"])
def test_a_broken_card_link_is_a_clear_400(client, fake_stripe, token):
    response = client.get(f"/support/manage/card/{token}/")

    assert response.status_code == 400
    assert "That link doesn’t work" in response.content.decode()


def test_a_manage_link_is_no_card_link(monthly_gift, client, fake_stripe):
    """The two links are signed apart: neither opens the other's page."""
    from donations.models import Donor
    from donations.services.manage import manage_token_make

    token = manage_token_make(donor=Donor.objects.get())

    assert client.get(f"/support/manage/card/{token}/").status_code == 400


def test_stripe_unavailable_when_the_card_link_is_followed_is_a_clear_503(
    monthly_gift, fake_stripe, deliver, client
):
    for event in fake_stripe.renew(monthly_gift, succeed=False):
        deliver(event)
    fake_stripe.fail_next(500, times=10, path_prefix="/v1/billing_portal")

    response = client.get(_card_link(mail.outbox[0]))

    assert response.status_code == 503


def test_the_dashboard_shows_revenue_at_risk_and_recovered_this_month(
    monthly_gift, fake_stripe, deliver, start_checkout, admin_client
):
    # A second gift, €5 a month, fails and stays failed; Lee's $12 fails, then a retry pays.
    session = start_checkout("monthly", "5", "eur")
    for event in fake_stripe.complete_checkout(session["id"], email="ana@example.org"):
        deliver(event)
    euros = fake_stripe.objects("checkout.session")[session["id"]]["subscription"]
    for event in fake_stripe.renew(euros, succeed=False):
        deliver(event)
    failure = fake_stripe.renew(monthly_gift, succeed=False)
    for event in failure:
        deliver(event)
    html = admin_client.get(DASHBOARD).content.decode()
    at_risk = html[html.index('id="at-risk-heading"') : html.index('id="recovered-heading"')]
    assert "$12 <small>USD</small>" in at_risk
    assert "€5 <small>EUR</small>" in at_risk

    for event in fake_stripe.retry_invoice(_failed_invoice(failure), succeed=True):
        deliver(event)

    html = admin_client.get(DASHBOARD).content.decode()
    at_risk = html[html.index('id="at-risk-heading"') : html.index('id="recovered-heading"')]
    recovered = html[html.index('id="recovered-heading"') : html.index('id="churn-heading"')]
    assert "USD" not in at_risk
    assert "€5 <small>EUR</small>" in at_risk
    assert "$12 <small>USD</small></p><p>1 failed payment paid since" in recovered
    assert "EUR" not in recovered
    assert event_outcome(failure[0]["id"]) == "processed"


def test_revenue_at_risk_counts_each_gift_once_at_its_monthly_worth(admin_client):
    past_due, year = RecurringDonation.Status.PAST_DUE, RecurringDonation.Interval.YEAR
    annual = RecurringDonationFactory(amount=10062, interval=year, status=past_due)
    monthly = RecurringDonationFactory(amount=1000, status=past_due)
    euros = RecurringDonationFactory(amount=700, currency="eur", status=past_due)
    cancelled = RecurringDonationFactory(amount=5000, status=RecurringDonation.Status.CANCELED)
    recovered = RecurringDonationFactory(amount=2000)
    for gift in (annual, monthly, monthly, euros, cancelled):  # two failed invoices for one
        DonationFactory(renewal=True, failed=True, recurring=gift)
    DonationFactory(renewal=True, recurring=recovered, failed_at=timezone.now())

    html = admin_client.get(DASHBOARD).content.decode()
    at_risk = html[html.index('id="at-risk-heading"') : html.index('id="recovered-heading"')]

    # $100.62 a year is 838.5 cents a month, rounded half up as the monthly revenue rounds it.
    assert "$18.39 <small>USD</small></p><p>2 recurring gifts with a failed payment" in at_risk
    assert "€7 <small>EUR</small></p><p>1 recurring gift with a failed payment" in at_risk


def test_recovered_this_month_counts_from_local_midnight_on_the_first(calendar_edge, admin_client):
    start = datetime(calendar_edge.year, calendar_edge.month, 1, tzinfo=calendar_edge.tzinfo)
    failed_at = start - timedelta(days=3)
    DonationFactory(renewal=True, amount=1000, failed_at=failed_at, paid_at=start)
    DonationFactory(
        renewal=True,
        amount=500,
        failed_at=failed_at,
        paid_at=timezone.now() - timedelta(seconds=20),
    )
    DonationFactory(  # recovered last month
        renewal=True, amount=100_000, failed_at=failed_at, paid_at=start - timedelta(seconds=1)
    )
    DonationFactory(renewal=True, amount=7000, paid_at=start)  # paid at once: never at risk

    html = admin_client.get(DASHBOARD).content.decode()
    recovered = html[html.index('id="recovered-heading"') : html.index('id="churn-heading"')]

    assert "$15 <small>USD</small></p><p>2 failed payments paid since" in recovered
