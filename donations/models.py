"""Money records. Amounts are integer minor units (cents, pence) with a lower-case currency code.

Every record that stands for a payment is keyed by the Stripe ids that identify it, and those
keys are unique in the database: two deliveries of one event, or two different events about one
payment, can only ever find or create the same row.
"""

from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from articles.typography import typographic
from donations.frequencies import Frequency
from donations.giving import gift_limits, gift_presets
from donations.money import parse_major
from donations.placeholders import FIGURES as FIGURES_OF_A_GOAL
from donations.placeholders import figures_missing, placeholders_used

CURRENCY_CODE = Q(currency__regex=r"^[a-z]{3}$")


# The gift the donor meant, which the meter, the goal and the totals count: what was charged,
# less the card fee they chose to cover (donations.giving.fee_cover). Stored beside the charge,
# computed by the database, so no code path can record one without the other.
def gift_amount_field() -> models.GeneratedField:
    return models.GeneratedField(
        expression=models.F("amount") - models.F("fee_covered"),
        output_field=models.PositiveIntegerField(),
        db_persist=True,
        help_text="The gift meant, in minor units: the amount less the fee covered.",
    )


FEE_WITHIN_AMOUNT = Q(fee_covered__lt=models.F("amount"))
# The active prompts and whether asks are paused, read together (donations.prompts).
PROMPTS_CACHE_KEY = "donations:active-asks"


def asks_forget() -> None:
    """The next page reads the active prompts and the pause again: a prompt, campaign or pause
    has been saved or deleted. Now, for the rest of this transaction, and again once it commits:
    a page rendered meanwhile on another connection read the rows as they were, and what it kept
    would otherwise stand until the next prompt starts or ends."""
    cache.delete(PROMPTS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(PROMPTS_CACHE_KEY))


class Donor(models.Model):
    email = models.EmailField(blank=True, db_index=True)
    name = models.CharField(max_length=200, blank=True)
    stripe_customer_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email or self.stripe_customer_id


