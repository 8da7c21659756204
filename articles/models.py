import json
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.db import connections, models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles import fragments
from articles.images import UprightImageField, validate_photo
from articles.sanitise import body_for_readers, clean_body_html
from articles.typography import typographic

# Section pages live at /<slug>/, so a section may not take a name the site already answers to.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "authors",
        "tags",
        "search",
        "support",
        "preview",
        "static",
        "media",
        "feeds",
        "feed",
        "rss",
        "atom",
        "sitemap",
        "sitemaps",
        "robots",
        "accounts",
        "api",
    }
)
NAVIGATION_CACHE_KEY = "articles:navigation-sections"
WORDS_PER_MINUTE = 230
# "Read more" ranks this many of the most recent articles sharing a tag or the section, and
# shows RELATED_LIMIT of them.
RELATED_CANDIDATES = 300
RELATED_LIMIT = 4
# Edits made within this long of publication (typo fixes, a late caption) are not announced as
# an update to readers.
UPDATE_GRACE = timedelta(minutes=5)


def reader_path(viewname: str, **kwargs) -> str:
    """`reverse(viewname, kwargs=kwargs)`, remembered.

    Reader pages name many articles, sections, tags and authors (a front page about fifty),
    and Django's reverse() took about a tenth of a page's time. The address of a name and its
    arguments only changes with the URLconf and the script prefix, which are in the key.
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _remembered_path(get_script_prefix(), urlconf, viewname, tuple(kwargs.items()))


# Some thousands of articles' addresses: a few megabytes at most.
@lru_cache(maxsize=16_384)
def _remembered_path(prefix: str, urlconf: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def validate_section_slug(value: str) -> None:
    if value in RESERVED_SECTION_SLUGS:
        raise ValidationError(
            "“%(value)s” is a reserved address on this site; choose another slug.",
            params={"value": value},
        )


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_section_slug])
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in this order in the site's navigation."
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(NAVIGATION_CACHE_KEY)
        fragments.content_changed()  # the header and footer show every section

    def get_absolute_url(self) -> str:
        return reader_path("articles:section", slug=self.slug)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(NAVIGATION_CACHE_KEY)
        fragments.content_changed()
        return result


def navigation_sections() -> list[Section]:
    """The sections in the site header, cached: every reader page shows them.

    Saving or deleting a section clears the cache, so editors see their change at once.
    """
    sections = cache.get(NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.all())
        cache.set(NAVIGATION_CACHE_KEY, sections, timeout=3600)
    return sections


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, help_text="For example “Health reporter”.")
    bio = models.TextField(max_length=600, blank=True)
    photo = models.ImageField(
        upload_to="authors/",
        blank=True,
        validators=[validate_photo],
        help_text="A portrait; it is shown cropped to a square.",
    )
    # Which sizes of the photo exist (see articles/images.py): stored on the row so that bylines
    # and author pages need no query to show them.
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reader_path("articles:author", slug=self.slug)


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sensitive = models.BooleanField(
        default=False,
        help_text="A death, a disaster: stories with this tag, and its own page, ask readers "
        "for nothing (only the footer’s plain “Support us” link).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reader_path("articles:tag", slug=self.slug)


# Plain text editors type and readers read: its quotes are made typographic on save.
TYPOGRAPHIC_FIELDS = (
    "headline",
    "standfirst",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
    "correction",
)

# What a card ({% card %}, articles/templatetags/cards.py) shows, and all that listings load: a
# listing reads dozens of rows, and every column costs on each (the body most, but the rest too).
# A card that shows more needs its field here, or it costs a query per card (the query-count
# tests say so).
CARD_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "section",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_renditions",
    "published_at",
    "published_on",
)

# Search relevance tiers, best first: where in an article every word of a query is found. Each
# names a stored vector (see Article): the headline; the headline, standfirst, authors' names and
# tags (what a card shows); anywhere, the body included.
SEARCH_TIERS = {1: "search_headline", 2: "search_summary", 3: "search_vector"}


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """What readers may see: published, and not scheduled for later. The only definition for
        queries; `Article.is_public` restates it for one instance."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self) -> "ArticleQuerySet":
        """Published for a moment still to come: they go live by themselves, no job needed."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def matching(self, query, *, tier: int, excludes: bool = True) -> "ArticleQuerySet":
        """Articles that `query` (a PostgreSQL SearchQuery) matches, found within tier `tier` (1,
        2 or 3 of SEARCH_TIERS) or a better one: each tier's vector contains the ones before.

        A tier's vector alone cannot say that a word is absent from the article: "ferry -fares"
        matches a headline without "fares" whose body has it. So the whole article's vector
        must match too: it decides what is left out, the tier's where the rest was found. That
        costs reading the large whole-article vector of every match (280 ms for an author's
        15,000 articles at 100,000), so a caller that knows `query` excludes no word says
        `excludes=False`, and the tier's vector, which then decides alone, is enough.
        """
        in_tier = self.filter(**{SEARCH_TIERS[tier]: query})
        if not excludes or SEARCH_TIERS[tier] == "search_vector":
            return in_tier
        return in_tier.filter(search_vector=query)

    def waiting_for_review(self) -> "ArticleQuerySet":
        """Drafts a writer has submitted for review, the longest waiting first."""
        return self.filter(status=Article.Status.DRAFT, review_requested_at__isnull=False).order_by(
            "review_requested_at", "pk"
        )

    def formerly_at(self, published_on, slug) -> "ArticleQuerySet":
        """The article that lived at /YYYY/MM/DD/slug/ before a change of slug or date."""
        return self.filter(old_addresses__published_on=published_on, old_addresses__slug=slug)

    def for_listing(self) -> "ArticleQuerySet":
        """What a card shows (CARD_FIELDS), bylines in one query, newest first."""
        return self.for_cards().prefetch_related(BYLINES_PREFETCH)

    def for_cards(self) -> "ArticleQuerySet":
        """Cards on section, tag and author pages: what a card shows (CARD_FIELDS), newest
        first; bylines left to `bylines_when_needed`, since the cards a process keeps
        (articles/fragments.py) need none."""
        return self.select_related("section").only(*CARD_FIELDS).order_by("-published_at", "-pk")

    def for_detail(self) -> "ArticleQuerySet":
        return self.select_related("section").prefetch_related(BYLINES_PREFETCH, "tags")

    def for_reading(self, *, published_on, slug) -> tuple["Article", list["Tag"]] | None:
        """The story at /published_on/slug/ among these articles (call it on `published()`),
        as its page shows it: with its section, bylines (as BYLINES_PREFETCH gives them) and
        tags, in one query; and its tags. None when there is none.

        Written in SQL, with this queryset's own conditions compiled into it (they may name the
        article's own columns only): the same through the ORM, a select_related and two
        prefetches, took three queries and a third of a story page's CPU to build and read
        (measured). On other databases than PostgreSQL (the demo's SQLite), the ORM's way.
        """
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            found = self.for_detail().filter(published_on=published_on, slug=slug).first()
            return (found, list(found.tags.all())) if found is not None else None
        try:
            conditions, params = self.query.get_compiler(self.db).compile(self.query.where)
        except FullResultSet:
            conditions, params = "TRUE", []
        except EmptyResultSet:
            return None
        # Read with a cursor rather than through raw(): the columns are known, and a RawQuerySet
        # works them out again on each call (a tenth of a story page's CPU, measured).
        with connection.cursor() as cursor:
            cursor.execute(_reading_sql(conditions, self.db), [*params, published_on, slug])
            row = cursor.fetchone()
        if row is None:
            return None
        return _reading_attach(row, connection)

    def listing(self, kind: str, slug: str, *, start: int, count: int) -> tuple | None:
        """The section, tag or author (`kind`) at `slug`, and the ids of `count` of these
        articles (call it on `published()`) from `start` in its listing, newest first, in one
        query; None when there is no such subject.

        Written in SQL, with this queryset's own conditions compiled into it (they may name the
        article's own columns only), its text kept per process: the subject's lookup and the
        ids' query through the ORM cost a listing page two round trips and half its CPU to build
        and compile (measured). On other databases than PostgreSQL, the ORM's way.
        """
        model, _ = LISTING_SUBJECTS[kind]
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            subject = model.objects.filter(slug=slug).first()
            if subject is None:
                return None
            ids = self.filter(**{listing_filter(kind): subject}).for_cards()
            return subject, list(ids.values_list("pk", flat=True)[start : start + count])
        try:
            conditions, params = self.query.get_compiler(self.db).compile(self.query.where)
        except FullResultSet:
            conditions, params = "TRUE", []
        except EmptyResultSet:
            conditions, params = "FALSE", []
        with connection.cursor() as cursor:
            cursor.execute(_listing_sql(kind, conditions, self.db), [*params, count, start, slug])
            row = cursor.fetchone()
        if row is None:
            return None
        fields = model._meta.concrete_fields
        return _from_row(model, fields, row[:-1], connection), list(row[-1])

    def for_feed(self) -> "ArticleQuerySet":
        """Feed items: the body included, newest first; bylines and tags in one query each."""
        return self.for_detail().defer("correction").order_by("-published_at", "-pk")

    def latest_per_section(
        self, section_ids: list[int], *, count: int, only: tuple | None = None
    ) -> list:
        """The `count` newest of these articles (call it on `published()`) in each of the
        sections, as cards show them (CARD_FIELDS, sections not joined), in no set order. With
        `only` (field names), rows of the id and those fields rather than articles: what a
        page needs to know which stories it shows, without making an instance of each.

        On PostgreSQL one query: a LATERAL slice per section, each served by the (section,
        published_at) index, however large the archive grows. In SQL, with this queryset's own
        conditions compiled into it (they may name the article's own columns only): the UNION
        of per-section querysets it replaces cost 6.5 ms of Python to build and compile for
        six sections, this 1.6 ms (measured). Elsewhere (SQLite, the demo) a query a section.
        """
        if not section_ids:
            return []
        fields = only or CARD_FIELDS
        per_section = (
            self.filter(section_id=section_id).order_by("-published_at", "-pk")
            for section_id in section_ids
        )
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            if only:
                per_section = (queryset.values_list("pk", *only) for queryset in per_section)
            else:
                per_section = (queryset.only(*fields) for queryset in per_section)
            return [found for queryset in per_section for found in queryset[:count]]
        try:
            conditions, params = self.query.get_compiler(self.db).compile(self.query.where)
        except FullResultSet:
            conditions, params = "TRUE", []
        except EmptyResultSet:
            return []
        table = connection.ops.quote_name(Article._meta.db_table)
        columns = ", ".join(
            f"{table}.{connection.ops.quote_name(Article._meta.get_field(name).column)}"
            for name in ("id", *fields)
        )
        sql = (
            f"SELECT latest.* FROM unnest(%s::bigint[]) AS wanted(section_id)"
            f" CROSS JOIN LATERAL (SELECT {columns} FROM {table}"
            f" WHERE {conditions} AND {table}.section_id = wanted.section_id"
            f" ORDER BY {table}.published_at DESC, {table}.id DESC LIMIT %s) AS latest"
        )
        params = [list(section_ids), *params, count]
        if only:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        return list(self.raw(sql, params))

    def related_to(
        self, article: "Article", *, tag_ids: list[int], limit: int = RELATED_LIMIT
    ) -> list["Article"]:
        """Up to `limit` of these articles ("Read more": call it on `published()`) that share
        the most tags with `article`, then its section, newest first; what a card shows, with
        the section from the navigation's cache. One query, at any archive size.

        Ranking every article that shares a tag or the section would read most of a large
        archive on each article view, so only the most recent RELATED_CANDIDATES such articles
        (found by walking the published_at index, which holds the section) are ranked, and only
        the `limit` chosen are read from the table.

        A candidate's tags are looked up one article at a time as the walk goes, through the
        (article, tag) index: a scalar subquery rather than EXISTS, because PostgreSQL answers
        an EXISTS inside an OR by first hashing every article that has one of the tags, which
        grows with the archive (8,000 rows for one tag at 100,000 articles: 10 ms a view),
        where the walk stops after a few hundred rows whatever the archive's size.

        Written in SQL, with this queryset's own conditions (published()'s) compiled into it,
        so they may name the article's own columns only: the same query through the ORM cost
        5 ms of Python a view to build and compile, and made PostgreSQL read the 300
        candidates' whole rows to rank them (measured, 1,000 articles: 9 ms in PostgreSQL
        against 2 ms for this one). It runs on SQLite too (the demo).
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        compiler = self.query.get_compiler(self.db)
        try:
            conditions, params = compiler.compile(self.query.where)
        except FullResultSet:
            conditions, params = "1 = 1", []
        except EmptyResultSet:
            return []
        article_table = quote(Article._meta.db_table)
        tags_table = quote(Article.tags.through._meta.db_table)
        if tag_ids:
            in_tags = f"t.tag_id IN ({', '.join(['%s'] * len(tag_ids))})"
            shares_a_tag = (
                f"(SELECT 1 FROM {tags_table} t WHERE t.article_id = {article_table}.id"
                f" AND {in_tags} LIMIT 1) IS NOT NULL"
            )
            shared = (
                f"(SELECT COUNT(*) FROM {tags_table} t WHERE t.article_id = c.id AND {in_tags})"
            )
        else:
            shares_a_tag, shared = "1 = 0", "0"
        card_columns = ", ".join(
            f"a.{quote(Article._meta.get_field(name).column)}" for name in ("id", *CARD_FIELDS)
        )
        sql = (
            f"WITH candidates AS ("
            f" SELECT {article_table}.id, {article_table}.section_id,"
            f" {article_table}.published_at FROM {article_table}"
            f" WHERE {conditions} AND {article_table}.id <> %s"
            f" AND ({article_table}.section_id = %s OR {shares_a_tag})"
            f" ORDER BY {article_table}.published_at DESC, {article_table}.id DESC LIMIT %s"
            f"), ranked AS ("
            f" SELECT c.id, c.published_at, {shared} AS shared,"
            f" CASE WHEN c.section_id = %s THEN 1 ELSE 0 END AS same_section FROM candidates c"
            f" ORDER BY shared DESC, same_section DESC, c.published_at DESC, c.id DESC LIMIT %s"
            f") SELECT {card_columns} FROM ranked JOIN {article_table} a ON a.id = ranked.id"
            f" ORDER BY ranked.shared DESC, ranked.same_section DESC,"
            f" ranked.published_at DESC, ranked.id DESC"
        )
        params = [
            *params,
            article.pk,
            article.section_id,
            *tag_ids,
            RELATED_CANDIDATES,
            *tag_ids,
            article.section_id,
            limit,
        ]
        related = list(self.raw(sql, params))
        sections = {section.pk: section for section in navigation_sections()}
        for card in related:
            if card.section_id in sections:
                card.section = sections[card.section_id]
        return related


