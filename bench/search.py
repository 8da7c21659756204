"""Search benchmark: p50/p95 of /search/ requests over a seeded PostgreSQL archive.

    make bench-search                                      # 1,000 then 100,000 articles
    .venv/bin/python bench/search.py --sizes 1000,20000 --requests 20

Each size has a database of its own (BENCH_DATABASE_URL's name, default newsroom_bench, plus
"_search_<size>"), so that running it again measures each size again; it is filled with
`seed_demo --articles` (100,000 take a few minutes the first time; a later run reuses them)
and `make_renditions`, then times requests
made in-process through Django's test client: the whole path of a reader's search (middleware,
view, the search queries, snippets, template), no network. The same fixed queries at each size:
common and rare words, a phrase, an exclusion, "or", an author's name, a misspelling (the
"did you mean" path) and a word found nowhere. Bounded: --requests per query per size.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# The benchmark environment (its own database, production settings) is bench/pages.py's.
from pages import BENCH_DATABASE_URL, _ensure_database, measure, percentiles  # noqa: E402

# What readers type, from the words of the benchmark content (articles/demo_content.py).
QUERIES = {
    "common word": "council",
    "two words": "ferry timetable",
    "phrase": '"flood barrier"',
    "exclusion": "housing -council",
    "either word": "library or school",
    "author": "Rosa Lindqvist",
    "headline word": "allotment",
    "body words": "Tanners Bridge rowers",
    "misspelt": "alotment",
    "not found": "xylophone",
}
GOAL_P95_MS = 50


def _database_name(size):
    return f"{urlsplit(BENCH_DATABASE_URL).path.lstrip('/')}_search_{size}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per query")
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.split(","))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Article

    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files
    client = Client()
    overall = {}
    print(f"{'articles':>9} {'query':<36} {'queries':>7} {'found':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for size in sizes:
        name = _database_name(size)
        _ensure_database(name)
        connection.close()
        connection.settings_dict["NAME"] = name
        call_command("migrate", verbosity=0)
        missing = size - Article.objects.count()
        if missing > 0:
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet:
                call_command("seed_demo", articles=missing, stdout=quiet)
                call_command("make_renditions", stdout=quiet)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE articles_article")
            print(f"(seeded {missing:,} articles in {time.perf_counter() - started:.1f} s)")
        every = []
        for name, query in QUERIES.items():
            url = "/search/?" + urlencode({"q": query})
            count, response, timings, _ = measure(client, url, options.requests)
            found = response.content.decode().count('<li class="search-result">')
            every += timings
            p50, p95 = percentiles(timings)
            label = f"{name} ({query})"
            print(f"{size:>9,} {label:<36} {count:>7} {found:>5} {p50:>8.2f} {p95:>8.2f}")
        overall[size] = percentiles(every)
        p50, p95 = overall[size]
        print(f"{size:>9,} {'ALL SEARCHES':<36} {'':>7} {'':>5} {p50:>8.2f} {p95:>8.2f}")
    largest, smallest = max(sizes), min(sizes)
    if largest != smallest:
        p95_large, p95_small = overall[largest][1], overall[smallest][1]
        print(
            f"p95 at {largest:,}: {p95_large:.1f} ms (goal: at most {GOAL_P95_MS} ms, and at most "
            f"2x the {smallest:,}-article figure, {p95_small:.1f} ms: "
            f"{p95_large / p95_small:.2f}x)"
        )


if __name__ == "__main__":
    main()
