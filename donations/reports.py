"""Figures for the people who run the asks, and the one figure readers see too: the monthly goal
covered (goal_covered), a prompt's funnel over the last 30 days, and the giving dashboard."""

from datetime import datetime, timedelta

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Greatest, TruncDate
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from articles.models import Article
from donations.models import (
    Campaign,
    CancelReason,
    Donation,
    GiftChange,
    Prompt,
    PromptDay,
    RecurringDonation,
)
from donations.money import format_money, to_minor_units

DAYS = 30
# What a payment gives, net of refunds: the gift meant (the charge less the card fee the donor
# covered), less what was refunded, never below nothing (a refund of a covered gift may include
# its fee). The meter, the goal and the dashboard's totals count this; the charge is shown beside.
NET_GIFT = Greatest(F("gift_amount") - F("amount_refunded"), Value(0))
NET_CHARGED = F("amount") - F("amount_refunded")
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
    upgrades = {
        counter: sum(getattr(row, counter) for row in days.values())
        for counter in ("upgrades_offered", "upgrades_taken", "upgrades_declined")
    }
    upgrades["taken_rate"] = _rate(upgrades["upgrades_taken"], upgrades["upgrades_offered"])
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
            "upgrades": upgrades,
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
    """A recurring gift's worth per month in minor units (the gift meant, without a card fee
    the donor covers): an annual gift counts a twelfth,
    rounded to the nearest cent, halves up (integer division of amount + 6 by 12), as money
    is rounded everywhere else (donations.money). Summed per gift, never rounded as a total."""
    return Case(
        When(
            interval=RecurringDonation.Interval.YEAR,
            then=(F("gift_amount") + Value(6)) / Value(12),
        ),
        default=F("gift_amount"),
        output_field=IntegerField(),
    )