# A listing's subject by its kind: its model, and how its articles are found (the join from the
# article's table, and the condition naming the subject's row, `subject`).
LISTING_SUBJECTS = {
    "section": (Section, ("", "{table}.section_id = subject.id")),
    "tag": (Tag, ("JOIN {tags} j ON j.article_id = {table}.id", "j.tag_id = subject.id")),
    "author": (
        Author,
        ("JOIN {bylines} j ON j.article_id = {table}.id", "j.author_id = subject.id"),
    ),
}


def listing_filter(kind: str) -> str:
    """The ORM's name for LISTING_SUBJECTS' condition: what `kind`'s page lists."""
    return {"section": "section", "tag": "tags", "author": "bylines__author"}[kind]


@lru_cache(maxsize=8)
def _listing_sql(kind: str, conditions: str, alias: str) -> str:
    """ArticleQuerySet.listing's query, for the queryset's compiled `conditions` (the same text
    on every call for published(): only their parameters change)."""
    quote = connections[alias].ops.quote_name
    model, (join, condition) = LISTING_SUBJECTS[kind]
    names = {
        "table": quote(Article._meta.db_table),
        "tags": quote(Article.tags.through._meta.db_table),
        "bylines": quote(Byline._meta.db_table),
    }
    table = names["table"]
    columns = ", ".join(f"subject.{quote(field.column)}" for field in model._meta.concrete_fields)
    return (
        f"SELECT {columns}, ARRAY(SELECT {table}.id FROM {table} {join.format(**names)}"
        f" WHERE {conditions} AND {condition.format(**names)}"
        f" ORDER BY {table}.published_at DESC, {table}.id DESC LIMIT %s OFFSET %s)"
        f" FROM {quote(model._meta.db_table)} subject WHERE subject.slug = %s"
    )


