import re
import time
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from donations.models import Donor
from donations.services.manage import manage_token_make
from tests.factories import DonorFactory
from tests.task_queue import TaskQueue

pytestmark = pytest.mark.django_db

MANAGE = "/support/manage/"


@pytest.fixture
def donor(start_checkout, fake_stripe, deliver):
    session = start_checkout("monthly", "5", "usd")
    for event in fake_stripe.complete_checkout(session["id"], email="lee@example.org"):
        deliver(event)
    mail.outbox.clear()
    return Donor.objects.get()


def test_the_answer_is_the_same_for_a_donor_and_a_stranger(client, donor):
    for_donor = client.post(MANAGE, {"email": "lee@example.org"})
    for_stranger = client.post(MANAGE, {"email": "nobody@example.org"})

    def page(response):
        return (
            response.content.decode()
            .replace("lee@example.org", "X")
            .replace("nobody@example.org", "X")
        )

    assert for_donor.status_code == for_stranger.status_code == 200
    assert page(for_donor) == page(for_stranger)
    assert "Check your email" in page(for_donor)


@pytest.mark.parametrize("backend", ["SMTPDown", "ProviderError"])
def test_the_answer_is_the_same_for_a_donor_and_a_stranger_when_email_fails(
    client, donor, settings, caplog, backend, tasks
):
    settings.EMAIL_BACKEND = f"tests.donations.failing_mail.{backend}"

    for_donor = client.post(MANAGE, {"email": "lee@example.org"})
    for_stranger = client.post(MANAGE, {"email": "nobody@example.org"})
    tasks.run()

    assert for_donor.status_code == for_stranger.status_code == 200
    assert for_donor.content.decode().replace("lee@example.org", "X") == (
        for_stranger.content.decode().replace("nobody@example.org", "X")
    )
    assert "Could not send the manage link" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_however_slow_the_mail_a_donors_answer_comes_as_fast_as_a_strangers(live_server, settings):
    """Each request queues the same task: the worker looks the address up and mails, later."""
    DonorFactory(email="lee@example.org")
    settings.EMAIL_BACKEND = "tests.donations.failing_mail.Slow"
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())

    def seconds_to_answer(email):
        form = browser.open(live_server.url + MANAGE).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"email": email, "csrfmiddlewaretoken": token}).encode()
        started = time.perf_counter()
        page = browser.open(live_server.url + MANAGE, data=data).read().decode()
        assert "Check your email" in page
        return time.perf_counter() - started

    for_stranger = seconds_to_answer("nobody@example.org")
    for_donor = seconds_to_answer("lee@example.org")

    assert for_donor < 1.5 and for_stranger < 1.5  # the mail server takes 3 s
    assert not mail.outbox
    assert len(TaskQueue().run()) == 2  # and the donor's link is sent by the worker
    assert [message.to for message in mail.outbox] == [["lee@example.org"]]


def test_a_donor_is_emailed_a_link_that_opens_our_manage_page(client, donor, fake_stripe, tasks):
    client.post(MANAGE, {"email": "LEE@example.org"})
    tasks.run()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/support/manage/\S+/", mail.outbox[0].body).group(0)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])

    assert response.status_code == 200
    html = response.content.decode()
    assert "Your gifts" in html
    assert "$5 a month" in html
    # Stripe's portal is opened only when the donor asks for it.
    assert all("billing_portal" not in request.path for request in fake_stripe.requests)


def test_stripes_portal_is_one_click_away_for_the_card_and_invoices(client, donor, fake_stripe):
    token = manage_token_make(donor=donor)
    page = client.get(f"{MANAGE}{token}/").content.decode()
    portal_link = re.search(r'href="([^"]+/portal/)"', page).group(1)

    response = client.get(portal_link)

    assert response.status_code == 303
    assert response["Location"].startswith(f"{fake_stripe.url}/portal/")
    portal = fake_stripe.last_request("POST", "/v1/billing_portal/sessions")
    assert portal.params["customer"] == donor.stripe_customer_id
    assert portal.idempotency_key
    # Back from the portal, the donor lands on our page again.
    back = portal.params["return_url"].split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + back).status_code == 200


def test_a_stranger_is_sent_nothing(client, donor, tasks):
    client.post(MANAGE, {"email": "nobody@example.org"})
    tasks.run()

    assert not mail.outbox


def test_an_expired_link_says_so_and_offers_a_new_one(client, donor):
    token = manage_token_make(donor=donor)

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = client.get(f"{MANAGE}{token}/")

    html = response.content.decode()
    assert response.status_code == 400
    assert "That link has expired" in html
    assert 'name="email"' in html


def test_a_link_still_works_just_before_it_expires(client, donor):
    token = manage_token_make(donor=donor)

    with time_machine.travel(timezone.now() + timedelta(hours=23, minutes=59)):
        assert client.get(f"{MANAGE}{token}/").status_code == 200


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "nonsense"]
)
def test_a_tampered_link_is_refused(client, donor, mangle):
    response = client.get(f"{MANAGE}{mangle(manage_token_make(donor=donor))}/")

    assert response.status_code == 400
    assert "That link doesn’t work" in response.content.decode()


def test_a_bad_email_gets_a_clear_message(client, fake_stripe):
    response = client.post(MANAGE, {"email": "not an address"})

    assert response.status_code == 400
    assert "Enter an email address like name@example.org." in response.content.decode()


def test_asking_for_links_is_rate_limited(client, fake_stripe, settings):
    settings.MANAGE_RATE_LIMIT = 2

    statuses = [client.post(MANAGE, {"email": "a@example.org"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_when_stripe_is_down_the_portal_link_asks_to_try_again(client, donor, fake_stripe):
    fake_stripe.fail_next(500)

    response = client.get(f"{MANAGE}{manage_token_make(donor=donor)}/portal/")

    assert response.status_code == 503
    assert "Your link still works" in response.content.decode()
