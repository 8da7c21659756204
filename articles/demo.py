"""Demo content for `make run` and the scale benchmarks.

Everything is made here: the copy comes from `demo_content.py` (written for this project) and the
photos are drawn with Pillow, so seeding needs no network. Seeding is idempotent: what already
exists (matched by slug) is left exactly as it is.
"""

import io
import random
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont, ImageOps

from articles import demo_content
from articles.models import Article, Author, Byline, Section, Tag
from articles.sanitise import clean_body_html
from articles.services import search_deferred

DEMO_EDITOR_USERNAME = "editor"
DEMO_EDITOR_PASSWORD = "read-all-about-it"
IMAGE_SIZE = (1200, 675)
IMAGE_POOL_SIZE = 12
BULK_BATCH_SIZE = 2000

# One palette per section: sky and ground colours for the drawn "photos".
PALETTES = [
    ("#27496d", "#d9b38c"),
    ("#3c2f4f", "#e0a96d"),
    ("#1f5f4a", "#cfe3b0"),
    ("#4a3b2a", "#9cc3d5"),
    ("#5b2333", "#f2c57c"),
    ("#233d4d", "#fe7f2d"),
]

Log = Callable[[str], None]


def demo_seed(*, log: Log = print) -> dict[str, int]:
    """Create the demo sections, authors, tags, articles and (with DEBUG on) an editor account."""
    with transaction.atomic():
        sections, authors, tags = _seed_taxonomy()
        created = _seed_articles(sections=sections, authors=authors, tags=tags)
    counts = {
        "sections": len(sections),
        "authors": len(authors),
        "tags": len(tags),
        "articles_created": created,
    }
    log(
        f"Demo content: {counts['sections']} sections, {counts['authors']} authors, "
        f"{counts['tags']} tags; {created} new articles "
        f"({Article.objects.count()} articles in all)."
    )
    if settings.DEBUG:
        _seed_editor(log=log)
    return counts


def demo_seed_bulk(*, count: int, log: Log = print, seed: int = 2026) -> int:
    """Add `count` synthetic published articles, in batches, for scale benchmarks."""
    with transaction.atomic():
        sections, authors, tags = _seed_taxonomy()
    section_list, author_list, tag_list = (
        list(sections.values()),
        list(authors.values()),
        list(tags.values()),
    )
    images = _image_pool()
    rng = random.Random(seed + Article.objects.count())
    now = timezone.now()
    start_number = Article.objects.count() + 1
    made = 0
    while made < count:
        batch_size = min(BULK_BATCH_SIZE, count - made)
        articles, byline_rows, tag_rows = [], [], []
        for offset in range(batch_size):
            number = start_number + made + offset
            headline = (
                f"{rng.choice(demo_content.HEADLINE_SUBJECTS)} "
                f"{rng.choice(demo_content.HEADLINE_PREDICATES)}"
            )
            published_at = now - timedelta(minutes=rng.randrange(10, 60 * 24 * 365 * 5))
            paragraphs = rng.sample(demo_content.PARAGRAPHS, k=rng.randint(4, 7))
            article = Article(
                headline=headline,
                slug=f"{slugify(headline)[:180]}-{number}",
                standfirst=paragraphs[0][:200].rsplit(" ", 1)[0] + "…",
                body=clean_body_html(_paragraphs_to_html(paragraphs)),
                section=rng.choice(section_list),
                status=Article.Status.PUBLISHED,
                published_at=published_at,
                published_on=Article.publication_date_for(published_at),
                lead_image=images[number % len(images)],
                lead_image_width=IMAGE_SIZE[0],
                lead_image_height=IMAGE_SIZE[1],
                lead_image_alt="An illustrated scene of Alder Bay used for benchmark articles.",
                lead_image_caption="A generated illustration for benchmark content.",
                lead_image_credit="Newsroom demo / Generated",
            )
            articles.append(article)
        with transaction.atomic(), search_deferred() as searchable:
            Article.objects.bulk_create(articles)
            for article in articles:
                for order, author in enumerate(rng.sample(author_list, k=rng.choice((1, 1, 2)))):
                    byline_rows.append(Byline(article=article, author=author, order=order))
                for tag in rng.sample(tag_list, k=rng.randint(1, 3)):
                    tag_rows.append(Article.tags.through(article=article, tag=tag))
            Byline.objects.bulk_create(byline_rows)
            Article.tags.through.objects.bulk_create(tag_rows)
            Article.objects.filter(pk__in=[a.pk for a in articles]).update(
                updated_at=F("published_at")
            )
            searchable.extend(article.pk for article in articles)
        made += batch_size
        log(f"  {made:,} / {count:,} articles")
    _analyze(Article, Byline, Article.tags.through)
    return made


