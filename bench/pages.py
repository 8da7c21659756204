"""Reader page benchmark: timings and query counts over a seeded PostgreSQL archive.

    make bench-pages                             # 1,000 then 20,000 articles, 200 requests a page
    .venv/bin/python bench/pages.py --sizes 1000,100000 --requests 300

It uses its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
newsroom_bench), grows it to each size with `seed_demo --articles` (and the demo's asks, so
pages carry them as readers see them), and times requests made in-process through Django's
test client (the full middleware, URL, view, ORM and template path, no network), with the CPU
time each cost this process (p50; PostgreSQL's not included), which the machine's other load
disturbs less than elapsed time. Each page is timed twice: rendered (the page cache off, as
after every change) and from the page cache (newsroom/page_cache.py; the local-memory cache
unless CACHE_URL names another, e.g. redis://127.0.0.1:6379/0). With more than one size it
ends with each page's p95 at the largest size divided by its p95 at the smallest (the goal: at
most 1.5). Bounded: at most --requests per page per size and mode; it stops by itself.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
)
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-any-real-site-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(ROOT / "media" / "bench"),
        "LOG_LEVEL": "WARNING",
    }
)


def _ensure_database(name: str | None = None) -> None:
    """Create the benchmark database (by default BENCH_DATABASE_URL's) if it is missing."""
    import psycopg

    parts = urlsplit(BENCH_DATABASE_URL)
    name = name or parts.path.lstrip("/")
    with psycopg.connect(
        dbname="postgres",
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        autocommit=True,
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def archive_grow(size: int) -> None:
    """Bring the benchmark database (set up, migrated) to `size` articles, with the demo's
    prompts, so that pages carry their asks as readers see them."""
    from django.core.management import call_command

    from articles.models import Article
    from donations.demo import prompts_seed

    prompts_seed()
    missing = size - Article.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("seed_demo", articles=missing, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"(seeded {missing:,} articles in {time.perf_counter() - started:.1f} s)")


def measure(client, url, requests):
    """(queries of one warm request, that response, the times of `requests` more in ms, and the
    CPU time this process spent on each, in ms: what the machine's other load disturbs least)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and connections
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # now: the next request clears the connection's query log
    assert response.status_code == 200, (url, response.status_code)
    timings, cpu = [], []
    for _ in range(requests):
        start, cpu_start = time.perf_counter(), time.process_time()
        timed = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        assert timed.status_code == 200, (url, timed.status_code)
    return query_count, response, timings, cpu


def percentiles(timings):
    """p50 and p95 of a list of times."""
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,20000", help="archive sizes, comma-separated")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.split(","))

    _ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article, Tag

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files
    client = Client()
    print(
        f"{'':>9} {'':<9} {'rendered':^34} {'from the page cache':^34}\n"
        f"{'articles':>9} {'page':<9}"
        + f" {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}"
        * 2
    )
    p95s = {}  # (page, PAGE_CACHE_SECONDS, size) -> p95 in ms
    for size in sizes:
        archive_grow(size)
        article = Article.objects.published().order_by("-published_at").first()
        in_section = Article.objects.published().filter(section=article.section).count()
        deep_page = max(1, min(50, in_section // settings.ARTICLES_PER_PAGE))
        pages = {
            "home": "/",
            "article": article.get_absolute_url(),
            "section": article.section.get_absolute_url(),
            "section50": f"{article.section.get_absolute_url()}?page={deep_page}",
            "tag": Tag.objects.order_by("pk").first().get_absolute_url(),
            "author": article.byline_authors[0].get_absolute_url(),
        }
        for name, url in pages.items():
            figures = []
            for page_cache_seconds in (0, 60):
                settings.PAGE_CACHE_SECONDS = page_cache_seconds
                query_count, _, timings, cpu = measure(client, url, options.requests)
                p50, p95 = percentiles(timings)
                cpu_p50 = statistics.median(cpu)
                figures.append(f"{query_count:>7} {p50:>8.2f} {p95:>8.2f} {cpu_p50:>8.2f}")
                p95s[name, page_cache_seconds, size] = p95
            print(f"{size:>9,} {name:<9} {' '.join(figures)}")
    if len(sizes) > 1:
        smallest, largest = sizes[0], sizes[-1]
        print(
            f"\np95 at {largest:,} articles / p95 at {smallest:,} (the goal: at most 1.5)\n"
            f"{'page':<9} {'rendered':>9} {'page cache':>11}"
        )
        for name in pages:
            rendered, kept = (
                p95s[name, seconds, largest] / p95s[name, seconds, smallest] for seconds in (0, 60)
            )
            print(f"{name:<9} {rendered:>9.2f} {kept:>11.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
