"""Money records in the admin: read-only (Stripe is the source of truth), filterable, totalled
per currency (never summed across currencies), exportable; webhook events can be replayed."""

import csv

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles.admin import BoundedDateHierarchy, ReaderContentAdmin
from articles.signals import reader_content_changed
from donations import prompts as reader_prompts
from donations.forms import (
    AsksPauseAdminForm,
    CampaignAdminForm,
    PromptAdminForm,
    RevenueWindowForm,
)
from donations.models import (
    AsksPause,
    Campaign,
    Donation,
    Donor,
    DonorNotice,
    GiftChange,
    Prompt,
    RecurringDonation,
    WebhookEvent,
)
from donations.money import format_major, format_money, to_major_units
from donations.placeholders import HELP_TEXT as PLACEHOLDERS_HELP
from donations.reports import (
    PERIODS,
    REVENUE_TOP,
    campaign_progress,
    giving_dashboard,
    monthly_recurring_revenue,
    period_start,
    prompt_funnel,
    revenue_by_journalism,
    revenue_top,
)
from donations.templatetags.prompts import appeal_context, banner_context
from donations.webhooks import Outcome, webhook_event_replay


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _totals(queryset):
    """Per currency, the money the listed payments brought in: received (gross), refunded, and
    kept (net, the dashboard's figure). Failed payments brought nothing and are left out."""
    rows = (
        queryset.filter(status__in=[Donation.Status.PAID, Donation.Status.REFUNDED])
        .order_by()
        .values("currency")
        .annotate(
            gross=Sum("amount"),
            refunded=Sum("amount_refunded"),
            net=Sum(F("amount") - F("amount_refunded")),
            count=Count("pk"),
        )
        .order_by("currency")
    )
    return [
        {
            "currency": row["currency"],
            "gross": format_money(row["gross"] or 0, row["currency"]),
            "refunded": format_money(row["refunded"] or 0, row["currency"])
            if row["refunded"]
            else "",
            "net": format_money(row["net"] or 0, row["currency"]),
            "count": row["count"],
        }
        for row in rows
    ]


class PeriodFilter(admin.SimpleListFilter):
    """The giving dashboard's windows (this month, last 30 days, last 90 days), so that its
    "Export as CSV" links give the donations behind its figures. A failed payment has no
    payment time: it counts from when it was recorded."""

    title = "dashboard period"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return list(PERIODS.items())

    def queryset(self, request, queryset):
        if self.value() not in PERIODS:
            return queryset
        start = period_start(self.value(), now=timezone.now())
        return queryset.filter(
            Q(paid_at__gte=start) | Q(paid_at__isnull=True, created_at__gte=start)
        )


@admin.register(Donor)
class DonorAdmin(ReadOnlyAdmin):
    list_display = ["email", "name", "stripe_customer_id", "created_at"]
    search_fields = ["email", "name", "stripe_customer_id"]