def _analyze(*models) -> None:
    """Do now what autovacuum would do later after a bulk load: refresh the planner's
    statistics and (PostgreSQL) the visibility map that index-only scans rely on."""
    command = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    if connection.in_atomic_block:  # VACUUM cannot run inside a transaction (tests)
        command = "ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def _seed_taxonomy() -> tuple[dict[str, Section], dict[str, Author], dict[str, Tag]]:
    sections = {}
    for data in demo_content.SECTIONS:
        section, _ = Section.objects.get_or_create(
            slug=data["slug"], defaults={"name": data["name"], "order": data["order"]}
        )
        sections[section.slug] = section
    authors = {}
    for index, data in enumerate(demo_content.AUTHORS):
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={"name": data["name"], "role": data["role"], "bio": data["bio"]},
        )
        if created:
            author.photo.save(
                f"{author.slug}.png", ContentFile(_portrait(author.name, index)), save=True
            )
        authors[author.slug] = author
    tags = {}
    for data in demo_content.TAGS:
        tag, _ = Tag.objects.get_or_create(slug=data["slug"], defaults={"name": data["name"]})
        tags[tag.slug] = tag
    return sections, authors, tags


def _seed_articles(*, sections, authors, tags) -> int:
    now = timezone.now()
    existing = set(Article.objects.values_list("slug", flat=True))
    created = 0
    section_index = {slug: i for i, slug in enumerate(sections)}
    published_seen = 0
    for index, data in enumerate(demo_content.ARTICLES):
        slug = slugify(data["headline"])[:200]
        if data["kind"] == "published":
            published_seen += 1
        if slug in existing:
            continue
        published_at, status = _demo_schedule(data["kind"], index, published_seen, now)
        palette = PALETTES[section_index[data["section"]] % len(PALETTES)]
        article = Article(
            headline=data["headline"],
            slug=slug,
            standfirst=data["standfirst"],
            body=_paragraphs_to_html(data["body"]),
            section=sections[data["section"]],
            status=status,
            published_at=published_at,
            lead_image_alt=data["alt"],
            lead_image_caption=data["caption"],
            lead_image_credit=data["credit"],
            correction=data.get("correction", ""),
        )
        # Named, so that the field measures it: Django skips a nameless ContentFile.
        name = f"demo-{slug[:60]}.jpg"
        article.lead_image.save(name, ContentFile(_scene(index, palette), name=name), save=False)
        article.save()
        for order, author_slug in enumerate(data["authors"]):
            Byline.objects.create(article=article, author=authors[author_slug], order=order)
        article.tags.set([tags[tag_slug] for tag_slug in data["tags"]])
        # Demo articles were written when they were published; those with a correction were
        # revised a few hours later, so readers see an "Updated" time on them.
        if published_at:
            revised = min(published_at + timedelta(hours=3), now)
            if article.correction:
                Article.objects.filter(pk=article.pk).update(
                    updated_at=revised, corrected_at=revised
                )
            else:
                Article.objects.filter(pk=article.pk).update(updated_at=min(published_at, now))
        created += 1
    return created


