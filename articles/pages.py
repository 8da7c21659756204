"""Reader pages: which views make them, and what each page shows.

A reader page (home, a story, a section, tag or author listing) is the same for every reader who
sees the same asks, so a layer around the app may keep it. The view only says so: `@reader_page`
marks it, as `csrf_exempt` marks a view for CsrfViewMiddleware, and the page cache
(newsroom/page_cache.py) reads the mark. How pages are kept, and for how long, is the layer's.

Every page a shared cache may keep says what it shows, in a `Surrogate-Key` header of tags,
space-separated (Fastly's name and format, so a Fastly service needs nothing more; our
deploy/varnish/newsroom.vcl bans by it and takes it off before readers see it). The tags name
the app's content, so they are defined here, beside the views that show it; the edge cache
(newsroom/edge_cache.py) sends the same tags back when that content changes:

    pages            every shareable page: something shown everywhere changed (navigation,
                     an ask, an author's name): drop them all
    home             the front page
    article-<id>     the story's own page, and every page that lists or links to it by headline
                     (listings, "related" on other stories)
    section-<id>     every page of a section's listing; tag-<id>, author-<id> alike
    feeds            RSS and Atom feeds and the sitemaps
    search           search results

When an article changes, the pages to drop are `article_page_tags`: its own tag, its section,
tags and authors, home, feeds and search. Anything else an editor changes drops `pages`.
"""

from collections.abc import Iterable
from functools import wraps

from articles.models import Article, Byline

HEADER = "Surrogate-Key"
EVERY_PAGE = "pages"
HOME = "home"
FEEDS = "feeds"
SEARCH = "search"


def reader_page(view):
    """Mark `view` as making reader pages, which the page cache may keep and serve to every
    reader who sees the same asks."""
    view.reader_page = True
    return view


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


def article_page_tags(article_id: int) -> set[str]:
    """The tags of the pages that show, or would list, the article as the database has it now
    (three queries)."""
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
