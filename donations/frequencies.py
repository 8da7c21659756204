"""How often a reader gives: the one vocabulary for it, as djangoproject.com's fundraising app
keeps its intervals in one block at the top of its models.

The support form, the prompts' model choices, Stripe's prices, the appeal's buttons, the
thank-you page and the email all read their words here, so they agree ("$5 a month" everywhere)
and a change of wording is made once. It is a module of its own, not a class in models.py,
because the giving settings (donations.giving) and the checks name frequencies too, and they
must not import the models.

A TextChoices, as model choices are: each member is the stored string itself ("monthly"), so it
compares equal to what a form posts, what Stripe metadata carries and what a template tests.
"""

from django.db import models


class Frequency(models.TextChoices):
    # In the order the support page offers them: monthly first, the gift that lets us plan.
    MONTHLY = "monthly", "Monthly"
    ONCE = "once", "One-off"
    ANNUAL = "annual", "Annual"

    @property
    def noun(self) -> str:
        """What the gift is called: "The smallest monthly gift is $2", "One-off gift to …"."""
        return f"{self.label.lower()} gift"

    @property
    def adverb(self) -> str:
        """How often, after a verb: "Give monthly from $2", "Give once from $10", "Give yearly
        from $25" (the label would say "Give one-off", "Give annual")."""
        return ADVERBS[self]

    @property
    def interval(self) -> str:
        """Stripe's `recurring.interval` for the price, which RecurringDonation stores:
        "month", "year"; "" for a one-off gift, which does not recur."""
        return INTERVALS.get(self, "")

    @property
    def per_period(self) -> str:
        """What follows an amount: "$5 a month"; "" for a one-off gift. Where it is said, the
        sentence around the amount must not name the frequency again ("your gift of $5 a
        month", never "your monthly gift of $5 a month")."""
        return f"a {self.interval}" if self.interval else ""

    @classmethod
    def from_interval(cls, interval: str) -> "Frequency":
        """The frequency of a recurring gift as Stripe bills it; KeyError for one we do not
        offer (a weekly price made by someone else)."""
        return {interval: frequency for frequency, interval in INTERVALS.items()}[interval]


# Stripe's `recurring.interval` of each recurring frequency (Checkout's price_data.recurring).
INTERVALS = {Frequency.MONTHLY: "month", Frequency.ANNUAL: "year"}
ADVERBS = {Frequency.MONTHLY: "monthly", Frequency.ONCE: "once", Frequency.ANNUAL: "yearly"}