@lru_cache(maxsize=1)
def _reading_fields() -> tuple[list, list]:
    """The article's and the section's fields that ArticleQuerySet.for_reading reads."""
    searches = SEARCH_TIERS.values()
    article_fields = [
        field for field in Article._meta.concrete_fields if field.attname not in searches
    ]
    return article_fields, list(Section._meta.concrete_fields)


@lru_cache(maxsize=8)
def _reading_sql(conditions: str, alias: str) -> str:
    """ArticleQuerySet.for_reading's query, for the queryset's compiled `conditions` (the same
    text on every call for published(): only their parameters change)."""
    quote = connections[alias].ops.quote_name
    article_fields, section_fields = _reading_fields()
    table = quote(Article._meta.db_table)
    columns = ", ".join(f"{table}.{quote(field.column)}" for field in article_fields)
    section_columns = ", ".join(f"s.{quote(field.column)}" for field in section_fields)
    bylines = quote(Byline._meta.db_table)
    authors = quote(Author._meta.db_table)
    tags = quote(Tag._meta.db_table)
    article_tags = quote(Article.tags.through._meta.db_table)
    return (
        f"SELECT {columns}, {section_columns},"
        f" (SELECT json_agg(json_build_array(b.id, b.{quote('order')}, au.id, au.name,"
        f" au.slug, au.role) ORDER BY b.{quote('order')}, b.id) FROM {bylines} b"
        f" JOIN {authors} au ON au.id = b.author_id WHERE b.article_id = {table}.id)"
        f" AS reading_bylines,"
        f" (SELECT json_agg(json_build_array(t.id, t.name, t.slug, t.sensitive)"
        f" ORDER BY t.name)"
        f" FROM {article_tags} at JOIN {tags} t ON t.id = at.tag_id"
        f" WHERE at.article_id = {table}.id) AS reading_tags"
        f" FROM {table} JOIN {quote(Section._meta.db_table)} s"
        f" ON s.id = {table}.section_id"
        f" WHERE {conditions} AND {table}.published_on = %s AND {table}.slug = %s"
    )


