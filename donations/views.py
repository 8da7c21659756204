import logging
import re
import unicodedata
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db.models import Case, When
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from donations import gateway, tasks, webhooks
from donations.forms import (
    RECURRING_FREQUENCIES,
    CancelForm,
    GiftTermsForm,
    ManageForm,
    PauseForm,
    ReminderForm,
    SupportForm,
    UpgradeForm,
    attribution_prompt,
    parse_amount,
)
from donations.frequencies import Frequency
from donations.giving import (
    PLAIN_CALL,
    fee_cover,
    fee_cover_label,
    gift_call,
    gift_limits,
    gift_presets,
    recommended_preset,
    upgrade_offer,
)
from donations.models import Prompt, RecurringDonation
from donations.money import (
    format_major,
    format_money,
    format_money_major,
    to_major_units,
    to_minor_units,
)
from donations.ratelimit import client_ip, rate_limit_exceeded, rate_limit_forgive
from donations.services import checkout, recording, reminders
from donations.services.manage import (
    GiftNotChangeable,
    card_token_read,
    gift_cancel,
    gift_change_terms,
    gift_pause,
    gift_resume,
    manage_token_read,
    portal_start,
)
from donations.services.support import (
    prompt_count,
    support_already,
    support_close_banner,
    support_confirmed_gift,
    support_snooze,
    support_unsnooze,
    support_upgrade_answered,
)
from donations.statements import (
    FIRST_YEAR,
    statement_for,
    statement_is_for_year,
    statement_years,
)

logger = logging.getLogger(__name__)

CHECKOUT_SESSION_ID = re.compile(r"^cs_[A-Za-z0-9_]{1,250}$")
DEFAULT_SNOOZE_DAYS = 7
DEFAULT_HIDE_DAYS = 1


# Starting a checkout needs no CSRF token: it changes nothing on the reader's behalf (it only
# leads to Stripe's page, where they must still pay), and the appeal's buttons post here from
# cached article pages, which carry no token. The per-address rate limit still applies.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def support(request):
    if request.method != "POST":
        form = SupportForm.from_link(request.GET)
        cancelled = checkout.CANCELLED in request.GET
        # "update" is the page's own button for new amounts without JavaScript, and Stripe's
        # Cancel brings the reader back: neither is a click on an ask.
        if form.initial.get("prompt") and "update" not in request.GET and not cancelled:
            prompt_count(key=form.initial["prompt"], counter="clicks")
            if request.GET.get("from") == "reminder":
                prompt_count(key=form.initial["prompt"], counter="reminder_clicks")
        return _support_page(request, form, cancelled=cancelled)
    if not gateway.is_configured():
        return _support_page(request, SupportForm(request.POST), status=503)
    form = SupportForm(request.POST)
    if not form.is_valid():
        return _support_page(request, form, status=400)
    data = form.cleaned_data
    from_appeal = bool(data["prompt"]) and request.POST.get("from") == "appeal"
    if _upgrade_for(request, form) is not None:
        # Offered here, once per choice sent: the step's own address is a GET (below), so that
        # the back button from Stripe's page, or a reload, shows it again without counting it
        # again, and without the browser asking to send the form again.
        if from_appeal:
            prompt_count(key=data["prompt"], counter="clicks")
        if data["prompt"]:
            prompt_count(key=data["prompt"], counter="upgrades_offered")
        return _see_other(f"{reverse('donations:upgrade')}?{urlencode(_gift_query(data))}")
    return _checkout(request, form, appeal_click=from_appeal)


def _checkout(request, form, *, appeal_click: bool = False) -> HttpResponse:
    """Start the Checkout a valid support (or upgrade) form asks for, and send the reader there."""
    # The card-testing defence counts checkouts started at Stripe: a reader's mistakes are
    # not attempts on a card, and an attempt Stripe failed is forgiven below.
    limit = {
        "scope": "checkout",
        "key": client_ip(request),
        "window": settings.CHECKOUT_RATE_WINDOW,
    }
    if rate_limit_exceeded(**limit, limit=settings.CHECKOUT_RATE_LIMIT):
        return _support_page(request, form, status=429, rate_limited=True)
    data = form.cleaned_data
    gift = checkout.Gift(
        frequency=data["frequency"],
        amount=data["amount_minor"],
        currency=data["currency"],
        prompt=data["prompt"],
        article_id=data["article"],
        fee=data["fee_minor"],
    )
    if appeal_click:
        prompt_count(key=gift.prompt, counter="clicks")
    try:
        checkout_url = checkout.checkout_start(gift=gift)
    except gateway.PaymentProviderError:
        rate_limit_forgive(**limit)
        return _support_page(request, form, status=503, stripe_failed=True)
    if gift.prompt:
        prompt_count(key=gift.prompt, counter="checkouts")
    return _see_other(checkout_url)


