"""No 500 for bad input, anywhere: generated hostile values at every public form and query
parameter, every staff change list (enumerated from the admin's registry, so a new model is
covered the day it is registered) and every export.

Hostile means: NUL and other control characters, line breaks, huge and negative numbers,
non-Latin scripts, very long strings, repeated parameters and malformed percent-encoding. The
only assertion is the one a reader or an editor would make: the server never answers 5xx.

Each request runs inside a savepoint that is rolled back, with an empty cache, so examples
cannot leak into each other (a rate limit, a snoozed cookie, an aborted transaction) and a run
is the same every time (derandomized).
"""

from collections import Counter
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from donations.models import Donation, WebhookEvent
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    DonationFactory,
    DonorFactory,
    PromptFactory,
    RecurringDonationFactory,
    SectionFactory,
    TagFactory,
    staff_log_in,
    staff_user,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
EXAMPLES = 20

# Shared fixtures (the database transaction, the fake Stripe, the signed-in client) are set up
# once per target on purpose: every example runs in its own rolled-back savepoint with a
# cleared cache, so it needs no fresh fixture; re-creating them per example would only be slow.
# Drawing strings thousands of characters long on a busy machine can trip the "too slow to
# generate" check: the length is the point. database=None: nothing written to .hypothesis/.
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    "\x00",
    "a\x00b",
    "\n",
    "/\r\nSet-Cookie: injected=1",
    "\t",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "café",
    "Набережная",
    "港口",
    "مرفأ",
    "🚢",
    "-1",
    "0",
    "-0",
    "99999",
    "9" * 40,
    "-" + "9" * 40,
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "1.5",
    "٣",
    "%",
    "%zz",
    "%00",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "\\\\evil.example",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "cs_" + "A" * 250,
]

control_characters = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    ["\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\ufeff"]
)
any_characters = st.characters(codec="utf-8")
some_text = st.text(alphabet=control_characters | any_characters, max_size=30)

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    some_text,
    # Shaped like a path on this site, for the parameters that take one (next), with a
    # control character in it (a line break ends a header).
    st.builds(
        "/{}/{}{}".format,
        st.sampled_from(["2026/05/01", "city", "search/?q="]),
        control_characters,
        some_text,
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(
        lambda unit, times: unit * times,
        st.sampled_from(["a", "é", "Ж", "\x00", "9", "%"]),
        st.integers(min_value=1_000, max_value=5_000),
    ),
)

# Malformed percent-encoding cannot be made by urlencode(): these go into the raw query string.
raw_query_pieces = st.sampled_from(
    ["%", "%z", "%zz", "%00", "%0a", "%ff", "%fe%ff", "%c3", "%e2%80", "%25", "+", "&", "=", ";"]
)


def _params(names: list[str]) -> st.SearchStrategy:
    """Some of the target's own parameters, each once or repeated, and maybe one made up."""
    values = st.lists(hostile_text, min_size=1, max_size=3)
    own = st.dictionaries(st.sampled_from(names), values, max_size=3) if names else st.just({})
    made_up = st.dictionaries(hostile_text, values, max_size=1)
    return st.builds(lambda made, mine: {**made, **mine}, made_up, own)


def _raw_query(names: list[str]) -> st.SearchStrategy:
    key = st.sampled_from(names or ["q"])
    value = st.lists(raw_query_pieces | st.sampled_from(["a", "1", "é"]), max_size=6).map("".join)
    pair = st.builds(lambda k, v: f"{quote(k)}={v}", key, value)
    return st.lists(pair, min_size=1, max_size=4).map("&".join)


TALLY = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_tally(request):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and TALLY["requests"]:
        reporter.write_line(
            f"hostile input: {TALLY['requests']} requests, {TALLY['5xx']} answered 5xx"
        )


class _RolledBack(Exception):
    def __init__(self, outcome):
        self.outcome = outcome


def _send(client: Client, method: str, path: str, **kwargs) -> tuple[int, str]:
    """The status and, for a 5xx, why; the database, the cache and the client's cookies
    (but a staff session) are left as they were."""
    cache.clear()
    for name in set(client.cookies) - {settings.SESSION_COOKIE_NAME}:
        del client.cookies[name]
    try:
        with transaction.atomic():
            response = getattr(client, method)(path, **kwargs)
            status, problem = response.status_code, ""
            try:
                # An export streams: its queries run while the body is read.
                if response.streaming:
                    b"".join(response.streaming_content)
            except Exception as error:  # a broken stream is a 5xx the browser would see
                status, problem = 500, repr(error)
            raise _RolledBack((status, problem))
    except _RolledBack as done:
        return done.outcome


def _check(status: int, problem: str, description: str) -> None:
    TALLY["requests"] += 1
    if status >= 500:
        TALLY["5xx"] += 1
    assert status < 500, f"{description} answered {status} {problem}"


