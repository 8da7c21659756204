"""A donor's yearly giving statement: every payment they made in a calendar year, in every
currency, with the card fee they covered and any refund, totals per currency, and who it is from
(ORGANISATION_NAME, ORGANISATION_ADDRESS, STATEMENT_LEGAL_TEXT). A read: the page, the printable
copy and the January email all show this one.

The year is the calendar year in the site's TIME_ZONE, as every other date a donor sees: a gift
paid at 23:30 on 31 December in London is that year's, whatever UTC says."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from donations.frequencies import Frequency
from donations.models import Donation, Donor

# The first year a statement can be asked for: older addresses are refused, not computed.
FIRST_YEAR = 2000


@dataclass(frozen=True)
class StatementLine:
    paid_at: datetime
    frequency: Frequency
    currency: str
    gift: int  # minor units: the gift meant
    fee_covered: int
    charged: int
    refunded: int

    @property
    def kept(self) -> int:
        """What the donor paid and was not given back."""
        return self.charged - self.refunded


@dataclass
class StatementTotal:
    currency: str
    gifts: int = 0
    charged: int = 0
    fee_covered: int = 0
    refunded: int = 0

    @property
    def kept(self) -> int:
        return self.charged - self.refunded


@dataclass(frozen=True)
class Statement:
    donor: Donor
    year: int
    lines: list[StatementLine]
    totals: list[StatementTotal] = field(default_factory=list)

    @property
    def organisation(self) -> dict:
        return {
            "name": settings.ORGANISATION_NAME,
            "address_lines": [
                line.strip() for line in settings.ORGANISATION_ADDRESS.splitlines() if line.strip()
            ],
            "legal_text": settings.STATEMENT_LEGAL_TEXT,
        }


def statement_is_for_year(year: int) -> bool:
    """A year a statement can be made for: from FIRST_YEAR to this one (in the site's time)."""
    return FIRST_YEAR <= year <= timezone.localdate().year


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def paid_in(year: int):
    """Payments made in `year`: paid ones, and refunded ones (a refund is shown, not hidden)."""
    start, end = _year_bounds(year)
    return Donation.objects.filter(
        status__in=[Donation.Status.PAID, Donation.Status.REFUNDED],
        paid_at__gte=start,
        paid_at__lt=end,
    )


def statement_for(*, donor: Donor, year: int) -> Statement:
    """Every payment `donor` made in `year`, oldest first, and the totals per currency."""
    donations = (
        paid_in(year).filter(donor=donor).select_related("recurring").order_by("paid_at", "pk")
    )
    lines = [
        StatementLine(
            paid_at=timezone.localtime(donation.paid_at),
            frequency=donation.frequency,
            currency=donation.currency,
            gift=donation.gift_amount,
            fee_covered=donation.fee_covered,
            charged=donation.amount,
            refunded=donation.amount_refunded,
        )
        for donation in donations
    ]
    totals: dict[str, StatementTotal] = {}
    for line in lines:
        total = totals.setdefault(line.currency, StatementTotal(currency=line.currency))
        total.gifts += 1
        total.charged += line.charged
        total.fee_covered += line.fee_covered
        total.refunded += line.refunded
    return Statement(
        donor=donor, year=year, lines=lines, totals=[totals[code] for code in sorted(totals)]
    )


def statement_years(*, donor: Donor) -> list[int]:
    """The years in which `donor` made a payment, newest first: the statements there are."""
    moments = Donation.objects.filter(
        donor=donor, status__in=[Donation.Status.PAID, Donation.Status.REFUNDED]
    ).datetimes("paid_at", "year", order="DESC")
    return [moment.year for moment in moments]
