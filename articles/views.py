import datetime
import math
from datetime import timedelta
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from articles import pages
from articles.fragments import fingerprint, remembered
from articles.metadata import absolute_url, json_ld_script, news_article, share_image
from articles.models import (
    CARD_FIELDS,
    Article,
    bylines_when_needed,
    listing_filter,
    navigation_sections,
)
from articles.pages import cache_tags, reader_page
from articles.pagination import page_number, page_of
from articles.search import search_articles
from articles.sitemaps import ARTICLES_PER_SITEMAP, NEWS_SITEMAP_LIMIT, SITEMAPS

# Google News takes articles from the last two days.
NEWS_SITEMAP_WINDOW = timedelta(hours=48)

HOME_STORIES_PER_SECTION = 4


@cache_tags(pages.HOME)
@reader_page
def home(request):
    sections = navigation_sections()
    # Which stories, by their ids and times alone: the page's markup is kept under them (and
    # the sections), and their cards are kept per content version, so the stories themselves
    # are read only when the markup is made.
    stories = Article.objects.published().latest_per_section(
        [section.pk for section in sections],
        count=HOME_STORIES_PER_SECTION + 1,
        only=("section_id", "published_at"),
    )
    lead, by_section = _home_layout(sections, stories)
    shown = (
        lead,
        *((section.pk, section.name, section.slug, *ids) for section, ids in by_section),
    )
    cards = cache(lambda: _home_cards(sections, [row[0] for row in stories]))
    return render(
        request,
        "articles/home.html",
        {
            "lead": SimpleLazyObject(lambda: cards().get(lead)),
            "by_section": SimpleLazyObject(
                lambda: [
                    (section, [cards()[pk] for pk in ids if pk in cards()])
                    for section, ids in by_section
                ]
            ),
            "page_key": ("home", shown),
        },
    )


def _home_layout(sections, stories) -> tuple:
    """From rows of (id, section id, published at): the top story's id (the newest), and the
    newest others' ids for each section, in the navigation's order."""
    newest_first = sorted(stories, key=lambda row: (row[2], row[0]), reverse=True)
    lead = newest_first[0][0] if newest_first else None
    by_section = []
    for section in sections:
        ids = [pk for pk, section_id, _ in newest_first if section_id == section.pk and pk != lead]
        if ids:
            by_section.append((section, ids[:HOME_STORIES_PER_SECTION]))
    return lead, by_section


def _home_cards(sections, ids) -> dict[int, Article]:
    """The front page's stories as cards show them, by id, in one query (one that has just
    been unpublished left out). The sections are those of the navigation, already in hand: no
    join to read them."""
    cards = list(Article.objects.published().filter(pk__in=ids).only(*CARD_FIELDS))
    by_pk = {section.pk: section for section in sections}
    for article in cards:
        article.section = by_pk[article.section_id]
    bylines_when_needed(cards)
    return {article.pk: article for article in cards}


@reader_page
def article_detail(request, year, month, day, slug):
    try:
        published_on = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such date.") from None
    found = Article.objects.published().for_reading(published_on=published_on, slug=slug)
    if found is None:
        articles = Article.objects.for_detail().filter(published_on=published_on, slug=slug)
        moved = (
            Article.objects.published()
            .formerly_at(published_on, slug)
            .only("published_on", "slug")
            .first()
        )
        if moved is not None:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                moved.get_absolute_url() + (f"?{query}" if query else "")
            )
        if not request.user.is_staff:
            raise Http404("No article at this address.")
        return _preview(request, get_object_or_404(articles))
    article, tags = found
    return _render_article(request, article, tags=tags)


@never_cache
def article_preview(request, pk):
    # Not a sign-in redirect: for readers a draft does not exist, whatever its address.
    if not request.user.is_staff:
        raise Http404("No article at this address.")
    return _preview(request, get_object_or_404(Article.objects.for_detail(), pk=pk))


@never_cache
def _preview(request, article):
    """Unpublished articles, for staff who may work on them: editors see any, a writer only
    the ones they started (as in the admin), other staff none."""
    user = request.user
    own = article.created_by_id == user.pk and user.has_perm("articles.change_article")
    if not (own or user.has_perm("articles.publish_article")):
        raise Http404("No article at this address.")
    return _render_article(request, article, preview=not article.is_public)


def _render_article(request, article, *, tags=None, preview=False):
    if tags is None:
        tags = list(article.tags.all())
    related = _read_more(article, tags) if not preview else _related(article, tags)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "tags": tags,
            "related": related,
            "preview": preview,
            "current_section": article.section,
            # Made only when the page's head is (it is kept: see remember_page).
            "share_image": SimpleLazyObject(lambda: share_image(article)),
            "structured_data": SimpleLazyObject(
                lambda: json_ld_script(news_article(article, tags=tags))
            ),
            "page_key": _article_page_key(article, related, preview=preview),
        },
    )
    if preview:
        return response
    shown = [article, *related]
    return pages.tag_response(response, [pages.article_tag(a.pk) for a in shown])


def _article_page_key(article, related, *, preview) -> tuple | None:
    """What the story's page shows, as read for this request (the story's row, section,
    bylines and tags: for_reading's fingerprint) and "Read more"'s cards: its markup is kept
    under it (remember_page), and shows any change to them on the next page. A preview is for
    staff, of a story readers do not see: never kept."""
    fingerprint = getattr(article, "reading_fingerprint", None)
    if preview or fingerprint is None:
        return None
    return ("article", article.pk, fingerprint, *(story.pk for story in related))