class RecurringDonation(models.Model):
    class Interval(models.TextChoices):
        """Stripe's interval of the price, as it bills; donations.frequencies names it."""

        MONTH = Frequency.MONTHLY.interval, Frequency.MONTHLY.label
        YEAR = Frequency.ANNUAL.interval, Frequency.ANNUAL.label

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Canceled"
        INCOMPLETE = "incomplete", "Incomplete"

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="recurring_donations")
    stripe_subscription_id = models.CharField(max_length=255, unique=True)
    amount = models.PositiveIntegerField(help_text="Charged per interval, in minor units.")
    fee_covered = models.PositiveIntegerField(
        default=0, help_text="Of the amount, the card fee the donor chose to cover."
    )
    gift_amount = gift_amount_field()
    currency = models.CharField(max_length=3)
    interval = models.CharField(max_length=5, choices=Interval.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    started_at = models.DateTimeField()
    canceled_at = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # Stripe's pause_collection.resumes_at: no payment is taken until then. The subscription's
    # status stays "active" while its collection is paused.
    paused_until = models.DateTimeField(null=True, blank=True)
    # `created` of the newest Stripe event applied to status and amount: an older event that
    # arrives late never overwrites a newer state.
    state_version = models.BigIntegerField(default=0)
    prompt = models.CharField(max_length=100, blank=True)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recurring_amount_positive"),
            models.CheckConstraint(condition=CURRENCY_CODE, name="recurring_currency_code"),
            models.CheckConstraint(condition=FEE_WITHIN_AMOUNT, name="recurring_fee_within_amount"),
            models.CheckConstraint(
                condition=Q(interval__in=["month", "year"]), name="recurring_interval_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "past_due", "canceled", "incomplete"]),
                name="recurring_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "currency"], name="recurring_status_idx")]

    def __str__(self) -> str:
        return f"{self.stripe_subscription_id} ({self.get_status_display()})"

    @property
    def frequency(self) -> Frequency:
        return Frequency.from_interval(self.interval)


class CancelReason(models.TextChoices):
    """Why a donor stopped a recurring gift: the one list the manage page offers (in random
    order, so that no reason gains by its place) and the dashboard counts.

    Each reason is one of Stripe's `cancellation_details.feedback` values, one to one, so a
    cancellation made in Stripe's portal (which offers those) lands in the same report, and our
    own round-trips through Stripe unchanged. The reasons about money are flagged: for those the
    page offers a smaller amount first.
    """

    CANNOT_AFFORD = "too_expensive", "I can’t afford it at the moment"
    OTHER_CAUSES = "switched_service", "I’m giving to other causes now"
    NOT_READING = "unused", "I don’t read you often enough"
    COVERAGE = "low_quality", "I’m unhappy with your journalism"
    PAYMENT_TROUBLE = "customer_service", "Payments or my account gave me trouble"
    OTHER = "other", "Another reason"

    @property
    def about_money(self) -> bool:
        return self in MONEY_REASONS

    @classmethod
    def from_feedback(cls, feedback) -> str:
        """Our reason for Stripe's feedback value; "" where none was given (or one we do not
        list, like Stripe's "too_complex")."""
        return feedback if feedback in cls.values else ""


MONEY_REASONS = frozenset({CancelReason.CANNOT_AFFORD, CancelReason.OTHER_CAUSES})


class GiftChange(models.Model):
    """One change to a recurring gift: its amount or frequency, a pause, a resumption, its end.

    Recorded by the manage page once Stripe has accepted the change, and by the webhook that
    tells of it (or of a change made in Stripe's dashboard or portal), in either order: `key`
    names the change as Stripe holds it (the new price's id, the pause's end, the subscription's
    cancellation), and is unique, so the two writes make one row.
    """

    class Kind(models.TextChoices):
        AMOUNT = "amount", "Amount changed"
        FREQUENCY = "frequency", "Frequency changed"
        PAUSE = "pause", "Paused"
        RESUME = "resume", "Resumed"
        CANCEL = "cancel", "Cancelled"

    class Source(models.TextChoices):
        DONOR = "donor", "The donor, on our manage page"
        STRIPE = "stripe", "Stripe (dashboard, portal, or Stripe itself)"

    recurring = models.ForeignKey(
        RecurringDonation, on_delete=models.PROTECT, related_name="changes"
    )
    key = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    occurred_at = models.DateTimeField()
    # What the gift was and became (amount and frequency changes).
    amount_before = models.PositiveIntegerField(null=True, blank=True)
    amount_after = models.PositiveIntegerField(null=True, blank=True)
    interval_before = models.CharField(max_length=5, blank=True)
    interval_after = models.CharField(max_length=5, blank=True)
    currency = models.CharField(max_length=3)
    paused_until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=CancelReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["amount", "frequency", "pause", "resume", "cancel"]),
                name="gift_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="cancel") | Q(reason=""), name="gift_change_reason_on_cancel"
            ),
        ]
        indexes = [models.Index(fields=["kind", "occurred_at"], name="gift_change_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.recurring.stripe_subscription_id}"

    @property
    def frequency_after(self) -> Frequency | None:
        return Frequency.from_interval(self.interval_after) if self.interval_after else None


class Donation(models.Model):
    """One payment: a one-off gift, or one month's (or year's) payment of a recurring gift."""

    class Kind(models.TextChoices):
        ONCE = Frequency.ONCE.value, Frequency.ONCE.label
        RECURRING = "recurring", "Recurring"

    class Status(models.TextChoices):
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"
        FAILED = "failed", "Failed"

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations")
    recurring = models.ForeignKey(
        RecurringDonation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
    )
    amount = models.PositiveIntegerField(help_text="Charged, in minor units (cents, pence).")
    fee_covered = models.PositiveIntegerField(
        default=0, help_text="Of the amount, the card fee the donor chose to cover."
    )
    gift_amount = gift_amount_field()
    amount_refunded = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    paid_at = models.DateTimeField(null=True, blank=True)
    # Business keys. NULL where Stripe has no such object for this payment; unique otherwise.
    stripe_checkout_session_id = models.CharField(
        max_length=255, null=True, blank=True, unique=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_invoice_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    prompt = models.CharField(max_length=100, blank=True, help_text="The ask that led here.")
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
        help_text="The article the reader was reading when they gave.",
    )
    thanked_at = models.DateTimeField(null=True, blank=True)
    # When Stripe first told us this payment failed: a failed invoice later paid (a retry, a new
    # card) keeps it, and is a payment recovered.
    failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-paid_at", "-pk"]
        permissions = [("view_giving_dashboard", "Can see the giving dashboard")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount")),
                name="donation_refund_within_amount",
            ),
            models.CheckConstraint(condition=CURRENCY_CODE, name="donation_currency_code"),
            models.CheckConstraint(condition=FEE_WITHIN_AMOUNT, name="donation_fee_within_amount"),
            models.CheckConstraint(
                condition=Q(kind__in=["once", "recurring"]), name="donation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["paid", "refunded", "failed"]),
                name="donation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="once", stripe_checkout_session_id__isnull=False)
                | Q(kind="recurring", stripe_invoice_id__isnull=False, recurring__isnull=False),
                name="donation_has_its_business_key",
            ),
            models.CheckConstraint(
                condition=Q(status="failed") | Q(paid_at__isnull=False),
                name="donation_paid_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "paid_at"], name="donation_status_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.upper()} ({self.get_status_display()})"

    @property
    def frequency(self) -> Frequency:
        """How often the gift this payment belongs to is given."""
        return self.recurring.frequency if self.recurring_id else Frequency.ONCE


class WebhookEvent(models.Model):
    """A Stripe event as it arrived: stored first, processed by a worker after, replayable.

    Its own place in the queue: while `next_attempt_at` is set, an attempt is due at that time
    (workers claim due events in batches, and a claim leases them by moving it on: a worker
    killed mid-batch leaves them due again when the lease ends); once it is empty, the event is
    either processed or its retries have run out (`failed_at`).
    """

    stripe_event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField()
    created = models.BigIntegerField(help_text="When Stripe created the event (Unix time).")
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # What processing made of it: processed, nothing to record (another tool's object), ignored.
    outcome = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the queued attempt is due; empty when none is."
    )
    failed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its retries ran out (and ADMINS were told)."
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            # The workers' claim: the due events, oldest first (donations.webhooks._claim).
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(processed_at__isnull=True),
                name="webhook_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_event_id}"


class DonorNotice(models.Model):
    """An email a donor gets about their recurring gift, other than thanks: a failed payment,
    an annual renewal coming, a card that expires before the next payment.

    `key` names what the notice is about (the failed invoice, the renewal's date, the gift and
    its card), unique, so that any number of events, retries and workers send it once.
    """

    class Kind(models.TextChoices):
        PAYMENT_FAILED = "payment_failed", "Payment failed"
        RENEWAL = "renewal", "Annual renewal coming"
        CARD_EXPIRING = "card_expiring", "Card expires before the next payment"

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="notices")
    recurring = models.ForeignKey(
        RecurringDonation, on_delete=models.PROTECT, related_name="notices"
    )
    # What the email says, as it was when the notice was decided: amount, currency, a date.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["payment_failed", "renewal", "card_expiring"]),
                name="donor_notice_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key}"


