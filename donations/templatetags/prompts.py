"""Template tags that place the asks. They only read: donations.prompts says what to show,
`request.support` what the reader chose."""

from django import template
from django.conf import settings
from django.utils import timezone

from articles.models import Article, Tag
from articles.templatetags.fragments import remembered_inclusion_tag
from donations import prompts as reader_prompts
from donations.budget import AskBudget, ask_budget
from donations.frequencies import Frequency
from donations.giving import fee_cover_label, recommended_preset
from donations.models import Prompt
from donations.money import format_major, format_money, format_money_major
from donations.support import NOTICE_SNOOZED

register = template.Library()

# Where the appeal is on a story's page, kept when it is not shown: a reader who acts on it
# without JavaScript comes back to this place (a fragment on `next`), not to the top.
APPEAL_PLACE = "support-appeal"


def _page_subject(context) -> dict:
    """The story or topic the page is about, whose editors may have said "no asks here"
    (donations.prompts.asks_allowed)."""
    article, tag = context.get("article"), context.get("tag")
    return {
        "article": article if isinstance(article, Article) else None,
        "tag": tag if isinstance(tag, Tag) else None,
    }


# The asks' markup is kept per value of what they show (articles/templatetags/fragments.py).
@remembered_inclusion_tag(register, "includes/prompts/banner.html", takes_context=True)
def support_banner(context):
    request = context.get("request")
    prompt = reader_prompts.prompts_for(
        request, placement=Prompt.Placement.BANNER, **_page_subject(context)
    )
    return banner_context(request, prompt)


def banner_context(request, prompt: Prompt | None) -> dict:
    """What the banner shows of `prompt` (also the admin's preview of it)."""
    figures = reader_prompts.meter(prompt) if prompt else None
    if figures:
        figures = {
            **figures,
            "covered_display": format_money(figures["covered"], figures["currency"]),
            "goal_display": format_money(figures["goal"], figures["currency"]),
        }
    return {
        "prompt": prompt,
        "copy": reader_prompts.prompt_copy(prompt, figures=figures) if prompt else None,
        "meter": figures,
        "next": request.get_full_path(),
        "site_name": settings.SITE_NAME,
    }


@remembered_inclusion_tag(register, "includes/prompts/appeal.html", takes_context=True)
def support_appeal(context, article=None):
    request = context.get("request")
    subject = _page_subject(context) | ({"article": article} if article else {})
    prompt = reader_prompts.prompts_for(request, placement=Prompt.Placement.ARTICLE_END, **subject)
    return appeal_context(request, prompt, article=article)


def appeal_context(request, prompt: Prompt | None, *, article=None) -> dict:
    """What the appeal shows of `prompt` (also the admin's preview of it)."""
    if prompt is None:
        return {"prompt": None}
    figures = reader_prompts.meter(prompt)
    currency = settings.DONATION_DEFAULT_CURRENCY
    frequency = prompt.default_frequency
    amounts = prompt.presets_for(currency, frequency)
    per_period = Frequency(frequency).per_period
    return {
        "prompt": prompt,
        "copy": reader_prompts.prompt_copy(prompt, figures=figures),
        "article": article,
        "currency": currency,
        "frequency": frequency,
        "frequency_label": Frequency(frequency).adverb,
        "smallest": format_money_major(min(amounts), currency) if amounts else "",
        "amounts": [
            {
                "value": format_major(amount),
                "label": format_money_major(amount, currency),
                "recommended": index == recommended_preset(amounts),
            }
            for index, amount in enumerate(amounts)
        ],
        "suffix": f" {per_period}" if per_period else "",
        # Its amounts are buttons, so the words give the rate rather than one amount's figure;
        # the support form works the figure out from the amount chosen.
        "fee_cover": fee_cover_label(amount=None, currency=currency),
        "next": f"{request.get_full_path()}#{APPEAL_PLACE}",
    }


@register.simple_tag
def support_ask_budget() -> AskBudget:
    """The impression budget's numbers, which base.html gives the page's <html> element for
    static/js/ask-budget.js: the same for every reader, so the page stays shareable."""
    return ask_budget()


@register.simple_tag
def support_appeal_place() -> str:
    """The id of the appeal's place on a story's page (APPEAL_PLACE)."""
    return APPEAL_PLACE


@register.inclusion_tag("includes/prompts/snoozed.html", takes_context=True)
def support_notice(context, place=""):
    """The one-time "We'll ask again on …" notice after "Remind me later" (without JavaScript),
    shown where the reader acted: a story's page shows it in the appeal's `place`. Once a
    page shows it, donations.support.SupportMiddleware clears it."""
    request = context.get("request")
    state = request.support.state
    if state.notice != NOTICE_SNOOZED or not state.snoozed_until:
        return {"show": False}
    return {
        "show": True,
        "until": timezone.localtime(state.snoozed_until),
        "next": request.get_full_path() + (f"#{place}" if place else ""),
    }