def _related(article, tags) -> list[Article]:
    return Article.objects.published().related_to(article, tag_ids=[tag.pk for tag in tags])


def _read_more(article, tags) -> list[Article]:
    """The story's "Read more", kept per content version (any edit may change it) and until the
    next scheduled story goes live (it may belong there)."""
    return remembered(("read-more", article.pk), lambda: _related(article, tags), published=True)


@reader_page
def section_detail(request, slug):
    section, response = _listing(request, "articles/section_detail.html", kind="section", slug=slug)
    return pages.tag_response(response, [pages.section_tag(section.pk)])


@reader_page
def tag_detail(request, slug):
    tag, response = _listing(
        request, "articles/tag_detail.html", kind="tag", slug=slug, show_section=True
    )
    return pages.tag_response(response, [pages.tag_tag(tag.pk)])


@reader_page
def author_detail(request, slug):
    author, response = _listing(
        request, "articles/author_detail.html", kind="author", slug=slug, show_section=True
    )
    return pages.tag_response(response, [pages.author_tag(author.pk)])


def _listing(request, template, *, kind, slug, **context) -> tuple:
    """The section, tag or author (`kind`) at `slug`, and a page of its listing; or 404."""
    # The subject and the page's stories by their ids, in one query: the page's markup is kept
    # under them (with the subject's name and description, and the page), and their cards are
    # kept per content version, so the stories themselves are read only when the markup is made.
    number = page_number(request.GET.get("page", "1"))
    per_page = settings.ARTICLES_PER_PAGE
    found = Article.objects.published().listing(
        kind, slug, start=(number - 1) * per_page, count=per_page + 1
    )
    if found is None:
        raise Http404(f"No {kind} at this address.")
    subject, rows = found
    page = page_of(rows, number=number, per_page=per_page)
    ids = page.object_list
    key = (kind, fingerprint(subject), page.number, page.has_next, *ids)
    if kind == "section":
        context["current_section"] = subject
    response = render(
        request,
        template,
        {
            **context,
            kind: subject,
            "page": page,
            "articles": SimpleLazyObject(lambda: _cards(kind, subject, ids)),
            "page_key": key,
        },
    )
    # A story listed here may move elsewhere: its tag drops this page too.
    return subject, pages.tag_response(response, [pages.article_tag(pk) for pk in ids])


def _cards(kind, subject, ids: list[int]) -> list[Article]:
    """The stories `ids` of the listing of `subject` (a `kind`), in that order, as cards show
    them (one that has just left the listing is left out)."""
    articles = Article.objects.published().filter(**{listing_filter(kind): subject})
    by_pk = {article.pk: article for article in articles.for_cards().filter(pk__in=ids)}
    stories = [by_pk[pk] for pk in ids if pk in by_pk]
    bylines_when_needed(stories)
    return stories


@cache_tags(pages.SEARCH)
def search(request):
    """Search results, for readers only: robots.txt and a noindex tag keep crawlers out."""
    results = search_articles(
        request.GET.get("q", ""),
        page=request.GET.get("page", "1"),
        per_page=settings.ARTICLES_PER_PAGE,
    )
    return render(
        request,
        "articles/search.html",
        {"results": results, "page": results.page, "page_query": urlencode({"q": results.query})},
    )


def robots_txt(request):
    return render(
        request,
        "articles/robots.txt",
        {
            "sitemap_url": absolute_url(reverse("articles:sitemap_index")),
            "news_sitemap_url": absolute_url(reverse("articles:news_sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )


@cache_tags(pages.FEEDS)
def sitemap_index(request):
    """The sitemap index: every page of the article sitemap, then the others. One query."""
    archive = Article.objects.published().aggregate(
        count=Count("pk"), updated=Max("updated_at"), published=Max("published_at")
    )
    lastmod = max(filter(None, [archive["updated"], archive["published"]]), default=None)
    article_pages = max(1, math.ceil(archive["count"] / ARTICLES_PER_SITEMAP))
    sitemaps = []
    for section in SITEMAPS:
        url = absolute_url(reverse("articles:sitemap", kwargs={"section": section}))
        page_count = article_pages if section == "articles" else 1
        # The pages sitemap (the support page) does not change with the articles.
        changed = lastmod if section != "pages" else None
        sitemaps += [
            {"location": url if page == 1 else f"{url}?p={page}", "lastmod": changed}
            for page in range(1, page_count + 1)
        ]
    news = absolute_url(reverse("articles:news_sitemap"))
    sitemaps.append({"location": news, "lastmod": archive["published"]})
    return render(
        request,
        "articles/sitemap_index.xml",
        {"sitemaps": sitemaps},
        content_type="application/xml; charset=utf-8",
    )


@cache_tags(pages.FEEDS)
def news_sitemap(request):
    """Google News: articles published in the last 48 hours, newest first."""
    articles = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_SITEMAP_WINDOW)
        .order_by("-published_at", "-pk")
        .only("headline", "slug", "published_on", "published_at")[:NEWS_SITEMAP_LIMIT]
    )
    return render(
        request,
        "articles/sitemap_news.xml",
        {
            "articles": articles,
            "language": settings.LANGUAGE_CODE.split("-")[0],
        },
        content_type="application/xml; charset=utf-8",
    )