def monthly_recurring_revenue() -> list[dict]:
    """Per currency: the monthly worth of active recurring gifts, and how many donors give
    them. The dashboard and the recurring gifts list both show this."""
    rows = (
        RecurringDonation.objects.filter(status=RecurringDonation.Status.ACTIVE)
        .values("currency")
        .annotate(
            total=Sum(_monthly_value()),
            fees=Sum("fee_covered"),
            donors=Count("donor", distinct=True),
        )
        .order_by("currency")
    )
    return [
        {
            **row,
            "display": format_money(row["total"] or 0, row["currency"]),
            "fees_display": format_money(row["fees"], row["currency"]) if row["fees"] else "",
        }
        for row in rows
    ]


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
    net = net_of_refunds()
    paid = kept_gifts()
    one_off = list(
        paid.filter(kind=Donation.Kind.ONCE, paid_at__gte=month_start)
        .values("currency")
        .annotate(
            total=Sum(net), charged=Sum(NET_CHARGED), fees=Sum("fee_covered"), gifts=Count("pk")
        )
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
    # Changes to recurring gifts, by kind this month and cancellations by reason this month and
    # over 90 days: one query (the month is within the 90 days).
    changes, reasons = {}, {}
    for row in (
        GiftChange.objects.filter(occurred_at__gte=period_start("90d", now=now))
        .values("kind", "reason")
        .annotate(month=Count("pk", filter=Q(occurred_at__gte=month_start)), days_90=Count("pk"))
    ):
        changes[row["kind"]] = changes.get(row["kind"], 0) + row["month"]
        if row["kind"] == GiftChange.Kind.CANCEL:
            reasons[row["reason"]] = row
    goal = (
        Prompt.objects.active(now=now)
        .filter(placement=Prompt.Placement.BANNER, monthly_goal__gt=0)
        .order_by("-priority", "-pk")
        .first()
    )
    return {
        "mrr": mrr,
        "one_off": [
            {
                **row,
                "display": format_money(row["total"] or 0, row["currency"]),
                "charged_display": format_money(row["charged"] or 0, row["currency"]),
                "fees_display": format_money(row["fees"], row["currency"]) if row["fees"] else "",
            }
            for row in one_off
        ],
        "goal": _goal_progress(goal),
        "campaigns": campaigns_progress(now=now),
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
        "periods": PERIODS,
        "changes": [
            {"label": label, "count": changes.get(kind, 0)}
            for kind, label in GiftChange.Kind.choices
        ],
        "cancel_reasons": _cancel_reasons(reasons),
    }


def _cancel_reasons(counted: dict) -> list[dict]:
    """Every reason, most given first (this month, then 90 days), and cancellations that gave
    none (in Stripe's dashboard, or before the manage page asked) last."""
    empty = {"month": 0, "days_90": 0}
    rows = [
        {
            "label": reason.label,
            "about_money": reason.about_money,
            **{key: counted.get(reason.value, empty)[key] for key in empty},
        }
        for reason in CancelReason
    ]
    rows.sort(key=lambda row: (-row["month"], -row["days_90"]))
    given_none = counted.get("", empty)
    return [*rows, {"label": "No reason given", "about_money": False, **given_none}]


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
    capped at 100 (covered itself is not capped). None when the prompt has no goal.

    A prompt for a campaign shows the campaign's figure instead (campaign_progress): covered
    is what it raised, the goal its goal."""
    if prompt.campaign_id:
        return campaign_progress(campaign=prompt.campaign)
    if not prompt.monthly_goal:
        return None
    currency = prompt.goal_currency
    month_start = period_start("month", now=timezone.now())
    recurring = RecurringDonation.objects.filter(
        status=RecurringDonation.Status.ACTIVE, currency=currency
    ).aggregate(total=Sum(_monthly_value()))["total"]
    one_off = (
        kept_gifts()
        .filter(kind=Donation.Kind.ONCE, currency=currency, paid_at__gte=month_start)
        .aggregate(total=Sum(net_of_refunds()))["total"]
    )
    covered = (recurring or 0) + (one_off or 0)
    goal = to_minor_units(prompt.monthly_goal, currency)
    return {
        "covered": covered,
        "goal": goal,
        "percent": min(100, (covered * 100 + goal // 2) // goal),
        "currency": currency,
    }


MATCHED_MONTHS = 12


def campaign_days_left(*, campaign: Campaign, now: datetime) -> int:
    """The days a campaign has left, today included, in the site's time zone: calendar days,
    so that a daylight-saving change (a 23- or 25-hour day) counts as one day. On the end day
    (the day of its last moment) 1, until its end; 0 after it."""
    if now >= campaign.ends_at:
        return 0
    last_day = timezone.localdate(campaign.ends_at - timedelta(microseconds=1))
    first_day = max(timezone.localdate(now), timezone.localdate(campaign.starts_at))
    return (last_day - first_day).days + 1


def campaign_progress(*, campaign: Campaign) -> dict:
    """Where a campaign stands: the banner's meter, its copy and the dashboard all show this.

    Raised: the payments made within the window (one-off gifts and recurring gifts' payments),
    in the campaign's currency only (gifts in others are neither converted nor added, as for
    goal_covered), net of refunds: a partly refunded gift counts for what was kept, a fully
    refunded one not at all. Matched: the ratio times what the match counts, capped at the pool.
    The match counts what was raised, except that a recurring gift started within the window
    (with a payment kept) counts twelve times its monthly worth (donations' monthly value: an
    annual gift a twelfth, rounded half up) instead of its payments, as NewsMatch does.

    Percent is raised over goal, rounded half up and capped at 100; met once raised reaches
    the goal. Amounts in minor units of the campaign's currency."""
    now = timezone.now()
    currency = campaign.currency
    window = Q(paid_at__gte=campaign.starts_at, paid_at__lt=campaign.ends_at)
    started_within = Q(
        recurring__started_at__gte=campaign.starts_at, recurring__started_at__lt=campaign.ends_at
    )
    kept = kept_gifts().filter(window, currency=currency)
    money = kept.aggregate(
        raised=Sum(net_of_refunds()),
        # New recurring gifts' payments (the gift meant), refunds aside: the match counts their
        # pledge instead, and their refunds stay subtracted (they are in `raised`).
        new_recurring_paid=Sum(
            "gift_amount", filter=Q(kind=Donation.Kind.RECURRING) & started_within
        ),
    )
    pledged = RecurringDonation.objects.filter(
        Exists(kept.filter(recurring=OuterRef("pk"))),
        currency=currency,
        started_at__gte=campaign.starts_at,
        started_at__lt=campaign.ends_at,
    ).aggregate(total=Sum(_monthly_value()))["total"]
    raised = money["raised"] or 0
    counted = raised - (money["new_recurring_paid"] or 0) + MATCHED_MONTHS * (pledged or 0)
    goal = to_minor_units(campaign.goal, currency)
    pool = to_minor_units(campaign.match_pool, currency)
    matched = min(pool, campaign.match_ratio * max(counted, 0))
    return {
        "covered": raised,
        "raised": raised,
        "goal": goal,
        "percent": min(100, (raised * 100 + goal // 2) // goal),
        "currency": currency,
        "met": raised >= goal,
        "days_left": campaign_days_left(campaign=campaign, now=now),
        "has_match": campaign.has_match,
        "sponsor": campaign.match_sponsor,
        "pool": pool,
        "matched": matched,
        "match_left": pool - matched,
        "match_used_up": campaign.has_match and matched >= pool,
    }


def campaigns_progress(*, now: datetime) -> list[dict]:
    """The dashboard's campaigns: those running or to come, and those that ended within the
    chart's 90 days, latest end first, each with campaign_progress (two aggregates each)."""
    campaigns = Campaign.objects.filter(ends_at__gt=now - timedelta(days=CHART_DAYS)).order_by(
        "-ends_at", "-pk"
    )
    rows = []
    for campaign in campaigns:
        figure = campaign_progress(campaign=campaign)
        rows.append(
            {
                **figure,
                "campaign": campaign,
                "running": campaign.starts_at <= now < campaign.ends_at,
                "ended": campaign.ends_at <= now,
                "raised_display": format_money(figure["raised"], figure["currency"]),
                "goal_display": format_money(figure["goal"], figure["currency"]),
                "matched_display": format_money(figure["matched"], figure["currency"]),
                "pool_display": format_money(figure["pool"], figure["currency"]),
            }
        )
    return rows


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


# Which journalism readers pay for: revenue per story, author and section

# The windows the revenue tables cover: the dashboard's own periods (see PERIODS), keyed by
# how the switch and the exports name them.
REVENUE_WINDOWS = {"30": "30d", "90": "90d"}
# Rows per currency the dashboard's small tables show; the CSV exports have every row.
REVENUE_TOP = 10


def kept_gifts():
    """Payments that brought money in, with `net` (net_of_refunds) to sum: as the goal figure
    and the dashboard count them, a partly refunded payment for what was kept, a fully refunded
    one (status refunded) not at all."""
    return Donation.objects.filter(status=Donation.Status.PAID)


def net_of_refunds():
    """What a kept payment gives (NET_GIFT): the gift meant, less its refunds, never below 0."""
    return NET_GIFT


def revenue_by_journalism(*, window: str, now: datetime) -> dict[str, list[dict]]:
    """Money attributed to stories (the article a reader was on when they gave, from Checkout's
    metadata), and through them to authors and sections, for the last 30 or 90 days: the
    dashboard's periods ending `now`. Per currency, net of refunds, aggregate only.

    Every payment in the window counts: a monthly gift started from a story credits that story
    with each payment made in the window, as the money arrives. A story with two authors credits
    each of them in full, so the authors' table adds up to more than the stories'. Three
    queries, whatever the number of gifts."""
    since = period_start(REVENUE_WINDOWS[window], now=now)
    # No upper bound: Stripe's clock may run a second or two ahead of ours, and a payment it
    # dates just after now is still one of the window's (as on the rest of the dashboard).
    attributed = kept_gifts().filter(paid_at__gte=since, article__isnull=False).order_by()
    figures = {"gifts": Count("pk"), "total": Sum(net_of_refunds())}
    stories = attributed.values(
        "article_id",
        "article__headline",
        "article__slug",
        "article__published_on",
        "article__section__name",
        "currency",
    ).annotate(**figures)
    authors = (
        attributed.filter(article__authors__isnull=False)
        .values("article__authors__id", "article__authors__name", "currency")
        .annotate(**figures)
    )
    sections = attributed.values(
        "article__section_id", "article__section__name", "currency"
    ).annotate(**figures)
    return {
        "stories": _revenue_rows(
            stories,
            name="article__headline",
            url=lambda row: Article(
                pk=row["article_id"],
                slug=row["article__slug"],
                published_on=row["article__published_on"],
            ).get_absolute_url(),
            section=lambda row: row["article__section__name"],
        ),
        "authors": _revenue_rows(authors, name="article__authors__name"),
        "sections": _revenue_rows(sections, name="article__section__name"),
    }


def _revenue_rows(rows, *, name: str, **extra) -> list[dict]:
    """Rows by currency, then most money first, each with its name and amount to show."""
    listed = [
        {
            "name": row[name],
            "currency": row["currency"],
            "gifts": row["gifts"],
            "total": row["total"],
            "display": format_money(row["total"], row["currency"]),
            **{key: read(row) for key, read in extra.items()},
        }
        for row in rows
    ]
    return sorted(
        listed, key=lambda row: (row["currency"], -row["total"], -row["gifts"], row["name"])
    )


def revenue_top(rows: list[dict], *, per_currency: int = REVENUE_TOP) -> list[dict]:
    """The first rows of each currency: a small table that still shows every currency."""
    seen: dict[str, int] = {}
    top = []
    for row in rows:
        seen[row["currency"]] = seen.get(row["currency"], 0) + 1
        if seen[row["currency"]] <= per_currency:
            top.append(row)
    return top