def _get(client: Client, path: str, params: dict) -> None:
    status, problem = _send(client, "get", path, data=params)
    _check(status, problem, f"GET {path}?{urlencode(params, doseq=True)!r}")


def _get_raw(client: Client, path: str, query: str) -> None:
    status, problem = _send(client, "get", f"{path}?{query}")
    _check(status, problem, f"GET {path}?{query!r}")


def _post(client: Client, path: str, fields: dict, *, urlencoded: bool, accept: str) -> None:
    if urlencoded:
        body = urlencode(fields, doseq=True)
        kwargs = {"data": body, "content_type": "application/x-www-form-urlencoded"}
    else:
        kwargs = {"data": fields}
    status, problem = _send(client, "post", path, headers={"Accept": accept}, **kwargs)
    _check(status, problem, f"POST {path} {fields!r}")


@pytest.fixture
def newsroom(db, fake_stripe, settings):
    """One of everything a page or a change list can show, at known addresses; and the
    monthly upgrade step on, so a one-off gift meets it."""
    settings.DONATION_UPGRADE_MAX = {"usd": 100, "eur": 100, "gbp": 100}
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(
            slug="harbour-wall",
            section=SectionFactory(slug="city"),
            authors=[AuthorFactory(slug="ines-marlow")],
            tags=[TagFactory(slug="harbour")],
        )
        donor = DonorFactory(email="rosa@example.org", stripe_customer_id="cus_rosa")
        recurring = RecurringDonationFactory(
            donor=donor, stripe_subscription_id="sub_rosa", amount=700, currency="eur"
        )
        DonationFactory(
            renewal=True,
            recurring=recurring,
            stripe_invoice_id="in_rosa",
            prompt="spring-banner",
            article=article,
        )
        PromptFactory(key="spring-banner")
        WebhookEvent.objects.create(
            stripe_event_id="evt_1", type="invoice.paid", payload={}, created=1
        )
    return article


@pytest.fixture
def reader(newsroom):
    """One client for every example: a new one would load the middleware again, and
    WhiteNoise reads every static file's details when it loads."""
    return Client(raise_request_exception=False)


# Public pages and forms: (method, path, the parameter names they read).
PUBLIC_TARGETS = [
    ("get", "/", ["page"]),
    ("get", "/2026/05/01/harbour-wall/", ["page", "utm_source"]),
    ("get", "/city/", ["page"]),
    ("get", "/tags/harbour/", ["page"]),
    ("get", "/authors/ines-marlow/", ["page"]),
    ("get", "/search/", ["q", "page"]),
    ("get", "/rss/", []),
    ("get", "/atom/", []),
    ("get", "/tags/harbour/rss/", []),
    ("get", "/authors/ines-marlow/atom/", []),
    ("get", "/city/rss/", []),
    ("get", "/sitemap.xml", ["p"]),
    ("get", "/sitemap-articles.xml", ["p"]),
    ("get", "/sitemap-pages.xml", ["p"]),
    ("get", "/sitemap-news.xml", ["p"]),
    ("get", "/robots.txt", []),
    ("get", "/support/", ["frequency", "amount", "currency", "prompt", "article", "update"]),
    ("get", "/support/thanks/", ["session_id"]),
    ("get", "/support/manage/", []),
    ("post", "/support/", ["frequency", "amount", "currency", "prompt", "article", "from"]),
    ("post", "/support/manage/", ["email"]),
    ("get", "/support/monthly/", ["frequency", "amount", "currency", "prompt", "cover_fee"]),
    ("post", "/support/monthly/", ["frequency", "amount", "currency", "prompt", "upgrade"]),
    ("post", "/support/remind-me-later/", ["next", "prompt"]),
    ("post", "/support/remind-me-later/undo/", ["next", "prompt"]),
    ("post", "/support/banner/close/", ["next", "prompt"]),
    ("post", "/support/already-supporting/", ["next", "prompt"]),
    ("post", "/support/prompts/spring-banner/seen/", []),
]


@pytest.mark.parametrize(
    ("method", "path", "names"), PUBLIC_TARGETS, ids=[f"{m} {p}" for m, p, _ in PUBLIC_TARGETS]
)
@FUZZ
@given(data=st.data())
def test_public_pages_never_answer_5xx_to_hostile_input(reader, method, path, names, data):
    client = reader
    if method == "get":
        if data.draw(st.booleans(), label="malformed percent-encoding"):
            _get_raw(client, path, data.draw(_raw_query(names), label="query"))
        else:
            _get(client, path, data.draw(_params(names), label="params"))
        return
    # With JavaScript, the prompt actions answer in place (JSON); without, they redirect.
    accept = data.draw(st.sampled_from(["text/html", "application/json"]), label="accept")
    fields = data.draw(_params(names), label="fields")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    _post(client, path, fields, urlencoded=urlencoded, accept=accept)


