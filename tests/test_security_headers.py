"""Every response carries a Content-Security-Policy without 'unsafe-inline' for scripts, that no
other site may frame, and a Permissions-Policy that denies the powerful features; reader pages
(served from the page cache to many readers) carry no nonce, the admin's body editor does."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.urls import include, path

from articles.models import Article
from articles.pages import reader_page
from tests.factories import ArticleFactory, AuthorFactory, TagFactory, staff_log_in, staff_user

pytestmark = pytest.mark.django_db


@reader_page
def page_with_inline_script(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')


# The site, and a reader page that uses a nonce (for the test that asks for this URLconf).
urlpatterns = [path("inline/", page_with_inline_script), path("", include("newsroom.urls"))]


@pytest.fixture
def article(asks):
    return ArticleFactory(tags=[TagFactory()], authors=[AuthorFactory()])


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def _reader_addresses(article: Article) -> dict[str, str]:
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.get().get_absolute_url(),
        "author": article.authors.get().get_absolute_url(),
        "search": "/search/?q=harbour",
        "support": "/support/",
        "thanks": "/support/thanks/",
        "manage": "/support/manage/",
        "missing page": "/2020/01/01/no-such-story/",
        "feed": "/rss/",
        "robots.txt": "/robots.txt",
        "admin login": "/admin/login/",
        "stylesheet": staticfiles_storage.url("css/site.css"),
    }


@pytest.mark.parametrize(
    "which",
    [
        "home",
        "article",
        "section",
        "tag",
        "author",
        "search",
        "support",
        "thanks",
        "manage",
        "missing page",
        "feed",
        "robots.txt",
        "admin login",
        "stylesheet",
    ],
)
def test_every_page_sends_a_strict_policy_and_a_permissions_policy(client, article, which):
    response = client.get(_reader_addresses(article)[which])

    assert response.status_code == (404 if which == "missing page" else 200)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', and no nonce on these
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'", "https://checkout.stripe.com"]
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_the_webhook_endpoint_answers_with_the_policies_too(client):
    response = client.post("/support/webhooks/stripe/", b"{}", content_type="application/json")

    assert response.status_code in (400, 503)
    assert _policy(response)["frame-ancestors"] == ["'none'"]
    assert "payment=()" in response.headers["Permissions-Policy"]


def test_a_donor_posting_the_support_form_may_be_sent_on_to_checkout(client, settings):
    """The 303 to Checkout is held to the form's form-action: Checkout's origin is in it."""
    settings.STRIPE_CHECKOUT_ORIGIN = "https://pay.example.org"

    response = client.post("/support/", {"frequency": "once", "amount": "1", "currency": "usd"})

    assert _policy(response)["form-action"] == ["'self'", "https://pay.example.org"]


@pytest.mark.parametrize("which", ["home", "article", "section", "tag", "author"])
def test_a_page_from_the_page_cache_carries_the_same_policy(
    client, article, settings, django_assert_num_queries, which
):
    settings.PAGE_CACHE_SECONDS = 60
    address = _reader_addresses(article)[which]
    first = client.get(address)

    with django_assert_num_queries(0):  # served from the page cache
        again = client.get(address)

    assert again.content == first.content
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert _policy(again)["frame-ancestors"] == ["'none'"]
    assert "camera=()" in again.headers["Permissions-Policy"]


@pytest.mark.urls(__name__)
def test_a_page_that_used_a_nonce_is_never_kept_in_the_page_cache(client, settings, article):
    """A nonce in stored HTML would be served to later readers under another header's nonce."""
    settings.PAGE_CACHE_SECONDS = 60
    first = client.get("/inline/")
    second = client.get("/inline/")

    assert first.content != second.content  # rendered again, with a nonce of its own
    nonce = re.search(rb'nonce="([^"]+)"', second.content).group(1).decode()
    assert f"'nonce-{nonce}'" in _policy(second)["script-src"]


def _editor_page(client):
    staff_log_in(client, staff_user())
    response = client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    return response


def test_the_body_editors_import_map_carries_the_nonce_its_page_allows(client):
    response = _editor_page(client)

    (nonce,) = re.findall(r"'nonce-([^']+)'", " ".join(_policy(response)["script-src"]))
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_each_editor_page_gets_a_nonce_of_its_own(client):
    first, second = _editor_page(client), _editor_page(client)

    assert _policy(first)["script-src"] != _policy(second)["script-src"]


def test_only_the_article_form_allows_the_body_editors_own_stylesheet(client):
    editor = _editor_page(client)
    changelist = client.get("/admin/articles/article/")

    assert len(_policy(editor)["style-src"]) == 2
    assert _policy(editor)["style-src"][1].startswith("'sha256-")
    assert _policy(changelist)["style-src"] == ["'self'"]
    assert _policy(changelist)["script-src"] == ["'self'"]