@admin.register(Donation)
class DonationAdmin(BoundedDateHierarchy, ReadOnlyAdmin):
    list_display = ["paid_at", "donor", "amount_display", "kind", "status", "prompt", "article"]
    list_filter = [
        "kind",
        "status",
        "currency",
        PeriodFilter,
        ("paid_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["donor", "article"]
    search_fields = [
        "donor__email",
        "stripe_checkout_session_id",
        "stripe_payment_intent_id",
        "stripe_invoice_id",
    ]
    date_hierarchy = "paid_at"
    change_list_template = "admin/donations/donation/change_list.html"

    @admin.display(description="Amount", ordering="amount")
    def amount_display(self, donation):
        refunded = (
            f" ({format_money(donation.amount_refunded, donation.currency)} refunded)"
            if donation.amount_refunded
            else ""
        )
        covered = (
            f" (gift {format_money(donation.gift_amount, donation.currency)} + "
            f"{format_money(donation.fee_covered, donation.currency)} card fee covered)"
            if donation.fee_covered
            else ""
        )
        return format_money(donation.amount, donation.currency) + covered + refunded

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["totals"] = _totals(changelist.queryset)
            response.context_data["export_query"] = request.GET.urlencode()
        return response

    def get_urls(self):
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard),
                name="donations_dashboard",
            ),
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_csv),
                name="donations_donation_export",
            ),
            path(
                "revenue/<slug:table>.csv",
                self.admin_site.admin_view(self.export_revenue_csv),
                name="donations_revenue_export",
            ),
            *super().get_urls(),
        ]

    def dashboard(self, request):
        """The fundraising team's page: every figure per currency, from the database. Editors
        see it too (see README, "Editors and roles"), without the donors' records."""
        if not request.user.has_perm("donations.view_giving_dashboard"):
            raise PermissionDenied
        # A mangled switch link shows the default window rather than an error page.
        form = RevenueWindowForm({"window": request.GET.get("revenue", "")})
        window = form.cleaned_data["window"] if form.is_valid() else "30"
        revenue = revenue_by_journalism(window=window, now=timezone.now())
        context = {
            **self.admin_site.each_context(request),
            "title": "Giving dashboard",
            "figures": giving_dashboard(),
            "revenue": {
                "window": window,
                "label": dict(form.fields["window"].choices)[window],
                "windows": form.fields["window"].choices,
                "top": REVENUE_TOP,
                "tables": [
                    {
                        "key": key,
                        "caption": caption,
                        "column": column,
                        "rows": revenue_top(revenue[key]),
                    }
                    for key, caption, column in REVENUE_TABLES
                ],
            },
            # Editors see the dashboard but not the donors' records the export lists.
            "can_export": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/donations/dashboard.html", context)

    def export_csv(self, request):
        """The donations the change list shows with the same filters, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters as error:
            # The list itself answers a bad filter by showing itself again with ?e=1; a
            # download has nothing to show, so it says what is wrong instead.
            return HttpResponseBadRequest(
                f"These filters cannot be exported: {error}. Choose the filters on the "
                "donation list, then export again.",
                content_type="text/plain; charset=utf-8",
            )
        header = [
            "paid_at",
            "email",
            "amount",
            "fee_covered",
            "amount_refunded",
            "currency",
            "kind",
            "status",
            "prompt",
            "article",
            "stripe_checkout_session_id",
            "stripe_invoice_id",
            "stripe_payment_intent_id",
        ]

        def rows():
            yield header
            for donation in queryset.select_related("donor", "article").iterator(chunk_size=2000):
                yield [
                    # In the site's time zone: a gift paid at 00:30 on 1 April (BST) is
                    # April's, and its row says so; the offset keeps it exact.
                    timezone.localtime(donation.paid_at).isoformat() if donation.paid_at else "",
                    spreadsheet_text(donation.donor.email),
                    format_major(to_major_units(donation.amount, donation.currency)),
                    format_major(to_major_units(donation.fee_covered, donation.currency)),
                    format_major(to_major_units(donation.amount_refunded, donation.currency)),
                    donation.currency.upper(),
                    donation.kind,
                    donation.status,
                    spreadsheet_text(donation.prompt),
                    donation.article.get_absolute_url() if donation.article else "",
                    donation.stripe_checkout_session_id or "",
                    donation.stripe_invoice_id or "",
                    donation.stripe_payment_intent_id or "",
                ]

        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in rows()), content_type="text/csv"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="donations-{stamp}.csv"'
        return response

    def export_revenue_csv(self, request, table):
        """One of the dashboard's revenue tables (stories, authors, sections) in full, as CSV.
        Figures only, no donor in it: whoever may see the dashboard may take it away."""
        if not request.user.has_perm("donations.view_giving_dashboard"):
            raise PermissionDenied
        if table not in REVENUE_CSV_COLUMNS:
            raise Http404("No such revenue table.")
        form = RevenueWindowForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "The window must be 30 or 90 (days), for example ?window=30.",
                content_type="text/plain; charset=utf-8",
            )
        window = form.cleaned_data["window"]
        rows = revenue_by_journalism(window=window, now=timezone.now())[table]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        text_columns = REVENUE_CSV_COLUMNS[table]
        writer.writerow([header for header, _ in text_columns] + ["currency", "gifts", "amount"])
        for row in rows:
            writer.writerow(
                [spreadsheet_text(row[key]) for _, key in text_columns]
                + [
                    row["currency"].upper(),
                    row["gifts"],
                    format_major(to_major_units(row["total"], row["currency"])),
                ]
            )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="revenue-{table}-{window}d-{stamp}.csv"'
        )
        return response


# The dashboard's revenue tables: key (as the export's URL names it), caption, first column.
REVENUE_TABLES = [
    ("stories", "Top stories", "Story"),
    ("authors", "Top authors", "Author"),
    ("sections", "Top sections", "Section"),
]
# The text columns of each revenue export (header, key in the rows of
# donations.reports.revenue_by_journalism); currency, gifts and amount follow.
REVENUE_CSV_COLUMNS = {
    "stories": [("headline", "name"), ("url", "url"), ("section", "section")],
    "authors": [("author", "name")],
    "sections": [("section", "name")],
}
# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...) in a
# headline would run when the file is opened): such text is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet shows as text, never evaluates (OWASP's "CSV injection")."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Echo:
    def write(self, value):
        return value


@admin.register(RecurringDonation)
class RecurringDonationAdmin(ReadOnlyAdmin):
    list_display = [
        "donor",
        "amount_display",
        "interval",
        "status",
        "cancel_at_period_end",
        "started_at",
        "canceled_at",
    ]
    list_filter = ["status", "interval", "currency"]
    list_select_related = ["donor"]
    search_fields = ["donor__email", "stripe_subscription_id"]
    change_list_template = "admin/donations/recurringdonation/change_list.html"

    @admin.display(description="Amount", ordering="amount")
    def amount_display(self, recurring):
        covered = (
            f" (gift {format_money(recurring.gift_amount, recurring.currency)} + "
            f"{format_money(recurring.fee_covered, recurring.currency)} card fee covered)"
            if recurring.fee_covered
            else ""
        )
        return format_money(recurring.amount, recurring.currency) + covered

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data"):
            # The dashboard's figure, computed the same way (donations.reports).
            response.context_data["mrr"] = monthly_recurring_revenue()
        return response


class ProcessingFilter(admin.SimpleListFilter):
    title = "processing"
    parameter_name = "processing"

    def lookups(self, request, model_admin):
        return [
            ("processed", "Processed"),
            ("failed", "Failed"),
            ("pending", "Queued (retries included)"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "processed":
            return queryset.filter(processed_at__isnull=False)
        if self.value() == "failed":  # retries run out (or no attempt queued): staff replay these
            return queryset.filter(processed_at__isnull=True, next_attempt_at__isnull=True)
        if self.value() == "pending":
            return queryset.filter(processed_at__isnull=True, next_attempt_at__isnull=False)
        return queryset


@admin.register(DonorNotice)
class DonorNoticeAdmin(ReadOnlyAdmin):
    """The notices donors were sent about their recurring gifts, each once (its key)."""

    list_display = ["kind", "donor", "key", "created_at", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["donor"]
    search_fields = ["donor__email", "key"]


@admin.register(GiftChange)
class GiftChangeAdmin(ReadOnlyAdmin):
    """Changes to recurring gifts, from our manage page and from Stripe's webhooks."""

    list_display = [
        "recurring",
        "kind",
        "amounts",
        "paused_until",
        "reason",
        "source",
        "occurred_at",
    ]
    list_filter = ["kind", "reason", "source"]
    list_select_related = ["recurring"]
    search_fields = ["recurring__donor__email", "recurring__stripe_subscription_id"]
    date_hierarchy = "occurred_at"

    @admin.display(description="Amount")
    def amounts(self, change):
        if change.amount_after is None:
            return ""
        before = format_money(change.amount_before, change.currency)
        return f"{before} → {format_money(change.amount_after, change.currency)}"


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_event_id", "type", "received_at", "state", "attempts"]
    list_filter = [ProcessingFilter, "type"]
    search_fields = ["stripe_event_id", "type"]
    readonly_fields = [
        "stripe_event_id",
        "type",
        "created",
        "received_at",
        "processed_at",
        "outcome",
        "attempts",
        "next_attempt_at",
        "failed_at",
        "last_error",
        "payload",
    ]
    actions = ["replay"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="State")
    def state(self, event):
        if event.processed_at:
            return event.outcome.capitalize() if event.outcome else "Processed"
        if event.next_attempt_at is None:
            return format_html("<strong>{}</strong>", "Failed")
        when = date_format(timezone.localtime(event.next_attempt_at), "DATETIME_FORMAT")
        return f"Retrying at {when}" if event.last_error else "Queued"

    @admin.action(description="Replay the selected events", permissions=["change"])
    def replay(self, request, queryset):
        outcomes = [
            webhook_event_replay(event_pk=pk) for pk in queryset.values_list("pk", flat=True)
        ]
        failed = outcomes.count(Outcome.FAILED)
        done = len(outcomes) - failed
        self.message_user(
            request, f"Replayed {done} event(s); already processed ones were left as they were."
        )
        if failed:
            self.message_user(
                request, f"{failed} event(s) failed again: see their last error.", messages.ERROR
            )


# The preview's frames: a phone (an iPhone 14's viewport) and a desktop window.
PREVIEW_SIZES = [
    {"name": "Phone", "width": 390, "height": 844},
    {"name": "Desktop", "width": 1280, "height": 800},
]


@admin.register(Prompt)
class PromptAdmin(ReaderContentAdmin):
    list_display = ["headline", "placement", "key", "priority", "is_active", "starts_at", "ends_at"]
    list_filter = ["placement", "is_active"]
    search_fields = ["headline", "key", "body"]
    prepopulated_fields = {"key": ["headline"]}
    readonly_fields = ["preview", "funnel"]
    form = PromptAdminForm

    class Media:
        css = {"all": ["css/admin-prompts.css"]}

    fieldsets = [
        (None, {"fields": ["placement", "headline", "key", "body", "call_to_action", "preview"]}),
        ("Amounts", {"fields": ["default_frequency", "presets", "monthly_goal", "goal_currency"]}),
        ("Campaign", {"fields": ["campaign"]}),
        ("When", {"fields": ["is_active", "priority", "starts_at", "ends_at"]}),
        ("Respecting readers", {"fields": ["snooze_days", "hide_days"]}),
        ("Last 30 days", {"fields": ["funnel"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Editors learn the placeholders where they type the copy (no model change needed).
        kwargs["help_texts"] = {
            "headline": PLACEHOLDERS_HELP,
            "body": f"Plain text; blank lines separate paragraphs. {PLACEHOLDERS_HELP}",
            "presets": "Whole amounts or amounts with cents (2, 5, 10.50), as readers give "
            "them. A currency or frequency left empty offers the site's amounts, as the "
            "support page does.",
        }
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description="Preview")
    def preview(self, prompt):
        if prompt.pk is None:
            return "Save the prompt to preview it."
        url = reverse("admin:donations_prompt_preview", args=[prompt.pk])
        return format_html(
            '<a href="{}">See it as readers do, on a phone and on a desktop</a> (as saved)', url
        )

    def get_urls(self):
        page = xframe_options_sameorigin(
            csp_replace({"frame-ancestors": [SELF]})(self.preview_page)
        )
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_frames),
                name="donations_prompt_preview",
            ),
            path(
                "<path:object_id>/preview/page/",
                self.admin_site.admin_view(page),
                name="donations_prompt_preview_page",
            ),
            *super().get_urls(),
        ]

    def _previewed(self, request, object_id) -> Prompt:
        prompt = self.get_object(request, unquote(object_id))
        if prompt is None:
            raise Http404("No such prompt.")
        if not self.has_view_permission(request, prompt):
            raise PermissionDenied
        return prompt

    def preview_frames(self, request, object_id):
        """The prompt as readers see it, in a phone's and a desktop's frame: any prompt,
        active or not, as saved."""
        prompt = self._previewed(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": "Preview",
            "subtitle": str(prompt),
            "opts": self.opts,
            "original": prompt,
            "sizes": PREVIEW_SIZES,
            "page_url": reverse("admin:donations_prompt_preview_page", args=[prompt.pk]),
            "paused": reader_prompts.asks_paused(),
            "shown": reader_prompts.active_prompts().get(prompt.placement) == prompt,
        }
        return TemplateResponse(request, "admin/donations/prompt/preview.html", context)

    def preview_page(self, request, object_id):
        """What the preview's frames show: a sample story with the prompt in its place, from
        the reader's own templates and styles. Framed by the admin page only (same origin),
        and without the asks' script, so nothing is counted and nothing the viewer once
        dismissed hides it."""
        prompt = self._previewed(request, object_id)
        if prompt.placement == Prompt.Placement.BANNER:
            template, context = "includes/prompts/banner.html", banner_context(request, prompt)
        else:
            template, context = "includes/prompts/appeal.html", appeal_context(request, prompt)
        ask = render_to_string(template, context, request=request)
        response = TemplateResponse(
            request,
            "admin/donations/prompt/preview_page.html",
            {"prompt": prompt, "placement": prompt.placement, "ask": ask},
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @admin.display(description="Funnel")
    def funnel(self, prompt):
        if prompt.pk is None:
            return "Save the prompt to see its figures."
        return prompt_funnel(prompt=prompt)


@admin.register(Campaign)
class CampaignAdmin(ReaderContentAdmin):
    """Campaigns, with where each stands (the figure its prompts' meter and the dashboard
    show). Saving one changes reader pages: its prompts' window and copy follow it."""

    list_display = ["name", "starts_at", "ends_at", "goal", "currency", "match_sponsor", "progress"]
    search_fields = ["name", "match_sponsor"]
    readonly_fields = ["progress"]
    form = CampaignAdminForm
    fieldsets = [
        (None, {"fields": ["name", "starts_at", "ends_at", "goal", "currency"]}),
        ("Match", {"fields": ["match_sponsor", "match_pool", "match_ratio"]}),
        (
            "Lines under the prompt's copy",
            {
                "fields": ["match_message", "match_used_up_message", "thank_you_message"],
                "description": PLACEHOLDERS_HELP,
            },
        ),
        ("Where it stands", {"fields": ["progress"]}),
    ]

    @admin.display(description="Progress")
    def progress(self, campaign):
        if campaign.pk is None:
            return "Save the campaign to see its figures."
        figure = campaign_progress(campaign=campaign)
        currency = figure["currency"]
        raised = format_money(figure["raised"], currency)
        goal = format_money(figure["goal"], currency)
        if not figure["has_match"]:
            return f"{raised} of {goal} ({figure['percent']}%)"
        matched = format_money(figure["matched"], currency)
        pool = format_money(figure["pool"], currency)
        return f"{raised} of {goal} ({figure['percent']}%); matched {matched} of {pool}"


@admin.register(AsksPause)
class AsksPauseAdmin(ReaderContentAdmin):
    """ "Pause all asks until …": saved, it takes every ask off every page at once (the page
    cache's version moves and the edge drops every page, as for any change saved here), and
    pages made during it are kept no longer than it lasts (donations.prompts.next_change).
    "End the selected pauses now" brings the asks back early, the same way."""

    list_display = ["reason", "until", "state", "created_by", "created_at"]
    list_select_related = ["created_by"]
    form = AsksPauseAdminForm
    fields = ["until", "reason", "state", "created_by", "created_at", "ended_at"]
    readonly_fields = ["state", "created_by", "created_at", "ended_at"]
    actions = ["end_now"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_active:  # over: kept as the record of it
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="State")
    def state(self, pause: AsksPause) -> str:
        if pause.pk is None:
            return "Starts when saved."
        if pause.ended_at:
            ended = date_format(timezone.localtime(pause.ended_at), "DATETIME_FORMAT")
            return f"Ended early, {ended}"
        if pause.is_active:
            return "In force: no page asks readers for support"
        return "Over"

    @admin.action(description="End the selected pauses now", permissions=["change"])
    def end_now(self, request, queryset):
        now = timezone.now()
        ended = 0
        for pause in queryset.active(now=now):
            pause.ended_at = now
            pause.save(update_fields=["ended_at"])
            ended += 1
        if not ended:
            self.message_user(request, "None of those pauses was in force.", messages.WARNING)
            return
        reader_content_changed.send(sender=AsksPause, article_id=None)
        still = AsksPause.objects.active(now=now).order_by("-until").first()
        if still is not None:
            until = date_format(timezone.localtime(still.until), "DATETIME_FORMAT")
            self.message_user(
                request,
                f"Ended {ended} pause(s); another keeps the asks off until {until}.",
                messages.WARNING,
            )
            return
        self.message_user(request, f"Ended {ended} pause(s): the asks are back on every page.")