@hypothesis_settings(FUZZ, max_examples=EXAMPLES // 2)  # eight addresses an example
@given(segment=hostile_text)
def test_addresses_with_hostile_path_segments_never_answer_5xx(reader, segment):
    client = reader
    quoted = quote(segment, safe="")
    for path in [
        f"/{quoted}/",
        f"/tags/{quoted}/",
        f"/authors/{quoted}/rss/",
        f"/2026/05/01/{quoted}/",
        f"/support/manage/{quoted}/",
        f"/support/prompts/{quoted}/seen/",
        f"/preview/{quoted}/",
        f"{settings.MEDIA_URL}{quoted}",
    ]:
        status, problem = _send(client, "get", path)
        _check(status, problem, f"GET {path!r}")


@FUZZ
@given(
    body=st.binary(max_size=300) | hostile_text.map(str.encode),
    signature=hostile_text | st.builds("t={},v1={}".format, hostile_text, hostile_text),
)
def test_stripe_webhook_with_bad_signatures_never_answers_5xx(reader, body, signature):
    status, problem = _send(
        reader,
        "post",
        "/support/webhooks/stripe/",
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": signature},
    )
    _check(status, problem, f"webhook {body!r} signed {signature!r}")


# Staff pages: every registered change list, the exports and the autocomplete, as one superuser.

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


def _autocomplete_fields() -> list[tuple[str, str, str]]:
    """Every autocomplete box on a form, inlines' included."""
    fields = []
    for model, model_admin in admin.site._registry.items():
        for holder in [model_admin, *model_admin.inlines]:
            opts = model._meta if holder is model_admin else holder.model._meta
            fields += [
                (opts.app_label, opts.model_name, name) for name in holder.autocomplete_fields
            ]
    return sorted(fields)


AUTOCOMPLETE_FIELDS = _autocomplete_fields()


@pytest.fixture
def editor(newsroom):
    return staff_user(username="fuzzing-editor")


@pytest.fixture
def staff_client(editor):
    client = Client(raise_request_exception=False)
    staff_log_in(client, editor)
    assert client.get("/admin/").status_code == 200  # past the second factor: a real test
    return client


def _model_admin(app_label: str, model_name: str):
    return next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
    )


def _changelist_parameters(model_admin, user) -> list[str]:
    """The names a change list reads: its filters' own parameters, search, ordering, page,
    date hierarchy, and plain field lookups (which the admin accepts from the address)."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    names += [SEARCH_VAR, ORDER_VAR, PAGE_VAR, "all", "e", "_to_field", "_popup"]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    for field in model_admin.model._meta.concrete_fields:
        names += [field.name, f"{field.name}__gte", f"{field.name}__in", f"{field.name}__isnull"]
    return names


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
@FUZZ
@given(data=st.data())
def test_staff_change_lists_never_answer_5xx_to_hostile_input(
    staff_client, editor, app_label, model_name, data
):
    names = _changelist_parameters(_model_admin(app_label, model_name), editor)
    path = reverse(f"admin:{app_label}_{model_name}_changelist")
    if data.draw(st.booleans(), label="malformed percent-encoding"):
        _get_raw(staff_client, path, data.draw(_raw_query(names), label="query"))
    else:
        _get(staff_client, path, data.draw(_params(names), label="params"))


@FUZZ
@given(data=st.data())
def test_donations_export_never_answers_5xx_to_hostile_input(staff_client, editor, data):
    names = _changelist_parameters(admin.site._registry[Donation], editor)
    path = reverse("admin:donations_donation_export")
    if data.draw(st.booleans(), label="malformed percent-encoding"):
        _get_raw(staff_client, path, data.draw(_raw_query(names), label="query"))
    else:
        _get(staff_client, path, data.draw(_params(names), label="params"))


@FUZZ
@given(params=_params(["period", "start", "end", "year", "month", "revenue"]))
def test_giving_dashboard_never_answers_5xx_to_hostile_input(staff_client, params):
    _get(staff_client, reverse("admin:donations_dashboard"), params)


@pytest.mark.parametrize("table", ["stories", "authors", "sections"])
@FUZZ
@given(params=_params(["window"]))
def test_revenue_exports_never_answer_5xx_to_hostile_input(staff_client, table, params):
    _get(staff_client, reverse("admin:donations_revenue_export", args=[table]), params)


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), AUTOCOMPLETE_FIELDS)
@FUZZ
@given(params=_params(["term", "page"]))
def test_admin_autocomplete_never_answers_5xx_to_hostile_input(
    staff_client, app_label, model_name, field_name, params
):
    # The box's own names stay as the admin's form sends them; what the editor types varies.
    fixed = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    _get(staff_client, reverse("admin:autocomplete"), {**params, **fixed})