def _from_row(model, fields, values, connection):
    """An instance of `model` from a row's `values` of `fields`, converted as the ORM would."""
    values = [
        field.from_db_value(value, None, connection) if hasattr(field, "from_db_value") else value
        for field, value in zip(fields, values, strict=True)
    ]
    return model.from_db(connection.alias, [field.attname for field in fields], values)


def _reading_attach(row: tuple, connection) -> tuple["Article", list["Tag"]]:
    """ArticleQuerySet.for_reading's row as the article, with its section and bylines (as the
    ORM's select_related and BYLINES_PREFETCH leave them), and its tags."""
    article_fields, section_fields = _reading_fields()
    count = len(article_fields)
    article = _from_row(Article, article_fields, row[:count], connection)
    # Everything the query read: the page's markup is kept under it (articles/views.py).
    article.reading_fingerprint = fragments.fingerprint(row)
    section_values = row[count : count + len(section_fields)]
    article.section = _from_row(Section, section_fields, section_values, connection)
    reading_bylines, reading_tags = row[-2:]
    bylines = []
    for byline_id, order, author_id, name, slug, role in _json(reading_bylines):
        author = Author.from_db(
            connection.alias, ["id", "name", "slug", "role"], [author_id, name, slug, role]
        )
        byline = Byline.from_db(
            connection.alias,
            ["id", "article_id", "author_id", "order"],
            [byline_id, article.pk, author_id, order],
        )
        byline.author = author
        bylines.append(byline)
    setattr(article, BYLINES_PREFETCH.to_attr, bylines)
    tags = [
        Tag.from_db(connection.alias, ["id", "name", "slug", "sensitive"], values)
        for values in _json(reading_tags)
    ]
    # As prefetch_related("tags") leaves them, so article.tags.all() (the asks' rule,
    # donations.prompts.asks_allowed) reads no row again.
    story_tags = article.tags.all()
    story_tags._result_cache, story_tags._prefetch_done = tags, True
    article._prefetched_objects_cache = {"tags": story_tags}
    return article, tags


