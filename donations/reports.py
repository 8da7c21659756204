"""Figures for the people who run the asks, and the one figure readers see too: the monthly goal
covered (goal_covered), a prompt's funnel over the last 30 days, and the giving dashboard."""

from datetime import datetime, timedelta

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from donations.models import Donation, Prompt, PromptDay, RecurringDonation
from donations.money import format_money, to_minor_units

DAYS = 30
# The funnel chart (SVG, drawn here so it needs no script): its size, the room kept around the
# plot for the axes' labels (left, right, top: the gifts row, bottom: the dates), and the gap
# between two days' bars.
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 640, 230, 2
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 48, 8, 28, 30
# A date under every so many days' bars (and under the last one).
DATE_EVERY = 7


def _rate(numerator: int, denominator: int) -> str:
    return f"{numerator * 100 / denominator:.1f}%" if denominator else "–"


def prompt_funnel(*, prompt: Prompt) -> SafeString:
    """Impressions, clicks, checkouts and gifts with conversion rates, and a daily SVG chart."""
    today = timezone.localdate()
    first_day = today - timedelta(days=DAYS - 1)
    days = {row.day: row for row in PromptDay.objects.filter(prompt=prompt, day__gte=first_day)}
    gifts = Donation.objects.filter(
        prompt=prompt.key,
        status__in=[Donation.Status.PAID, Donation.Status.REFUNDED],
        paid_at__date__gte=first_day,
    )
    gifts_by_day = dict(
        gifts.annotate(day=TruncDate("paid_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    amounts = [
        format_money(row["total"], row["currency"])
        for row in gifts.values("currency").annotate(total=Sum("amount")).order_by("currency")
    ]
    totals = {
        "impressions": sum(row.impressions for row in days.values()),
        "clicks": sum(row.clicks for row in days.values()),
        "checkouts": sum(row.checkouts for row in days.values()),
        "gifts": sum(gifts_by_day.values()),
    }
    reminders = {
        counter: sum(getattr(row, counter) for row in days.values())
        for counter in ("reminders_set", "reminders_sent", "reminder_clicks", "reminder_gifts")
    }
    series = [
        (
            first_day + timedelta(days=offset),
            days.get(first_day + timedelta(days=offset)),
            gifts_by_day.get(first_day + timedelta(days=offset), 0),
        )
        for offset in range(DAYS)
    ]
    chart = _funnel_chart(series)
    return render_to_string(
        "admin/donations/prompt_funnel.html",
        {
            "totals": totals,
            "reminders": reminders,
            "amounts": amounts,
            "rates": {
                "click": _rate(totals["clicks"], totals["impressions"]),
                "checkout": _rate(totals["checkouts"], totals["clicks"]),
                "gift": _rate(totals["gifts"], totals["checkouts"]),
            },
            "chart": chart,
            "first_day": first_day,
            "today": today,
        },
    )


def _nice_step(rough: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `rough`: round tick values."""
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if step * multiple >= rough:
                return step * multiple
        step *= 10


def _funnel_chart(series) -> dict:
    """Daily impressions as bars against a counts axis, the gifts of each day as a number in
    a row above them, and dates along the bottom: positions for the template to draw."""
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    peak = max([row.impressions for _, row, _ in series if row] + [1])
    step = _nice_step(peak / 4)
    top = step * 4
    bottom_y = CHART_TOP + plot_height
    slot = plot_width / len(series)
    bars = []
    for index, (day, row, day_gifts) in enumerate(series):
        impressions = row.impressions if row else 0
        height = round(impressions / top * plot_height, 1)
        x = CHART_LEFT + index * slot
        bars.append(
            {
                "x": round(x + BAR_GAP / 2, 1),
                "cx": round(x + slot / 2, 1),
                "y": round(bottom_y - height, 1),
                "height": height,
                "width": round(slot - BAR_GAP, 1),
                "gifts": day_gifts,
                "day": day,
                "impressions": impressions,
                "clicks": row.clicks if row else 0,
                "checkouts": row.checkouts if row else 0,
                "dated": index % DATE_EVERY == 0 or index == len(series) - 1,
            }
        )
    ticks = [
        {"value": step * n, "y": round(bottom_y - step * n / top * plot_height, 1)}
        for n in range(5)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "bottom": bottom_y,
        "gifts_y": CHART_TOP - 10,
        "dates_y": bottom_y + 18,
        "bars": bars,
        "ticks": ticks,
    }


# The giving dashboard

CHART_DAYS = 90
# The windows the dashboard's figures cover, which the donation list can filter by and export.
PERIODS = {"month": "This month", "30d": "Last 30 days", "90d": "Last 90 days"}


def period_start(period: str, *, now: datetime) -> datetime:
    """When one of the dashboard's PERIODS began: the first of this month (local time), 30 days
    ago to the minute, or local midnight 89 days ago (the chart's first day)."""
    local = timezone.localtime(now)
    if period == "month":
        return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if period == "30d":
        return now - timedelta(days=30)
    if period == "90d":
        first_day = local - timedelta(days=CHART_DAYS - 1)
        return first_day.replace(hour=0, minute=0, second=0, microsecond=0)
    raise ValueError(f"Unknown period {period!r}")


def _monthly_value():
    """A recurring gift's worth per month in minor units: an annual gift counts a twelfth,
    rounded to the nearest cent, halves up (integer division of amount + 6 by 12), as money
    is rounded everywhere else (donations.money). Summed per gift, never rounded as a total."""
    return Case(
        When(
            interval=RecurringDonation.Interval.YEAR,
            then=(F("amount") + Value(6)) / Value(12),
        ),
        default=F("amount"),
        output_field=IntegerField(),
    )


def monthly_recurring_revenue() -> list[dict]:
    """Per currency: the monthly worth of active recurring gifts, and how many donors give
    them. The dashboard and the recurring gifts list both show this."""
    rows = (
        RecurringDonation.objects.filter(status=RecurringDonation.Status.ACTIVE)
        .values("currency")
        .annotate(total=Sum(_monthly_value()), donors=Count("donor", distinct=True))
        .order_by("currency")
    )
    return [{**row, "display": format_money(row["total"] or 0, row["currency"])} for row in rows]


def revenue_at_risk() -> list[dict]:
    """Per currency: the monthly worth of the recurring gifts that have a failed payment not yet
    paid (and are not cancelled), as the monthly recurring revenue counts a gift's worth."""
    unpaid = Donation.objects.filter(recurring=OuterRef("pk"), status=Donation.Status.FAILED)
    rows = (
        RecurringDonation.objects.exclude(status=RecurringDonation.Status.CANCELED)
        .filter(Exists(unpaid))
        .values("currency")
        .annotate(total=Sum(_monthly_value()), gifts=Count("pk"))
        .order_by("currency")
    )
    return [{**row, "display": format_money(row["total"] or 0, row["currency"])} for row in rows]


def recovered_this_month(*, now: datetime) -> list[dict]:
    """Per currency: recurring payments that failed and were then paid (a retry, a new card),
    paid since local midnight on the first of this month, net of refunds."""
    rows = (
        Donation.objects.filter(
            kind=Donation.Kind.RECURRING,
            status=Donation.Status.PAID,
            failed_at__isnull=False,
            paid_at__gte=period_start("month", now=now),
        )
        .values("currency")
        .annotate(total=Sum(F("amount") - F("amount_refunded")), payments=Count("pk"))
        .order_by("currency")
    )
    return [{**row, "display": format_money(row["total"] or 0, row["currency"])} for row in rows]


def giving_dashboard() -> dict:
    """Every figure of the fundraising dashboard, per currency, in a fixed number of queries.

    Money is net of refunds. A gift refunded in full (status refunded) is no longer a gift: it
    counts nowhere; a partly refunded one counts, for what was kept."""
    now = timezone.now()
    month_start = period_start("month", now=now)
    since_30 = period_start("30d", now=now)
    chart_start = timezone.localdate(now) - timedelta(days=CHART_DAYS - 1)
    mrr = monthly_recurring_revenue()
    net = F("amount") - F("amount_refunded")
    paid = Donation.objects.filter(status=Donation.Status.PAID)
    one_off = list(
        paid.filter(kind=Donation.Kind.ONCE, paid_at__gte=month_start)
        .values("currency")
        .annotate(total=Sum(net), gifts=Count("pk"))
        .order_by("currency")
    )
    # Churn: of the recurring gifts that were running 30 days ago, the share cancelled since.
    # Gifts started and cancelled within the 30 days count as new and as cancellations, but
    # not in the churn rate, whose base they were never part of.
    running_30_days_ago = Q(started_at__lt=since_30) & (
        Q(canceled_at__isnull=True) | Q(canceled_at__gte=since_30)
    )
    movement = RecurringDonation.objects.exclude(
        status=RecurringDonation.Status.INCOMPLETE
    ).aggregate(
        new=Count("pk", filter=Q(started_at__gte=since_30)),
        canceled=Count("pk", filter=Q(canceled_at__gte=since_30)),
        running_30_days_ago=Count("pk", filter=running_30_days_ago),
        churned=Count("pk", filter=running_30_days_ago & Q(canceled_at__gte=since_30)),
    )
    failed = list(
        Donation.objects.filter(
            status=Donation.Status.FAILED,
            recurring__status=RecurringDonation.Status.PAST_DUE,
        )
        .select_related("donor")
        .order_by("-created_at")[:25]
    )
    daily = {
        (row["day"], row["kind"]): row["n"]
        for row in paid.filter(paid_at__date__gte=chart_start)
        .annotate(day=TruncDate("paid_at"))
        .values("day", "kind")
        .annotate(n=Count("pk"))
    }
    recent = paid.filter(paid_at__gte=since_30)
    top_prompts = list(
        recent.exclude(prompt="")
        .values("prompt", "currency")
        .annotate(gifts=Count("pk"), total=Sum(net))
        .order_by("-gifts", "-total", "prompt", "currency")[:20]
    )
    top_articles = list(
        recent.filter(article__isnull=False)
        .values("article_id", "article__headline", "currency")
        .annotate(gifts=Count("pk"), total=Sum(net))
        .order_by("-gifts", "-total", "article__headline", "currency")[:20]
    )
    goal = (
        Prompt.objects.active(now=now)
        .filter(placement=Prompt.Placement.BANNER, monthly_goal__gt=0)
        .order_by("-priority", "-pk")
        .first()
    )
    return {
        "mrr": mrr,
        "one_off": [
            {**row, "display": format_money(row["total"] or 0, row["currency"])} for row in one_off
        ],
        "goal": _goal_progress(goal),
        "new_monthly": movement["new"],
        "canceled": movement["canceled"],
        "churn": _rate(movement["churned"], movement["running_30_days_ago"]),
        "failed": failed,
        "at_risk": revenue_at_risk(),
        "recovered": recovered_this_month(now=now),
        "chart": _daily_chart(daily, chart_start),
        "top_prompts": [
            {**row, "display": format_money(row["total"] or 0, row["currency"])}
            for row in top_prompts
        ],
        "top_articles": [
            {**row, "display": format_money(row["total"] or 0, row["currency"])}
            for row in top_articles
        ],
        "periods": PERIODS,
    }


def _goal_progress(prompt: Prompt | None) -> dict | None:
    if prompt is None:
        return None
    figure = goal_covered(prompt=prompt)
    return {
        **figure,
        "covered": format_money(figure["covered"], figure["currency"]),
        "goal": format_money(figure["goal"], figure["currency"]),
    }


def goal_covered(*, prompt: Prompt) -> dict | None:
    """How much of a prompt's monthly goal this month's money covers: the one figure the
    banner's meter, its copy ({covered}, {percent}) and the giving dashboard all show.

    In minor units of the goal's currency only: gifts in other currencies are neither converted
    nor added. Covered is the monthly worth of active recurring gifts (an annual gift counts a
    twelfth, rounded half up per gift, as the monthly recurring revenue is, so the two figures
    add up on the dashboard) plus one-off gifts paid since local midnight on the first of the
    month in the site's TIME_ZONE, net of refunds: a partly refunded gift counts for what was
    kept, a fully refunded one not at all. Percent is covered over goal, rounded half up and
    capped at 100 (covered itself is not capped). None when the prompt has no goal."""
    if not prompt.monthly_goal:
        return None
    currency = prompt.goal_currency
    month_start = period_start("month", now=timezone.now())
    recurring = RecurringDonation.objects.filter(
        status=RecurringDonation.Status.ACTIVE, currency=currency
    ).aggregate(total=Sum(_monthly_value()))["total"]
    one_off = Donation.objects.filter(
        kind=Donation.Kind.ONCE,
        status=Donation.Status.PAID,
        currency=currency,
        paid_at__gte=month_start,
    ).aggregate(total=Sum(F("amount") - F("amount_refunded")))["total"]
    covered = (recurring or 0) + (one_off or 0)
    goal = to_minor_units(prompt.monthly_goal, currency)
    return {
        "covered": covered,
        "goal": goal,
        "percent": min(100, (covered * 100 + goal // 2) // goal),
        "currency": currency,
    }


def _daily_chart(daily: dict, start) -> dict:
    days = [start + timedelta(days=offset) for offset in range(CHART_DAYS)]
    rows = [
        {
            "day": day,
            "once": daily.get((day, Donation.Kind.ONCE), 0),
            "recurring": daily.get((day, Donation.Kind.RECURRING), 0),
        }
        for day in days
    ]
    peak = max([row["once"] + row["recurring"] for row in rows] + [1])
    width = CHART_WIDTH / CHART_DAYS
    usable = CHART_HEIGHT - 10
    for index, row in enumerate(rows):
        recurring_height = round(row["recurring"] / peak * usable)
        once_height = round(row["once"] / peak * usable)
        row["x"] = round(index * width, 2)
        row["width"] = round(max(width - 1, 1), 2)
        row["recurring_y"] = CHART_HEIGHT - recurring_height
        row["recurring_height"] = recurring_height
        row["once_y"] = CHART_HEIGHT - recurring_height - once_height
        row["once_height"] = once_height
    return {"rows": rows, "peak": peak, "width": CHART_WIDTH, "height": CHART_HEIGHT}