class PeriodicRun(models.Model):
    """One periodic job's run for one period ("2026-03-01", "2026-03"): the row is the claim,
    unique, so that of many workers sweeping at once exactly one queues the job each period
    (donations.schedule)."""

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="periodic_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} for {self.period}"


def default_presets() -> dict:
    """A new prompt offers the site's amounts (DONATION_PRESETS, per currency where it says):
    it holds only the amounts an editor gives it, so a change of settings reaches it too."""
    return {}


class Campaign(models.Model):
    """A drive with a deadline: a goal in one currency between a start and an end, and maybe a
    sponsor's match (a pool, a ratio; recurring gifts matched at twelve times their monthly
    worth, as NewsMatch does). A prompt that points to it shows its meter, and only while it
    runs; donations.reports.campaign_progress says where it stands."""

    name = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(help_text="Gifts count until this moment (not included).")
    goal = models.PositiveIntegerField(help_text="What it means to raise, in major units.")
    currency = models.CharField(
        max_length=3,
        default="usd",
        help_text="The goal's currency: gifts in others are neither converted nor counted.",
    )
    match_sponsor = models.CharField(max_length=200, blank=True)
    match_pool = models.PositiveIntegerField(
        default=0, help_text="The most the sponsor adds, in major units (0: no match)."
    )
    match_ratio = models.PositiveSmallIntegerField(
        default=1, help_text="What the sponsor adds per unit given: 1 for 1:1, 2 for 2:1."
    )
    match_message = models.CharField(
        max_length=300,
        blank=True,
        default="{sponsor} matches every gift, up to {match_left} more.",
        help_text="Shown under the prompt's copy while the match lasts (empty: nothing).",
    )
    match_used_up_message = models.CharField(
        max_length=300,
        blank=True,
        default="{sponsor}'s match is used up. Thank you! Every gift still counts.",
        help_text="Shown instead once the match is used up (empty: nothing).",
    )
    thank_you_message = models.CharField(
        max_length=300,
        default="We raised {raised} of our {goal} goal. Thank you!",
        help_text="Shown instead of the amounts once the goal is met.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="campaign_window_ordered"
            ),
            models.CheckConstraint(condition=Q(goal__gt=0), name="campaign_goal_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[a-z]{3}$"), name="campaign_currency_code"
            ),
            models.CheckConstraint(
                condition=Q(match_ratio__gte=1), name="campaign_match_ratio_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        asks_forget()  # its window decides which prompts are active

    def clean(self):
        """Its lines may name only placeholders a page can fill; a match needs its pool."""
        super().clean()
        errors = {}
        if self.currency and self.currency not in settings.DONATION_CURRENCIES:
            offered = ", ".join(settings.DONATION_CURRENCIES)
            errors["currency"] = [
                f"“{self.currency}” is not a currency this site takes ({offered})."
            ]
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ["The end must come after the start."]
        for field in ("match_message", "match_used_up_message", "thank_you_message"):
            used, problems = placeholders_used(getattr(self, field))
            missing = figures_missing(used, goal=True, campaign=True, match=self.has_match)
            if missing:
                shown = ", ".join(f"{{{name}}}" for name in missing)
                problems.append(f"{shown} needs a match: set a match pool, or take it out.")
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)

    @property
    def has_match(self) -> bool:
        return self.match_pool > 0