def _json(value) -> list:
    """A json_agg column: None for no rows; text or decoded, as the driver gives it."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        """Articles without their search vectors: no page shows them, and the whole-article one
        is kilobytes per row. Searches filter on them in SQL all the same; and because they are
        deferred, saving an article loaded this way never writes them (the database does)."""
        return super().get_queryset().defer(*SEARCH_TIERS.values())


class Article(models.Model):
    """A story. Its search vectors are kept by PostgreSQL, not by this class.

    Triggers (migration 0002) rebuild `search_vector` when the headline, standfirst or body
    change, and its authors' and tags' part when a byline or tag is added or removed or an
    author or tag is renamed. Triggers, rather than `save()`, a signal or a generated column,
    because those changes arrive by many roads (the admin's inlines, `QuerySet.update`,
    `bulk_create` in `seed_demo --articles`, renaming an author shared by a thousand articles)
    and only the database sees every one; and a generated column cannot read other tables.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, help_text="The last part of the address: /YYYY/MM/DD/<slug>/."
    )
    standfirst = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the headline."
    )
    body = models.TextField(
        blank=True, help_text="HTML. Scripts, styles and unknown tags are removed on save."
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)

    # Upright: its width and height fields get the size the photo is shown at (EXIF turned).
    lead_image = UprightImageField(
        upload_to="lead-images/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
        validators=[validate_photo],
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the photo shows, for readers who cannot see it. Required with a photo.",
    )
    lead_image_caption = models.CharField("caption", max_length=300, blank=True)
    lead_image_credit = models.CharField(
        "credit", max_length=150, blank=True, help_text="For example “Photographer Name / Agency”."
    )
    # Which sizes of the photo exist (see articles/images.py), so that cards need no query.
    lead_image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A time in the future schedules the article. Empty: now, when published.",
    )
    # The date in the article's address, in the site's time zone. Stored (not derived per request)
    # so the address is indexable, unique with the slug, and unaffected by a later TIME_ZONE change.
    published_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    correction = models.TextField(
        blank=True, help_text="A correction or update note, shown at the foot of the article."
    )
    no_asks = models.BooleanField(
        "No asks on this story",
        default=False,
        help_text="No banner and no appeal on this story, only the footer’s plain “Support us” "
        "link. Stories with a sensitive tag are treated so anyway.",
    )
    # Set by article_save when the correction note is added or reworded, so readers (and search
    # engines, through dateModified) learn when the record was put right, not just that it was.
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When its writer asked an editor to publish it; cleared when it is published or scheduled.
    # Editors find the drafts waiting for them on the admin's home page.
    review_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Who started the article: writers may edit only their own drafts (see articles/admin.py).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles_created",
    )

    # Full-text search (PostgreSQL): the whole article weighted headline (A) > standfirst (B) >
    # authors and tags (C) > body (D), and its A and A-C parts, one per relevance tier, each with
    # a GIN index so a search can walk or bitmap-scan whichever tier it needs. Kept by triggers.
    search_vector = SearchVectorField(null=True, editable=False)
    search_headline = SearchVectorField(null=True, editable=False)
    search_summary = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        constraints = [
            models.UniqueConstraint(
                fields=["published_on", "slug"], name="article_unique_slug_per_day"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(lead_image="") | ~Q(lead_image_alt=""),
                name="article_lead_image_has_alt",
            ),
        ]
        indexes = [
            # With the section: "Read more" walks it for the latest articles that share the
            # section (or a tag), and reads the section from the index, not from each row.
            models.Index(
                fields=["-published_at", "-id"],
                include=["section"],
                condition=Q(status="published"),
                name="article_published_idx",
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                condition=Q(status="published"),
                name="article_section_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        self.body = clean_body_html(self.body)
        for field in TYPOGRAPHIC_FIELDS:
            setattr(self, field, typographic(getattr(self, field)))
        self._fill_publication_time()
        if self.correction.strip() and self.corrected_at is None:
            # Readers are never shown a correction without its time. When one is added or
            # reworded is articles.services.article_save's to say; any other way in (the
            # demo, a script) adds it now.
            self.corrected_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.published_on is None:
            return reverse("articles:preview", kwargs={"pk": self.pk})
        return reader_path(
            "articles:detail",
            year=f"{self.published_on.year:04d}",
            month=f"{self.published_on.month:02d}",
            day=f"{self.published_on.day:02d}",
            slug=self.slug,
        )

    def clean(self) -> None:
        errors = {}
        self._fill_publication_time()
        if self.lead_image and not self.lead_image_alt.strip():
            errors["lead_image_alt"] = "Describe the photo for readers who cannot see it."
        same_address = Article.objects.filter(published_on=self.published_on, slug=self.slug)
        if self.published_on and same_address.exclude(pk=self.pk).exists():
            errors["slug"] = (
                "Another article published on that day already has this address. "
                "Choose another slug."
            )
        if errors:
            raise ValidationError(errors)

    def _fill_publication_time(self) -> None:
        """Publishing without a time means now; the address date follows the time."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.published_on = self.publication_date_for(self.published_at)

    @staticmethod
    def publication_date_for(published_at):
        return timezone.localdate(published_at) if published_at else None

    @property
    def is_public(self) -> bool:
        """ArticleQuerySet.published() asked of an article already in hand (is this page a
        preview?). The query is the definition; this restates it for one instance, and the
        two must change together."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        """ArticleQuerySet.scheduled() for one instance: published, with a time still to come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and not self.is_public
        )

    @property
    def modified_at(self):
        """dateModified for search engines: the time of the correction when there is one (the
        change readers were told about), else the last save, never before publication."""
        if self.corrected_at is not None:
            return max(self.corrected_at, self.published_at or self.corrected_at)
        if self.published_at is None:
            return self.updated_at
        return max(self.updated_at, self.published_at)

    @property
    def byline_authors(self) -> list[Author]:
        bylines = getattr(self, BYLINES_PREFETCH.to_attr, None)
        if bylines is None and hasattr(self, "_bylines_load"):
            self._bylines_load()
            bylines = getattr(self, BYLINES_PREFETCH.to_attr)
        if bylines is None:
            bylines = self.bylines.all()
        return [byline.author for byline in bylines]

    @property
    def reader_body(self) -> SafeString:
        """The body as pages and feeds give it: cleaned on save, photos at their media address."""
        return mark_safe(body_for_readers(self.body))

    @property
    def reading_minutes(self) -> int:
        words = len(strip_tags(self.body).split())
        return max(1, round(words / WORDS_PER_MINUTE))

    @property
    def was_updated(self) -> bool:
        return bool(
            self.published_at
            and self.updated_at
            and self.updated_at - self.published_at > UPDATE_GRACE
        )


class Byline(models.Model):
    """An author's place on an article: bylines are ordered, the first is the lead author."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


# Bylines and their authors for any number of articles in one query, with what a byline shows
# of an author. Kept in a list on each article (`to_attr`, read by Article.byline_authors)
# rather than in its related manager's cache, which Django fills by building a filtered
# queryset for each article: a tenth of the front page's time, for thirty stories.
BYLINES_PREFETCH = Prefetch(
    "bylines",
    queryset=Byline.objects.select_related("author").only(
        "article", "order", "author__name", "author__slug", "author__role"
    ),
    to_attr="prefetched_bylines",
)


def bylines_when_needed(articles: list[Article]) -> None:
    """The bylines of all `articles` in one query (BYLINES_PREFETCH), made the first time one
    of them is asked for its authors, and not at all when none is: a page whose cards are all
    kept (articles/fragments.py) reads none."""
    loaded = False

    def load() -> None:
        nonlocal loaded
        if not loaded:
            loaded = True
            prefetch_related_objects(articles, BYLINES_PREFETCH)

    for article in articles:
        article._bylines_load = load


class ArticleRedirect(models.Model):
    """An address an article had before its slug or publication date changed.

    It points at the article, not at the newer address, so a chain of changes (A, then B, then
    C) needs no collapsing: A and B both answer with one 301 to wherever the article is now. An
    address that is live again for another article is served as that article (the view looks
    for a live article first), and saving that article away from it takes the record over.
    """

    published_on = models.DateField()
    slug = models.SlugField(max_length=200)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_addresses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["published_on", "slug"], name="article_redirect_unique_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.published_on:%Y/%m/%d}/{self.slug}/ → {self.article}"


class SearchWordQuerySet(models.QuerySet):
    def closest_to(self, words: list[str]) -> dict[str, str]:
        """For each of `words` (lower case), the most similar known word, if one is similar
        enough (pg_trgm's `%` operator, similarity 0.3 or more). One query, PostgreSQL only."""
        if not words:
            return {}
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        sql = (
            "SELECT typed.word, ("
            f"  SELECT known.word FROM {table} AS known WHERE known.word %% typed.word"
            "   ORDER BY similarity(known.word, typed.word) DESC, known.word LIMIT 1"
            ") FROM unnest(%s::text[]) AS typed(word)"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [words])
            return {typed: known for typed, known in cursor.fetchall() if known}


class SearchWord(models.Model):
    """Every word that has appeared in an article, author name or tag, for "did you mean".

    Filled by the same triggers as the search vectors (PostgreSQL only). When a search finds
    nothing, each of its words is swapped for the most similar word here (pg_trgm, through a
    trigram index), and the corrected search is shown if it finds anything. Words from drafts
    are here too, but a correction is only offered when it finds published articles, so it
    never reveals more than search itself.
    """

    word = models.CharField(max_length=40, primary_key=True)

    objects = SearchWordQuerySet.as_manager()

    def __str__(self) -> str:
        return self.word


class ArticleRevision(models.Model):
    """One save of an article in the admin: who made it, when, and each field it changed, with
    the value before and after ({"headline": ["Old", "New"], ...}). Values are stored as the
    text an editor would read (a section's name, tags' names), so the record stays readable
    after a section is renamed or a tag deleted."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article} by {self.user} at {self.created_at:%Y-%m-%d %H:%M}"
