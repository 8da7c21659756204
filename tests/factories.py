import time
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article, Author, Byline, Section, Tag
from donations.models import (
    AsksPause,
    Campaign,
    Donation,
    Donor,
    Prompt,
    RecurringDonation,
    Reminder,
)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    order = factory.Sequence(lambda n: n)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter Number{n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    role = "Reporter"
    bio = "Covers the city for the newsroom."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article from an hour ago, with one author, unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Council reviews plan number {n}")
    slug = factory.Sequence(lambda n: f"council-reviews-plan-{n}")
    standfirst = "Residents will have a say before the vote next month."
    body = "<p>" + " ".join(["word"] * 460) + "</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
        )
        with_photo = factory.Trait(
            lead_image=factory.django.ImageField(
                width=1200, height=675, color="steelblue", format="JPEG", filename="lead.jpg"
            ),
            lead_image_alt="Commuters wait on a ferry pier under grey skies.",
            lead_image_caption="The morning ferry at Mill Quay.",
            lead_image_credit="Ines Marlow / The Riverside Ledger",
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for order, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            Byline.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


STAFF_PASSWORD = "correct horse battery staple"


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    stripe_customer_id = factory.Sequence(lambda n: f"cus_test_{n}")


class DonationFactory(factory.django.DjangoModelFactory):
    """A one-off gift of $10 paid just now, unless told otherwise.

    `renewal=True` makes it a payment of a recurring gift (billed by invoice, for the gift's
    amount and donor); `failed=True` one that did not go through (never paid).
    """

    class Meta:
        model = Donation

    donor = factory.SubFactory(DonorFactory)
    amount = 1000
    currency = "usd"
    kind = Donation.Kind.ONCE
    status = Donation.Status.PAID
    paid_at = factory.LazyFunction(timezone.now)
    stripe_checkout_session_id = factory.Sequence(lambda n: f"cs_test_{n}")

    class Params:
        renewal = factory.Trait(
            kind=Donation.Kind.RECURRING,
            recurring=factory.SubFactory("tests.factories.RecurringDonationFactory"),
            donor=factory.SelfAttribute("recurring.donor"),
            amount=factory.SelfAttribute("recurring.amount"),
            currency=factory.SelfAttribute("recurring.currency"),
            stripe_checkout_session_id=None,
            stripe_invoice_id=factory.Sequence(lambda n: f"in_test_{n}"),
        )
        failed = factory.Trait(
            status=Donation.Status.FAILED,
            paid_at=None,
            failed_at=factory.LazyFunction(timezone.now),
        )


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reader's "Email me a reminder", its first email due in a week, unless told otherwise."""

    class Meta:
        model = Reminder

    email = factory.Sequence(lambda n: f"later{n}@example.org")
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    frequency = "monthly"
    currency = "usd"
    amount = "10"


class RecurringDonationFactory(factory.django.DjangoModelFactory):
    """An active $10-a-month gift started a week ago, unless told otherwise."""

    class Meta:
        model = RecurringDonation

    donor = factory.SubFactory(DonorFactory)
    stripe_subscription_id = factory.Sequence(lambda n: f"sub_test_{n}")
    amount = 1000
    currency = "usd"
    interval = RecurringDonation.Interval.MONTH
    status = RecurringDonation.Status.ACTIVE
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))


class CampaignFactory(factory.django.DjangoModelFactory):
    """A $10,000 campaign without a match that started a week ago and ends in three weeks,
    unless told otherwise."""

    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    goal = 10000
    currency = "usd"


# The appeal's heading names its region: browser tests find the appeal by it.
APPEAL_HEADLINE = "Readers paid for this story"


class PromptFactory(factory.django.DjangoModelFactory):
    """An active top banner without a goal, unless told otherwise; `appeal=True` makes it the
    ask at the end of articles.

    The copy is the tests' own, never the demo's (donations/demo.py): rewording the demo must
    not change what a test sees.
    """

    class Meta:
        model = Prompt

    key = factory.Sequence(lambda n: f"ask-{n}")
    placement = Prompt.Placement.BANNER
    headline = "Local news, paid for by the people who read it"
    body = "Every story here is free to read. Readers who can give keep it that way."

    class Params:
        appeal = factory.Trait(
            placement=Prompt.Placement.ARTICLE_END,
            headline=APPEAL_HEADLINE,
            body="If this story was worth your time, help pay for the next one.",
        )


class AsksPauseFactory(factory.django.DjangoModelFactory):
    """ "Pause all asks", from now for two hours."""

    class Meta:
        model = AsksPause

    until = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))
    reason = "A day of mourning after the ferry accident"


def asks_create() -> dict[str, Prompt]:
    """Both asks a reader can meet, by placement: the top banner, with a monthly goal of $18,000
    so that its meter shows, and the appeal at the end of articles (tests post these keys)."""
    return {
        "banner": PromptFactory(key="ad-free-banner", monthly_goal=18000),
        "article_end": PromptFactory(key="article-end-letter", appeal=True),
    }


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(STAFF_PASSWORD)


def staff_user(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


def role_user(role: str, **kwargs):
    """A staff member in one of the newsroom's groups (Writer, Editor, Fundraising).

    The groups come from a data migration; tests on a transactional database (the browser
    tests) start from flushed tables, so the group is made again from the migration's list.
    """
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=role)
    if created:
        roles = import_module("articles.migrations.0005_roles").ROLES
        for code in roles[role]:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(group)
    return user


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app, as set up on the two-factor page."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory, is_staff=True)
    name = "Authenticator app"
    confirmed = True


def totp_code(device: TOTPDevice) -> str:
    """The six digits the person's authenticator app shows now (for the frozen clock, if any).

    A device accepts each 30-second code once: a second sign-in needs the clock moved on.
    """
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def staff_log_in(client, user) -> TOTPDevice:
    """Sign `user` in on the test client with the second factor given, as the verify page does.

    For tests about what staff can do once signed in: superusers and Fundraising must have
    given a code before the admin opens. The sign-in pages themselves are tested through their
    forms (tests/staff/).
    """
    device = TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def one_off_paid_event(number: int, *, customer: str = "") -> dict:
    """Stripe's event for a completed one-off Checkout of ours, numbered: everything recording
    it needs is in the event (no call to Stripe), so tests can send many. Each by a customer of
    its own, unless `customer` names one."""
    session = {
        "id": f"cs_test_batch{number:04d}",
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": 1000 + number,
        "currency": "usd",
        "customer": customer or f"cus_batch{number:04d}",
        "customer_details": {"email": f"reader{number}@example.org", "name": "Reader"},
        "payment_intent": f"pi_batch{number:04d}",
        "metadata": {"newsroom": "donation", "frequency": "once", "prompt": ""},
    }
    return {
        "id": f"evt_batch{number:04d}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "type": "checkout.session.completed",
        "data": {"object": session},
    }
