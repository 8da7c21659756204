"""Changes editors make to articles and authors, and what must happen with them.

- An article's old address keeps working: when a save changes its slug or publication date,
  the address it had answers with a permanent redirect to wherever it is now.
- A new photo is made into renditions (articles/images.py) by a worker, queued when the
  editor's save commits: 1.5 seconds for a 24-megapixel photo, once, that neither the editor nor
  any reader waits for. Until they exist, pages show the original photo; once they do, readers'
  pages are refreshed (the page cache and the edge are told).
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from articles import tasks
from articles.images import renditions_make
from articles.models import Article, ArticleRedirect, ArticleRevision, Author
from articles.signals import reader_content_changed

logger = logging.getLogger(__name__)


def article_save(*, article: Article) -> Article:
    """Save `article` as edited; remember its previous address if this save changes it, and
    when its correction note was added or reworded."""
    with transaction.atomic():
        previous = None
        old_correction = ""
        if article.pk is not None:
            row = (
                Article.objects.filter(pk=article.pk)
                .values_list("published_on", "slug", "correction")
                .first()
            )
            if row is not None:
                previous, old_correction = row[:2], row[2]
        if article.correction.strip() != old_correction.strip():
            article.corrected_at = timezone.now() if article.correction.strip() else None
        article.save()
        if previous and previous[0] and previous != (article.published_on, article.slug):
            old_on, old_slug = previous
            # The address may have been another article's earlier on: it is this one's now.
            ArticleRedirect.objects.update_or_create(
                published_on=old_on, slug=old_slug, defaults={"article": article}
            )
    article_renditions_queue(article=article)
    reader_content_changed.send(sender=Article, article_id=article.pk)
    return article


# What a revision records, in the order the change form shows it.
REVISION_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "section",
    "tags",
    "authors",
    "body",
    "lead_image",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
    "status",
    "published_at",
    "correction",
    "no_asks",
]


def article_snapshot(*, article: Article) -> dict[str, str]:
    """The article's fields as an editor reads them, for comparing two moments of it. Tags
    and bylines are read from the database: take a snapshot before they are saved to have
    the old ones."""
    if article.pk is None:
        return {}
    values = {
        name: str(getattr(article, name) or "")
        for name in REVISION_FIELDS
        if name not in {"section", "tags", "authors", "published_at", "lead_image", "no_asks"}
    }
    values["section"] = str(article.section) if article.section_id else ""
    values["tags"] = ", ".join(sorted(article.tags.values_list("name", flat=True)))
    values["authors"] = ", ".join(
        article.bylines.order_by("order", "pk").values_list("author__name", flat=True)
    )
    values["published_at"] = article.published_at.isoformat() if article.published_at else ""
    values["lead_image"] = article.lead_image.name or ""
    values["no_asks"] = "No asks on this story" if article.no_asks else ""
    return values


def article_revision_record(
    *, article: Article, user, before: dict[str, str]
) -> ArticleRevision | None:
    """Record who changed which fields of `article` since `before` (an article_snapshot). A
    save that changed nothing leaves no revision."""
    after = article_snapshot(article=article)
    changes = {
        name: [before.get(name, ""), after[name]]
        for name in REVISION_FIELDS
        if before.get(name, "") != after[name]
    }
    if not changes:
        return None
    return ArticleRevision.objects.create(article=article, user=user, changes=changes)


def article_publish(*, articles: QuerySet, user=None) -> tuple[int, list[str]]:
    """Publish the drafts among `articles`: now, or at the time already set on them (which
    schedules them). Each goes through article_save, so addresses are kept as on any save, and
    each gets a revision. Returns how many were published and the headlines of those that
    could not be, because another article already has their address on that day."""
    published, refused = 0, []
    for article in articles.filter(status=Article.Status.DRAFT):
        before = article_snapshot(article=article)
        article.status = Article.Status.PUBLISHED
        article.review_requested_at = None
        try:
            article.clean()
        except ValidationError:
            refused.append(article.headline)
            continue
        article_save(article=article)
        article_revision_record(article=article, user=user, before=before)
        published += 1
    return published, refused


def article_unpublish(*, articles: QuerySet, user=None) -> int:
    """Take `articles` off the site (scheduled ones too). Their publication time is kept, so
    publishing again restores the same address."""
    count = 0
    for article in articles.filter(status=Article.Status.PUBLISHED):
        before = article_snapshot(article=article)
        article.status = Article.Status.DRAFT
        article_save(article=article)
        article_revision_record(article=article, user=user, before=before)
        count += 1
    return count


def author_save(*, author: Author) -> Author:
    author.save()
    author_renditions_queue(author=author)
    reader_content_changed.send(sender=Author, article_id=None)
    return author


@contextmanager
def search_deferred() -> Iterator[list[int]]:
    """For bulk loads, inside a transaction: PostgreSQL's search triggers stand aside, and the
    articles whose ids the caller adds to the list this yields get their search vectors and
    words rebuilt in one statement at the end of the block.

    Done article by article, a batch of 2,000 articles with their bylines and tags is written
    four times over (insert, bylines, tags, and each update), with three GIN indexes to update
    each time; this way, once. Outside PostgreSQL it does nothing.
    """
    if connection.vendor != "postgresql":
        yield []
        return
    if not connection.in_atomic_block:
        raise RuntimeError("search_deferred() must run inside transaction.atomic().")
    article_ids: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL articles.search_deferred = 'on'")
    yield article_ids
    with connection.cursor() as cursor:
        cursor.execute("SELECT articles_search_rebuild(%s)", [article_ids])
        cursor.execute("SET LOCAL articles.search_deferred = 'off'")


def article_renditions_queue(*, article: Article) -> None:
    """Queue the lead photo's renditions, unless this very photo has them; a removed photo's
    record is cleared at once (no work in that)."""
    if article.lead_image and not _current(article.lead_image, article.lead_image_renditions):
        pk = article.pk
        transaction.on_commit(lambda: tasks.article_renditions_make.enqueue(pk), robust=True)
    else:
        article_renditions_make(article=article)


def author_renditions_queue(*, author: Author) -> None:
    if author.photo and not _current(author.photo, author.photo_renditions):
        pk = author.pk
        transaction.on_commit(lambda: tasks.author_renditions_make.enqueue(pk), robust=True)
    else:
        author_renditions_make(author=author)


def article_renditions_refresh(*, article_pk: int) -> None:
    """The queued half of a save: make the article's photo's renditions, then refresh readers'
    pages, which showed the original photo until now. An article deleted meanwhile is skipped."""
    article = Article.objects.filter(pk=article_pk).first()
    if article is None:
        return
    before = article.lead_image_renditions
    article_renditions_make(article=article)
    if article.lead_image_renditions != before:
        reader_content_changed.send(sender=Article, article_id=article.pk)


def author_renditions_refresh(*, author_pk: int) -> None:
    author = Author.objects.filter(pk=author_pk).first()
    if author is None:
        return
    before = author.photo_renditions
    author_renditions_make(author=author)
    if author.photo_renditions != before:
        reader_content_changed.send(sender=Author, article_id=None)


def article_renditions_make(*, article: Article) -> None:
    """Make the lead photo's renditions unless they exist for this very photo."""
    record = _renditions(article.lead_image, article.lead_image_renditions, square=False)
    if record is not None:
        Article.objects.filter(pk=article.pk).update(lead_image_renditions=record)
        article.lead_image_renditions = record