def _upgrade_for(request, form: SupportForm) -> Decimal | None:
    """The monthly gift to offer instead of the one-off a valid form holds, or None: the gift is
    not one that qualifies (donations.giving.upgrade_offer), or the reader answered the offer
    already (taken or kept, for a day: SupportState.upgrade_answered_until)."""
    if not form.is_valid() or request.support.state.upgrade_answered(timezone.now()):
        return None
    data = form.cleaned_data
    return upgrade_offer(
        amount=data["amount"], currency=data["currency"], frequency=data["frequency"]
    )


def _gift_query(data: dict) -> dict:
    """A support form's cleaned gift as the query (or hidden fields) that asks for it again."""
    query = {
        "frequency": data["frequency"],
        "amount": format_major(data["amount"]),
        "currency": data["currency"],
        "cover_fee": "1" if data["cover_fee"] else "",
        "prompt": data["prompt"],
        "article": data["article"] or "",
    }
    return {key: value for key, value in query.items() if value}


# The reader's gift is chosen without a CSRF token for the reason given at `support`; answering
# this step starts a checkout too, and otherwise only spares the reader the question for a day.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def upgrade(request):
    """The monthly upgrade: after a one-off choice, "or $5 a month?", with keeping the one-off
    gift as prominent. GET shows it for the gift the query names (the support form sends the
    reader here), or the support page where it does not apply; POST is the answer, which
    starts the Checkout of the gift chosen."""
    if request.method != "POST":
        form = SupportForm(request.GET)
        monthly = _upgrade_for(request, form) if gateway.is_configured() else None
        if monthly is None:
            return _support_page(request, SupportForm.from_link(request.GET))
        return _upgrade_page(request, form, monthly)
    form = UpgradeForm(request.POST)
    if not gateway.is_configured():
        return _support_page(request, form, status=503)
    if not form.is_valid():
        return _support_page(request, form, status=400)
    reader = request.support
    reader.update(support_upgrade_answered(state=reader.state))
    if prompt := form.cleaned_data["prompt"]:
        prompt_count(key=prompt, counter="upgrades_taken" if form.taken else "upgrades_declined")
    return _checkout(request, form)


def _upgrade_page(request, form: SupportForm, monthly: Decimal) -> HttpResponse:
    data = form.cleaned_data
    currency = data["currency"]
    fees = None
    if data["cover_fee"]:
        once_fee = data["fee_minor"]
        monthly_fee = fee_cover(amount=to_minor_units(monthly, currency), currency=currency)
        if once_fee and monthly_fee:
            fees = {
                "once": format_money(once_fee, currency),
                "monthly": format_money(monthly_fee, currency),
            }
    query = _gift_query(data)
    change_query = urlencode({**query, "update": "gift"})
    return render(
        request,
        "donations/upgrade.html",
        {
            "one_off": format_money_major(data["amount"], currency),
            "monthly": format_money_major(monthly, currency),
            "fields": query,
            "fees": fees,
            "choices": {"take": UpgradeForm.TAKE, "keep": UpgradeForm.KEEP},
            # Back to the form as it was. "update" marks the page's own link, not a click on
            # an ask, as the form's own button for new amounts does.
            "change_url": f"{reverse('donations:support')}?{change_query}",
        },
    )


def _see_other(url: str) -> HttpResponse:
    response = HttpResponse(status=303)
    # A header holds Latin-1 at most: "/2026/05/01/café/" or a Cyrillic query must be
    # percent-encoded, as HttpResponseRedirect does, or the browser lands somewhere else.
    response["Location"] = iri_to_uri(url)
    return response