def _demo_schedule(kind: str, index: int, published_seen: int, now):
    if kind == "draft":
        return None, Article.Status.DRAFT
    if kind == "scheduled":
        return now + timedelta(days=1 + index % 6, hours=index % 5), Article.Status.PUBLISHED
    # Spread the published stories over the last four months, newest first in the list.
    hours_ago = 2 + (published_seen - 1) * 46 + (index * 7) % 11
    return now - timedelta(hours=hours_ago), Article.Status.PUBLISHED


def _seed_editor(*, log: Log) -> None:
    user_model = get_user_model()
    if user_model.objects.filter(username=DEMO_EDITOR_USERNAME).exists():
        log(f"Demo editor account: {DEMO_EDITOR_USERNAME} (already present).")
        return
    # An editor, not a superuser: superusers (like Fundraising) must set up an authenticator app
    # before the admin opens, which would stop someone trying the demo at the door.
    editor = user_model.objects.create_user(
        username=DEMO_EDITOR_USERNAME,
        email="editor@example.org",
        password=DEMO_EDITOR_PASSWORD,
        is_staff=True,
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    log(
        "Demo editor account created (DEBUG only): "
        f"username {DEMO_EDITOR_USERNAME!r}, password {DEMO_EDITOR_PASSWORD!r}, "
        "in the Editor group. Sign in at /admin/."
    )


def _paragraphs_to_html(paragraphs: list[str]) -> str:
    parts = []
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            parts.append(f"<h2>{escape(paragraph[3:])}</h2>")
        elif paragraph.startswith("> "):
            parts.append(f"<blockquote><p>{escape(paragraph[2:])}</p></blockquote>")
        else:
            parts.append(f"<p>{escape(paragraph)}</p>")
    return "\n".join(parts)


def _image_pool() -> list[str]:
    """A handful of stored images shared by bulk articles (drawing 100,000 would take hours)."""
    names = []
    for index in range(IMAGE_POOL_SIZE):
        name = f"lead-images/bench/scene-{index:02d}.jpg"
        if not default_storage.exists(name):
            name = default_storage.save(
                name, ContentFile(_scene(index, PALETTES[index % len(PALETTES)]))
            )
        names.append(name)
    return names


def _scene(index: int, palette: tuple[str, str]) -> bytes:
    """Draw a simple landscape: a sky gradient, hills, a river and a few buildings."""
    rng = random.Random(index)
    width, height = IMAGE_SIZE
    sky, ground = palette
    gradient = Image.linear_gradient("L").resize((width, height))
    image = ImageOps.colorize(gradient, black=sky, white=ground).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    sun_x = rng.randint(100, width - 100)
    draw.ellipse((sun_x - 60, 80, sun_x + 60, 200), fill=(255, 240, 200, 170))
    for layer in range(3):
        base = int(height * (0.55 + layer * 0.1))
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randint(0, 90 - layer * 20)))
        points.append((width, height))
        shade = 40 + layer * 35
        draw.polygon(points, fill=(shade // 2, shade, shade // 2 + 20, 200))
    for _ in range(rng.randint(5, 11)):
        x = rng.randint(0, width - 60)
        w, h = rng.randint(30, 90), rng.randint(60, 220)
        top = int(height * 0.72) - h
        draw.rectangle((x, top, x + w, int(height * 0.72)), fill=(30, 30, 40, 210))
        for wy in range(top + 10, int(height * 0.72) - 10, 22):
            draw.rectangle((x + 8, wy, x + 16, wy + 10), fill=(255, 220, 120, 200))
    draw.rectangle((0, int(height * 0.8), width, height), fill=(40, 80, 120, 190))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78, optimize=True, progressive=True)
    return buffer.getvalue()


def _portrait(name: str, index: int) -> bytes:
    """A round-friendly square with the author's initials, in a section colour."""
    background = PALETTES[index % len(PALETTES)][0]
    image = Image.new("RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=104)
    draw.text((128, 128), initials, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
