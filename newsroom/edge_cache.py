"""The edge cache (Varnish, or a CDN): which pages to drop when content changes, and dropping them.

Every page a shared cache may keep says what it shows, in a `Surrogate-Key` header of tags,
space-separated (Fastly's name and format, so a Fastly service needs nothing more; our
deploy/varnish/newsroom.vcl bans by it and takes it off before readers see it):

    pages            every shareable page: something shown everywhere changed (navigation,
                     an ask, an author's name): drop them all
    home             the front page
    article-<id>     the story's own page, and every page that lists or links to it by headline
                     (listings, "related" on other stories)
    section-<id>     every page of a section's listing; tag-<id>, author-<id> alike
    feeds            RSS and Atom feeds and the sitemaps
    search           search results

Publishing, editing or unpublishing an article drops its own tag, its section, tags and
authors (before and after the change: a story moved to another section leaves the old one's
pages too), home, feeds and search. Anything else an editor changes drops `pages`.

The drop is a `PURGE` request to each address in EDGE_PURGE_URLS, sent once the change is
committed, with a short timeout: an edge that is down or slow is logged, never an editor's
failed save. Pages it missed expire after PUBLIC_PAGE_MAX_AGE.
"""

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from functools import wraps

from django.conf import settings

from articles.models import Article, Byline

logger = logging.getLogger(__name__)

HEADER = "Surrogate-Key"
EVERY_PAGE = "pages"
HOME = "home"
FEEDS = "feeds"
SEARCH = "search"
# Seconds an editor's save may wait on each edge.
PURGE_TIMEOUT = 2.0


def article_tag(article_id: int) -> str:
    return f"article-{article_id}"


def section_tag(section_id: int) -> str:
    return f"section-{section_id}"


def tag_tag(tag_id: int) -> str:
    return f"tag-{tag_id}"


def author_tag(author_id: int) -> str:
    return f"author-{author_id}"


def tag_response(response, tags: Iterable[str]):
    """Add `tags` to what `response` says it shows; returns the response."""
    existing = response.get(HEADER, "").split()
    response[HEADER] = " ".join(dict.fromkeys([*existing, *tags]))
    return response


def cache_tags(*tags: str):
    """For a view whose pages always show the same kind of thing (home, feeds, search)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return tag_response(view(request, *args, **kwargs), tags)

        return wrapped

    return decorator


def article_purge_tags(article_id: int) -> set[str]:
    """The pages that show, or would list, the article as the database has it now."""
    tags = {article_tag(article_id), HOME, FEEDS, SEARCH}
    row = Article.objects.filter(pk=article_id).values_list("section_id", flat=True).first()
    if row is not None:
        tags.add(section_tag(row))
    tags.update(
        tag_tag(pk)
        for pk in Article.tags.through.objects.filter(article_id=article_id).values_list(
            "tag_id", flat=True
        )
    )
    tags.update(
        author_tag(pk)
        for pk in Byline.objects.filter(article_id=article_id).values_list("author_id", flat=True)
    )
    return tags


def edge_purge(*, tags: Iterable[str]) -> None:
    """Ask every edge in EDGE_PURGE_URLS to drop the pages carrying any of `tags`."""
    header = " ".join(sorted(set(tags)))
    for url in settings.EDGE_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={HEADER: header})
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
                response.read()
        except (OSError, urllib.error.URLError) as error:  # HTTPError and timeouts are OSErrors
            logger.error("Edge purge of %r at %s failed: %s", header, url, error)