def _support_page(
    request, form, *, status=200, stripe_failed=False, rate_limited=False, cancelled=False
):
    frequency, currency, amount, amount_read = form.shown()
    amounts = gift_presets(currency=currency, frequency=frequency)
    presets = [
        {
            "value": format_major(preset),
            "label": format_money_major(preset, currency),
            "checked": amount_read == preset,
            "recommended": index == recommended_preset(amounts),
        }
        for index, preset in enumerate(amounts)
    ]
    context = {
        "form": form,
        "configured": gateway.is_configured(),
        "stripe_failed": stripe_failed,
        "rate_limited": rate_limited,
        "cancelled": cancelled,
        # The story the reader came from, to go back to when they left Stripe without paying.
        "story": _story(form.initial.get("article")) if cancelled else None,
        "frequency": frequency,
        "currency": currency,
        "presets": presets,
        "other_amount": "" if any(p["checked"] for p in presets) else amount,
        "minimum": _smallest(currency=currency, frequency=frequency),
        "fee_cover": form.fee_cover_shown(),
        "gift_call": {
            "gift": gift_call(amount=amount_read, currency=currency, frequency=frequency),
            "plain": PLAIN_CALL,
        },
        # What support.js needs to show another currency's or frequency's amounts in place.
        "support_data": {
            "presets": {
                code: {freq: _presets_data(currency=code, frequency=freq) for freq in Frequency}
                for code in settings.DONATION_CURRENCIES
            },
            "minimums": {
                code: {freq: _smallest(currency=code, frequency=freq) for freq in Frequency}
                for code in settings.DONATION_CURRENCIES
            },
        },
    }
    return render(request, "donations/support.html", context, status=status)


def _presets_data(*, currency: str, frequency: str) -> list[list]:
    """One currency's and frequency's amounts for support.js: [value, label, recommended]."""
    amounts = gift_presets(currency=currency, frequency=frequency)
    chosen = recommended_preset(amounts)
    return [
        [format_major(amount), format_money_major(amount, currency), index == chosen]
        for index, amount in enumerate(amounts)
    ]


@require_GET
def fee_cover_quote(request):
    """The fee cover checkbox's words for ?amount=&currency=, for support.js to show while the
    donor chooses: the figure is made on the server only (donations.giving.fee_cover), and made
    again from the amount when the form is sent. An amount that does not read as one gets the
    rate; an empty label means the currency has none. With &frequency=, also the words of the
    form's button for that gift ("give")."""
    currency = request.GET.get("currency", "").lower()
    if currency not in settings.DONATION_CURRENCIES:
        return JsonResponse({"error": "Choose one of the currencies."}, status=400)
    amount = parse_amount(request.GET.get("amount", ""))
    quote = {"label": fee_cover_label(amount=amount, currency=currency)}
    # The form's button states the gift ("Give $5 a month"): words made here only, like the fee's.
    if (frequency := request.GET.get("frequency")) in Frequency.values:
        quote["give"] = gift_call(amount=amount, currency=currency, frequency=frequency)
    return JsonResponse(quote)


def _story(article_id: int | None) -> Article | None:
    return Article.objects.published().filter(pk=article_id).first() if article_id else None


def _smallest(*, currency: str, frequency: str) -> str:
    minimum, _ = gift_limits(currency=currency, frequency=frequency)
    return format_money_major(minimum, currency)


@never_cache
@require_GET
def thanks(request):
    """Back from Checkout. Records the gift if Stripe says it is paid (the webhook may be
    slower); anything else, including a forged id, gets a neutral page and records nothing."""
    session_id = request.GET.get("session_id", "")
    donation = None
    confirming = False
    if CHECKOUT_SESSION_ID.fullmatch(session_id) and gateway.is_configured():
        try:
            session = gateway.checkout_session_retrieve(session_id)
        except gateway.PaymentProviderError:
            session = None
        if session is not None:
            try:
                donation = recording.donation_record_checkout(
                    session=session, occurred_at=timezone.now()
                )
            except gateway.PaymentProviderError:
                # Stripe says it is paid, but failed us while we fetched the subscription or
                # invoice behind it. Nothing was kept; the webhook (or the next visit) records it.
                logger.warning(
                    "Could not record paid Checkout Session %s on the thank-you page",
                    session_id,
                    exc_info=True,
                )
                confirming = True
    if donation is not None or confirming:
        reader = request.support
        reader.update(support_confirmed_gift(state=reader.state, user=reader.user))
    story = _story(donation.article_id) if donation is not None else None
    return render(
        request,
        "donations/thanks.html",
        {
            "donation": donation,
            "confirming": confirming,
            "story": story,
            "reminder_query": _gift_again_query(donation),
        },
    )


