"""Reader pages from the cache: a front-page rush is served without touching the database.

A view the app marks `@reader_page` (articles/pages.py) makes pages that are the same for every
reader who sees the same asks, so PageCacheMiddleware keeps the rendered HTML under a key made
of the address, the prompt variant (which banner and appeal prompts this reader sees, from
`donations.prompts`) and a version number. Publishing or editing anything a reader page shows
bumps the version: the apps send `reader_content_changed` (articles/signals.py), and
`reader_pages_changed` receives it (connected in newsroom/apps.py), which orphans every cached
page at once; nothing has to be found and deleted. The HTML holds nothing per reader: no CSRF
token, no name. The tags a page carries for the edge cache (newsroom/edge_cache.py) are kept
with it.

Not cached: signed-in readers (their asks come from the database, staff see previews), a reader
with a one-time notice to show, any query string but `?page=`, and anything but a 200.

A page is kept for PAGE_CACHE_SECONDS at most, and never past the moment the next scheduled
article goes live, so a scheduled story appears on time. With several app processes, point
CACHE_URL at Redis so that a bump reaches all of them; with a per-process cache, another process
may show a page up to PAGE_CACHE_SECONDS old.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from articles import pages
from articles.models import Article
from donations import prompts
from newsroom import edge_cache

VERSION_KEY = "pages:version"
CACHEABLE_PARAMS = {"page"}
NO_SCHEDULED_ARTICLE = -1.0


def reader_pages_changed(sender, *, article_id: int | None = None, **kwargs) -> None:
    """Receives `reader_content_changed`: every cached page is out of date once the change is
    committed. Not before: a page rendered from the old rows in the meantime would be kept
    under the new version.

    The edge cache drops the pages that show the article, as it is now and as it will be once
    committed (an editor's new tags are saved after the article), or, for any other change,
    every page."""
    # The tags cost three queries a side: none without an edge to tell.
    edge = bool(settings.EDGE_PURGE_URLS)
    before = pages.article_page_tags(article_id) if edge and article_id else set()

    def changed() -> None:
        _version_bump()
        if not edge:
            return
        after = pages.article_page_tags(article_id) if article_id else {pages.EVERY_PAGE}
        edge_cache.edge_purge(tags=before | after)

    transaction.on_commit(changed)


def _version_bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new number will do
        _version_start()


def _version_start() -> int:
    # Nanoseconds, not 1: if the version is evicted, it must not restart at a number that old
    # pages are still stored under.
    version = time.time_ns()
    cache.add(VERSION_KEY, version, timeout=None)
    return cache.get(VERSION_KEY, version)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    return version if version is not None else _version_start()


class PageCacheMiddleware:
    """Serves marked views from the cache when the request allows it (see the module's doc).

    A hit is answered in process_view, as the view would be: after every other middleware's
    process_view (CSRF's among them), and the answer passes every middleware on its way out,
    so a page from the cache gets the same headers as a fresh one. A miss is stored on the way
    out of this middleware, which is the innermost (settings.MIDDLEWARE): what it stores is
    the view's own response, before any other middleware has added to it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        missed = getattr(request, "_page_cache_miss", None)
        if missed is not None and _cacheable_response(request, response):
            key, version = missed
            stored = (response.content, response["Content-Type"], response.get(pages.HEADER, ""))
            cache.set(key, stored, timeout=_timeout(version))
        return response

    def process_view(self, request, view, args, kwargs):
        if not getattr(view, "reader_page", False):
            return None
        if settings.PAGE_CACHE_SECONDS <= 0 or not _cacheable_request(request):
            return None
        variant = prompts.page_variant(request)
        if variant is None:
            return None
        version = _version()
        key = _key(request, variant=variant, version=version)
        stored = cache.get(key)
        if stored is None:
            request._page_cache_miss = (key, version)
            return None
        content, content_type, *tags = stored
        response = HttpResponse(content, content_type=content_type)
        return pages.tag_response(response, tags[0].split()) if tags else response


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    # Any other parameter (campaign tags, tokens) would end up in the page's links, and would
    # let anybody fill the cache with copies of one page.
    return set(request.GET) <= CACHEABLE_PARAMS and all(
        len(values) == 1 for _, values in request.GET.lists()
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # previews and other views that decided
        and "cookie" not in response.get("Vary", "").lower()
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a token is in the HTML
        and not getattr(request, "csp_nonce", None)  # so is a nonce, for this response's header
        and not request.support.changed
    )


def _key(request, *, variant: str, version: int) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pages:{version}:{variant}:{address}"


def _timeout(version: int) -> int:
    """PAGE_CACHE_SECONDS, cut short by the next scheduled article's publication."""
    now = timezone.now().timestamp()
    key = f"pages:{version}:next-publication"
    moment = cache.get(key)
    if moment is None or NO_SCHEDULED_ARTICLE < moment <= now:
        moment = _next_publication()
        # Scheduling or publishing an article bumps the version, so this holds until then.
        cache.set(key, moment, timeout=settings.PAGE_CACHE_SECONDS * 10)
    if moment == NO_SCHEDULED_ARTICLE:
        return settings.PAGE_CACHE_SECONDS
    return max(1, min(settings.PAGE_CACHE_SECONDS, math.ceil(moment - now)))


def _next_publication() -> float:
    moment = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return moment.timestamp() if moment else NO_SCHEDULED_ARTICLE