class PromptQuerySet(models.QuerySet):
    def active(self, *, now) -> "PromptQuerySet":
        """Switched on and within its window, and within its campaign's if it has one."""
        return self.filter(
            Q(is_active=True),
            Q(starts_at__isnull=True) | Q(starts_at__lte=now),
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
            Q(campaign__isnull=True) | Q(campaign__starts_at__lte=now, campaign__ends_at__gt=now),
        )


class Prompt(models.Model):
    """An ask shown to readers: the top banner, or the appeal at the end of an article."""

    class Placement(models.TextChoices):
        BANNER = "banner", "Top banner"
        ARTICLE_END = "article_end", "End of article"

    key = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Names this prompt in Checkout metadata and on the donations it brings in.",
    )
    placement = models.CharField(max_length=20, choices=Placement.choices)
    headline = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    call_to_action = models.CharField(max_length=80, default="Support us")
    presets = models.JSONField(
        default=default_presets,
        blank=True,
        null=True,
        help_text='Amounts in major units per currency and frequency, e.g. {"usd": {"monthly": '
        "[2, 5, 10]}}. A currency or frequency left out, or an empty field, offers the site's "
        "amounts, as the support page does.",
    )
    default_frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    monthly_goal = models.PositiveIntegerField(
        default=0, help_text="What the newsroom costs a month, in major units (0: no meter)."
    )
    goal_currency = models.CharField(max_length=3, default="usd")
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prompts",
        help_text="Shows the campaign's meter and figures instead of the monthly goal's, and "
        "only while the campaign runs.",
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    priority = models.IntegerField(default=0, help_text="The highest active one is shown.")
    snooze_days = models.PositiveSmallIntegerField(
        default=7, help_text="How long “Remind me later” hides every ask."
    )
    hide_days = models.PositiveSmallIntegerField(
        default=1, help_text="How long closing the banner hides the banner."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromptQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "-priority", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(placement__in=["banner", "article_end"]), name="prompt_placement_valid"
            ),
            models.CheckConstraint(
                condition=Q(goal_currency__regex=r"^[a-z]{3}$"), name="prompt_goal_currency_code"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="prompt_window_ordered",
            ),
            models.CheckConstraint(condition=Q(snooze_days__gte=1), name="prompt_snooze_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_placement_display()}: {self.headline}"

    def save(self, *args, **kwargs):
        for field in ("headline", "body", "call_to_action"):
            setattr(self, field, typographic(getattr(self, field)))
        super().save(*args, **kwargs)
        asks_forget()  # editors see their change on the next page

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        asks_forget()
        return result

    def clean(self):
        """Presets an editor typed must be ones a reader can give: every appeal on the site is
        built from them, and a checkout refuses amounts outside the limits. Copy may name only
        placeholders a page can fill (donations.placeholders), the goal's only with a goal."""
        super().clean()
        errors = {}
        problems = _presets_problems(self.presets)
        if problems:
            errors["presets"] = problems
        used = set()
        for field in ("headline", "body"):
            used_here, problems = placeholders_used(getattr(self, field))
            used |= used_here
            if problems:
                errors[field] = problems
        campaign = self.campaign if self.campaign_id else None
        missing = figures_missing(
            used,
            goal=bool(self.monthly_goal or campaign),
            campaign=campaign is not None,
            match=bool(campaign and campaign.has_match),
        )
        if missing:
            shown = ", ".join(f"{{{name}}}" for name in missing)
            field = "campaign" if campaign or set(missing) - FIGURES_OF_A_GOAL else "monthly_goal"
            errors[field] = [
                f"The copy shows {shown}: set a monthly goal, or a campaign (with a match for "
                "the match's figures), or take the placeholder out."
            ]
        if errors:
            raise ValidationError(errors)

    def presets_for(self, currency: str, frequency: str) -> list[Decimal]:
        """The amounts this ask offers (major units): its own for the currency and frequency,
        else the site's, by the rule the support page follows."""
        amounts = [
            parse_major(amount) for amount in _own_presets(self.presets, currency, frequency)
        ]
        if not amounts or None in amounts:  # none, or stored before clean() checked them
            return gift_presets(currency=currency, frequency=frequency)
        return amounts


def _presets_problems(presets) -> list[str]:
    if presets in (None, {}):
        return []
    if not isinstance(presets, dict):
        return ['Write the amounts as {"usd": {"monthly": [2, 5, 10]}}, or leave this empty.']
    problems = []
    frequencies = Frequency.values
    for currency, by_frequency in presets.items():
        if currency not in settings.DONATION_CURRENCIES:
            offered = ", ".join(settings.DONATION_CURRENCIES)
            problems.append(f"“{currency}” is not a currency this site takes ({offered}).")
            continue
        if not isinstance(by_frequency, dict) or not set(by_frequency) <= set(frequencies):
            problems.append(
                f"Under “{currency}”, name frequencies ({', '.join(frequencies)}) and their "
                "amounts."
            )
            continue
        for frequency, amounts in by_frequency.items():
            low, high = gift_limits(currency=currency, frequency=frequency)
            if not isinstance(amounts, list) or not amounts:
                problems.append(f"{currency} {frequency}: give a list of amounts, e.g. [2, 5].")
                continue
            for amount in amounts:
                value = parse_major(amount)
                if value is None or not low <= value <= high:
                    problems.append(
                        f"{currency} {frequency}: {amount} is not an amount between "
                        f"{low} and {high}."
                    )
    return problems


def _own_presets(presets, currency: str, frequency: str) -> list:
    """A prompt's own amounts for one currency and frequency, or [] where it has none."""
    by_frequency = presets.get(currency) if isinstance(presets, dict) else None
    amounts = by_frequency.get(frequency) if isinstance(by_frequency, dict) else None
    return amounts if isinstance(amounts, list) else []


class AsksPauseQuerySet(models.QuerySet):
    def active(self, *, now) -> "AsksPauseQuerySet":
        """Pauses in force at `now`: started, not yet over, not ended early."""
        return self.filter(created_at__lte=now, until__gt=now, ended_at__isnull=True)


class AsksPause(models.Model):
    """ "Pause all asks until …": for a day of tragedy, no page asks readers for anything (the
    footer's plain link stays) from the moment it is saved until `until`, or until an editor
    ends it early. Which pages ask is decided in donations.prompts.asks_allowed."""

    until = models.DateTimeField(help_text="Asks come back at this time, by themselves.")
    reason = models.CharField(
        max_length=200, help_text="For the newsroom, not readers: why the asks are paused."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="asks_pauses",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AsksPauseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "pause of all asks"
        verbose_name_plural = "pauses of all asks"

    def __str__(self) -> str:
        return f"Asks paused until {timezone.localtime(self.until):%Y-%m-%d %H:%M}: {self.reason}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        asks_forget()  # the active prompts are read with the pause

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        asks_forget()
        return result

    def clean(self):
        super().clean()
        if self.until and self.until <= timezone.now():
            raise ValidationError({"until": "The end of the pause must be in the future."})

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.ended_at is None and self.created_at <= now < self.until


class ReaderSupport(models.Model):
    """A signed-in reader's prompt state, so it follows them across devices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_support"
    )
    snoozed_until = models.DateTimeField(null=True, blank=True)
    supporter_until = models.DateTimeField(null=True, blank=True)
    banner_hidden_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Prompt state of {self.user}"


class PromptDay(models.Model):
    """First-party daily counters for one prompt. No reader is identified, only counted."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    checkouts = models.PositiveIntegerField(default=0)
    # "Email me a reminder" (donations.services.reminders): set, emails sent, their links
    # followed, and gifts from an address that still had a reminder on file.
    reminders_set = models.PositiveIntegerField(default=0)
    reminders_sent = models.PositiveIntegerField(default=0)
    reminder_clicks = models.PositiveIntegerField(default=0)
    reminder_gifts = models.PositiveIntegerField(default=0)
    # The monthly upgrade after a one-off choice (donations.giving.upgrade_offer): offered,
    # taken (a monthly checkout started instead), declined ("Keep my one-off gift").
    upgrades_offered = models.PositiveIntegerField(default=0)
    upgrades_taken = models.PositiveIntegerField(default=0)
    upgrades_declined = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["prompt", "day"], name="prompt_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prompt.key} on {self.day}"


class StatementSent(models.Model):
    """A donor's yearly statement, emailed: one row per donor and year, so that the January
    run, however many workers take part or however often it is run again, mails each donor once.
    The row is the claim: whoever inserts it sends, everyone else finds it and moves on."""

    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="statements_sent")
    year = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "donor"]
        constraints = [
            models.UniqueConstraint(fields=["donor", "year"], name="statement_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} statement for {self.donor}"


class Reminder(models.Model):
    """A reader's "Email me a reminder": at most two emails to `email`, the first at `due_at`,
    the second some days later; then the row, and with it the address, is deleted. It is also
    deleted when the reader cancels or gives. Nothing else is ever sent to the address.

    `due_at` is when the next email is due (empty once the last is on its way) and `sent` how
    many have gone: the send task claims an email by a conditional UPDATE on both, so that any
    number of sweeps and workers send each one once.
    """

    email = models.EmailField(max_length=254)
    due_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveSmallIntegerField(default=0)
    # What the reader was looking at, for the link in the email (SupportForm.from_link reads it).
    frequency = models.CharField(max_length=10, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.CharField(max_length=20, blank=True)
    prompt = models.CharField(max_length=100, blank=True)
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.CheckConstraint(condition=Q(sent__lte=2), name="reminder_at_most_two"),
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(due_at__isnull=False), name="reminder_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.pk} due {self.due_at}"