def _gift_again_query(donation) -> str:
    """For a one-off donor, the reminder page's link ("remind me to give again"), with the
    gift as it was, so the reminder's email brings them back to it."""
    if donation is None or donation.kind != donation.Kind.ONCE:
        return ""
    query = {
        "after": "gift",
        "frequency": Frequency.ONCE.value,
        "currency": donation.currency,
        "amount": format_major(to_major_units(donation.amount, donation.currency)),
        "prompt": donation.prompt,
        "article": donation.article_id or "",
    }
    return urlencode({key: value for key, value in query.items() if value})


@csrf_exempt  # Stripe signs its requests; there is no browser session to forge.
@require_POST
def stripe_webhook(request):
    """Acknowledge a delivery once its event is stored; a worker processes it. Under WSGI
    (gunicorn) deliveries are answered before Django's handler, by the same function
    (newsroom/handlers.py); this view answers them under the test client, runserver and ASGI."""
    status, text = webhooks.webhook_answer(
        payload=request.body, signature=request.headers.get("Stripe-Signature")
    )
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request):
    """Ask for a link to manage a gift. The answer is the same for every address.

    The link is mailed by a worker: looking up a donor and sending them mail takes time a
    stranger's address does not, so doing it here would let anyone tell donors' addresses by
    how long the answer takes. Every address queues the same task, and gets the same page.
    """
    if request.method != "POST":
        return render(request, "donations/manage.html", {"form": ManageForm()})
    if rate_limit_exceeded(
        scope="manage",
        key=client_ip(request),
        limit=settings.MANAGE_RATE_LIMIT,
        window=settings.MANAGE_RATE_WINDOW,
    ):
        return render(request, "donations/rate_limited.html", status=429)
    form = ManageForm(request.POST)
    if not form.is_valid():
        return render(request, "donations/manage.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    try:
        tasks.manage_link_send.enqueue(email)
    except Exception:
        # The same page as ever: an error here, for every address alike, would tell no one
        # anything, but the reader could do nothing with it either. Logged for the operators.
        logger.exception("Could not queue a manage link")
    return render(request, "donations/manage_sent.html", {"email": email})


def _manage_donor(request, token, *, read=manage_token_read):
    """The donor a signed link names (a manage link, or `read`'s kind), or the page that says the
    link is expired or wrong."""
    try:
        return read(token), None
    except signing.SignatureExpired:
        return None, _link_problem(request, expired=True)
    except signing.BadSignature:
        return None, _link_problem(request, expired=False)


def _manage_url(token: str, **query) -> str:
    url = reverse("donations:manage_page", kwargs={"token": token})
    return f"{url}?{urlencode(query)}" if query else url


@never_cache
@require_GET
def manage_page(request, token):
    """Our page for a donor's recurring gifts: amount, frequency, pause, cancel; Stripe's
    portal one click away for the card and invoices."""
    donor, problem = _manage_donor(request, token)
    if problem:
        return problem
    gifts = list(
        donor.recurring_donations.exclude(status=RecurringDonation.Status.INCOMPLETE).order_by(
            Case(When(status=RecurringDonation.Status.CANCELED, then=1), default=0),
            "-started_at",
        )
    )
    if any(gift.status == RecurringDonation.Status.ACTIVE for gift in gifts):
        reader = request.support  # refresh a monthly donor's cookie
        reader.update(support_confirmed_gift(state=reader.state, user=reader.user))
    done_gift = request.GET.get("gift", "")
    done = request.GET.get("done", "") if done_gift.isascii() and done_gift.isdigit() else ""
    rows = [
        {
            "gift": gift,
            "terms_form": GiftTermsForm(recurring=gift),
            "done": done if str(gift.pk) == done_gift else "",
            "minimums": _gift_minimums(gift),
        }
        for gift in gifts
    ]
    return render(
        request,
        "donations/manage_gifts.html",
        {
            "donor": donor,
            "token": token,
            "rows": rows,
            "pause_form": PauseForm(),
            "statement_years": statement_years(donor=donor),
        },
    )


def _gift_minimums(gift: RecurringDonation) -> str:
    """ "at least $2 a month or $10 a year": the smallest gift of each frequency."""
    return " or ".join(
        f"{_smallest(currency=gift.currency, frequency=Frequency(value))} "
        f"{Frequency(value).per_period}"
        for value, _ in RECURRING_FREQUENCIES
    )


def _manage_gift(request, token, pk):
    """The donor and one of their recurring gifts, or the response to give instead: a link
    problem, a 404 for a gift that is not theirs, or 429 once the link has made too many
    changes in a while (each one is a call to Stripe)."""
    donor, problem = _manage_donor(request, token)
    if problem:
        return None, problem
    # A number too big for the key's column is no gift of anyone's (and not a database error).
    gift = donor.recurring_donations.filter(pk=pk).first() if pk < 2**63 else None
    if gift is None:
        raise Http404("No such gift.")
    if request.method == "POST" and rate_limit_exceeded(
        scope="manage-change",
        key=str(donor.pk),
        limit=settings.MANAGE_CHANGE_RATE_LIMIT,
        window=settings.MANAGE_RATE_WINDOW,
    ):
        return None, render(request, "donations/rate_limited.html", status=429)
    if gift.status == RecurringDonation.Status.CANCELED:
        return None, _change_refused(request, token, "This gift has already ended.", status=409)
    return gift, None


def _change_refused(request, token, message: str, *, status: int):
    return render(
        request,
        "donations/manage_problem.html",
        {"token": token, "message": message},
        status=status,
    )


def _change(request, token, gift, change):
    """Run one change at Stripe; back to the page, which confirms it, or a page that says
    nothing changed."""
    try:
        change()
    except GiftNotChangeable as error:
        return _change_refused(request, token, str(error), status=409)
    except gateway.PaymentProviderError:
        return _change_refused(
            request,
            token,
            "Our payment provider didn’t accept the change just now, so nothing has changed. "
            "Please try again in a minute.",
            status=503,
        )
    return None


@never_cache
@require_POST
def manage_gift_terms(request, token, pk):
    gift, problem = _manage_gift(request, token, pk)
    if problem:
        return problem
    form = GiftTermsForm(request.POST, recurring=gift)
    if not form.is_valid():
        return _gift_form_page(request, token, gift, form)
    data = form.cleaned_data
    failed = _change(
        request,
        token,
        gift,
        lambda: gift_change_terms(
            recurring=gift, amount=data["amount_minor"], frequency=data["frequency"]
        ),
    )
    return failed or _see_other(_manage_url(token, done="terms", gift=gift.pk) + "#gift-done")


def _gift_form_page(request, token, gift, form):
    return render(
        request,
        "donations/manage_terms.html",
        {"token": token, "gift": gift, "terms_form": form, "minimums": _gift_minimums(gift)},
        status=400,
    )


@never_cache
@require_POST
def manage_gift_pause(request, token, pk):
    gift, problem = _manage_gift(request, token, pk)
    if problem:
        return problem
    form = PauseForm(request.POST)
    if not form.is_valid():
        return _change_refused(request, token, form.errors["months"][0], status=400)
    months = form.cleaned_data["months"]
    failed = _change(request, token, gift, lambda: gift_pause(recurring=gift, months=months))
    return failed or _see_other(_manage_url(token, done="pause", gift=gift.pk) + "#gift-done")


@never_cache
@require_POST
def manage_gift_resume(request, token, pk):
    gift, problem = _manage_gift(request, token, pk)
    if problem:
        return problem
    failed = _change(request, token, gift, lambda: gift_resume(recurring=gift))
    return failed or _see_other(_manage_url(token, done="resume", gift=gift.pk) + "#gift-done")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_gift_cancel(request, token, pk):
    """Why are you stopping? A reason about money is answered first with a smaller gift, and
    cancelling stays one click away; any other reason cancels at once."""
    gift, problem = _manage_gift(request, token, pk)
    if problem:
        return problem
    if request.method != "POST":
        return _cancel_page(request, token, gift, CancelForm())
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _cancel_page(request, token, gift, form, status=400)
    reason = form.cleaned_data["reason"]
    if reason.about_money and not form.cleaned_data["confirmed"]:
        return _cancel_page(request, token, gift, form, offer=True)
    failed = _change(request, token, gift, lambda: gift_cancel(recurring=gift, reason=reason))
    return failed or _see_other(_manage_url(token, done="cancel", gift=gift.pk) + "#gift-done")


def _cancel_page(request, token, gift, form, *, offer=False, status=200):
    context = {"token": token, "gift": gift, "form": form, "offer": offer}
    if offer:
        context["terms_form"] = GiftTermsForm.smaller(recurring=gift)
        context["minimums"] = _gift_minimums(gift)
        context["reason"] = form.cleaned_data["reason"]
    return render(request, "donations/manage_cancel.html", context, status=status)


@never_cache
@require_GET
def manage_portal(request, token):
    """Stripe's Billing Portal, for the card and invoices, from our manage page."""
    donor, problem = _manage_donor(request, token)
    if problem:
        return problem
    try:
        portal_url = portal_start(donor=donor)
    except gateway.PaymentProviderError:
        return render(request, "donations/portal_unavailable.html", status=503)
    return _see_other(portal_url)


@never_cache
@require_GET
def card_update(request, token):
    """The link in a failed payment's email: Stripe's flow for updating the card, and only that.
    An expired or broken link offers a fresh manage link, as a manage link's does."""
    donor, problem = _manage_donor(request, token, read=card_token_read)
    if problem:
        return problem
    try:
        portal_url = portal_start(donor=donor, card_only=True)
    except gateway.PaymentProviderError:
        return render(request, "donations/portal_unavailable.html", status=503)
    return _see_other(portal_url)


@never_cache
@require_GET
def statement(request, token, year):
    """A donor's statement for a calendar year, from the same signed link as the manage page.
    Printable: the print stylesheet leaves the statement alone on the page, and the browser's
    print dialogue saves it as a PDF."""
    donor, problem = _manage_donor(request, token)
    if problem:
        return problem
    if not statement_is_for_year(year):
        return render(
            request,
            "donations/statement_year.html",
            {"first_year": FIRST_YEAR, "this_year": timezone.localdate().year, "year": year},
            status=404,
        )
    return render(
        request,
        "donations/statement.html",
        {
            "statement": statement_for(donor=donor, year=year),
            "other_years": [other for other in statement_years(donor=donor) if other != year],
            "token": token,
        },
    )


def _link_problem(request, *, expired: bool):
    """The manage page, saying what was wrong with the link followed; the new link it offers
    is a manage link, whose lifetime it states."""
    return render(
        request,
        "donations/manage.html",
        {
            "form": ManageForm(),
            "link_expired": expired,
            "link_invalid": not expired,
            "hours": settings.MANAGE_LINK_MAX_AGE // 3600,
        },
        status=400,
    )


# Prompt actions. Like starting a checkout, these need no CSRF token: each only changes the
# reader's own prompt state in their own cookie, so a forged request could at most hide (or
# bring back) asks for that reader; and they are posted from cached pages, which carry no token.


def _next_url(request) -> str:
    """Where a prompt action sends the reader back to: a path on this site, or the front page.

    Every action goes through here. Control characters are refused outright: a line break
    would end the Location header (a 500, or worse, a header of the sender's choosing), and a
    tab or NUL is silently dropped by browsers, which would then go somewhere else than the
    address we checked. Non-Latin paths are fine; _see_other percent-encodes them.
    """
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if any(unicodedata.category(character) == "Cc" for character in target):
        return "/"
    if (
        url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return "/"


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _prompt_from(request) -> Prompt | None:
    # A key that cannot be one (a NUL, which PostgreSQL refuses, or 5,000 characters) is
    # simply no prompt: the action still works, with the default lengths.
    key = attribution_prompt(request.POST.get("prompt"))
    return Prompt.objects.filter(key=key).first() if key else None


def _answer(request, message: str, **data):
    if _wants_json(request):
        return JsonResponse({"message": message, **data})
    return _see_other(_next_url(request))


@csrf_exempt
@require_POST
def remind_later(request):
    prompt = _prompt_from(request)
    days = prompt.snooze_days if prompt else DEFAULT_SNOOZE_DAYS
    reader = request.support
    state = support_snooze(state=reader.state, user=reader.user, days=days)
    if _wants_json(request):
        state = state.notice_shown()  # prompts.js shows it in place: not again on the next page
    reader.update(state)
    when = date_format(timezone.localtime(state.snoozed_until), "j F")
    return _answer(request, f"We’ll ask again on {when}.", until=state.snoozed_until.isoformat())


@csrf_exempt
@require_POST
def remind_later_undo(request):
    reader = request.support
    reader.update(support_unsnooze(state=reader.state, user=reader.user))
    return _answer(request, "Reminder cancelled: we’ll show our appeals again.")


@csrf_exempt
@require_POST
def close_banner(request):
    prompt = _prompt_from(request)
    days = prompt.hide_days if prompt else DEFAULT_HIDE_DAYS
    reader = request.support
    reader.update(support_close_banner(state=reader.state, user=reader.user, days=days))
    return _answer(request, "Banner closed.")


@csrf_exempt
@require_POST
def already_supporting(request):
    reader = request.support
    reader.update(support_already(state=reader.state, user=reader.user))
    return _answer(request, "Thank you for supporting us. We won’t ask for a while.")


@csrf_exempt
@require_POST
def prompt_seen(request, key):
    """The impression beacon: counts a prompt that was at least half visible. Nothing else.

    One address can add only so many impressions an hour, so a script cannot inflate them.
    """
    if not rate_limit_exceeded(
        scope="beacon",
        key=client_ip(request),
        limit=settings.PROMPT_BEACON_RATE_LIMIT,
        window=3600,
    ):
        prompt_count(key=key, counter="impressions")
    return HttpResponse(status=204)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reminder(request):
    """ "Email me a reminder": the reader picks when and gives an address, and sees exactly
    what they agree to. The answer is the same page for every address. The support page's
    choices (amount, frequency, currency, prompt, article) travel as in a link to it."""
    source = request.POST if request.method == "POST" else request.GET
    after_gift = source.get("after") == "gift"
    link = SupportForm.from_link(source).initial
    today = timezone.localdate()
    context = {"link": link, "after_gift": after_gift, "next": _next_url(request)}
    if request.method != "POST":
        form = ReminderForm(after_gift=after_gift, today=today)
        return render(request, "donations/reminder.html", {**context, "form": form})
    if rate_limit_exceeded(
        scope="reminder",
        key=client_ip(request),
        limit=settings.REMINDER_RATE_LIMIT,
        window=settings.REMINDER_RATE_WINDOW,
    ):
        return render(request, "donations/rate_limited.html", status=429)
    form = ReminderForm(request.POST, after_gift=after_gift, today=today)
    if not form.is_valid():
        return render(request, "donations/reminder.html", {**context, "form": form}, status=400)
    day = form.cleaned_data["day"]
    reminders.reminder_set(email=form.cleaned_data["email"], day=day, link=link)
    # The usual snooze too: no ask until the reminder comes.
    reader = request.support
    reader.update(support_snooze(state=reader.state, user=reader.user, days=(day - today).days))
    return render(
        request,
        "donations/reminder_set.html",
        {**context, "email": form.cleaned_data["email"], "plan": reminders.reminder_plan(day=day)},
    )


# One click from a mail client (RFC 8058: List-Unsubscribe-Post) carries no session and no
# token; the signed link is the authority, and all it can do is delete a reminder.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_cancel(request, token):
    """GET asks to confirm (a link scanner that follows every link must not cancel); POST
    cancels and deletes the address, as often as it is sent."""
    try:
        signing.loads(token, salt=reminders.CANCEL_SALT)
    except signing.BadSignature:
        return render(request, "donations/reminder_cancel.html", {"invalid": True}, status=400)
    if request.method != "POST":
        return render(request, "donations/reminder_cancel.html", {"token": token})
    reminders.reminder_cancel(token=token)
    return render(request, "donations/reminder_cancel.html", {"cancelled": True})