def author_renditions_make(*, author: Author) -> None:
    record = _renditions(author.photo, author.photo_renditions, square=True)
    if record is not None:
        Author.objects.filter(pk=author.pk).update(photo_renditions=record)
        author.photo_renditions = record


def renditions_fill(*, log: Callable[[str], None] = logger.info) -> int:
    """Make the renditions every article and author photo lacks; return how many photos.

    Articles are grouped by photo, so a photo shared by many articles (benchmark content
    draws from a pool of twelve) is processed once and its record written to all of them
    in one UPDATE.
    """
    made = 0
    stored = (
        Article.objects.exclude(lead_image="")
        .annotate(rendered=KT("lead_image_renditions__source"))
        .order_by()
        .values_list("lead_image", "rendered")
        .distinct()
    )
    for source in sorted({image for image, rendered in stored if rendered != image}):
        record = renditions_make(source=source)
        Article.objects.filter(lead_image=source).update(lead_image_renditions=record)
        made += 1
        log(f"Renditions made for {source}")
    for author in Author.objects.exclude(photo=""):
        if not _current(author.photo, author.photo_renditions):
            author_renditions_make(author=author)
            made += 1
            log(f"Renditions made for {author.photo.name}")
    if made:
        reader_content_changed.send(sender=Article, article_id=None)
    return made


def _renditions(image, record: dict, *, square: bool) -> dict | None:
    """A new renditions record for `image`, {} to clear one for a removed photo, or None when
    the stored record is current."""
    if not image:
        return {} if record else None
    if _current(image, record):
        return None
    return renditions_make(source=image.name, square=square)


def _current(image, record: dict) -> bool:
    return bool(record) and record.get("source") == image.name
