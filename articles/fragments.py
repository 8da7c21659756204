"""Fragments of reader pages that many pages share, kept in each process's memory: a story's
card (home, listings and "Read more" show the same one), a story's "Read more" list, the asks'
markup. Not whole pages: those are the page cache's (newsroom/page_cache.py), and this is what
makes a page cheaper to render when the page cache cannot answer (it is off, or the page has
just changed).

What a fragment shows depends on reader content (headlines, names, what is published), so
every fragment is kept under the content version: `reader_content_changed` (articles/signals.py)
bumps it once the change is committed, and every fragment kept under the old number is never
read again; nothing has to be found and deleted. The version is in Django's cache, shared by
every process when CACHE_URL points at Redis, and read once a request. With a per-process cache
(local memory, several app processes) a change made in one process reaches the others' fragments
within MAX_AGE (a minute), as it reaches their pages from the page cache; so does a change made
without the signal (a shell's QuerySet.update).

A fragment that depends on what is published now ("Read more") is also never kept past the
moment the next scheduled story goes live (`published=True`), so that it appears on time.
"""

import hashlib
import secrets
import sys
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model

VERSION_KEY = "articles:fragments:version"
# How long a fragment is kept at most: the bound on how late a change shows when no signal says
# so (a shell's QuerySet.update) or, with a cache that is not shared, in another process. The
# page cache keeps a page for a minute too (PAGE_CACHE_SECONDS).
MAX_AGE = 60
# Cards (1-2 kB each), lists, asks and whole pages' markup (a story's page holds its whole text;
# an address with a new query string makes one more). Bounded by count and by size: a crawler
# reading every story of the archive would otherwise hold tens of megabytes in each process.
# Past either, the oldest kept go first.
MAX_ENTRIES = 5_000
MAX_BYTES = 16 * 1024 * 1024
# What a value that is not markup (a "Read more" list of a few stories) is counted for.
OTHER_VALUE_BYTES = 4096

# (version, *key) -> (expires at, value, its size in bytes), oldest first
_kept: dict[tuple, tuple[float, object, int]] = {}
_kept_bytes = 0
# version -> the moment (a timestamp) the next scheduled story goes live, or None for none
_next_publication: dict[int, float | None] = {}
_request = threading.local()


def version() -> int:
    """The content version, read from the cache once a request (per thread)."""
    current = getattr(_request, "version", None)
    if current is None:
        current = cache.get(VERSION_KEY)
        if current is None:
            current = _version_start()
        _request.version = current
    return current


def remembered(key: tuple, make, *, published: bool = False):
    """The value of `make()` for `key` under the current version, made at most once per version
    and MAX_AGE in this process. `published`: it depends on which stories are published now."""
    now = time.time()
    full_key = (version(), *key)
    found = _kept.get(full_key)
    if found is not None and found[0] > now:
        return found[1]
    value = make()
    expires = now + MAX_AGE
    if published:
        moment = _next_publication_at(full_key[0], now=now)
        if moment is not None:
            expires = min(expires, moment)
    _keep(full_key, expires, value)
    return value


def _keep(key: tuple, expires: float, value) -> None:
    """Keep `value` under `key`, making room within MAX_ENTRIES and MAX_BYTES (the oldest kept
    go first); a value larger than MAX_BYTES alone is not kept."""
    global _kept_bytes
    size = sys.getsizeof(value) if isinstance(value, str) else OTHER_VALUE_BYTES
    _forget(key)
    if size > MAX_BYTES:
        return
    while _kept and (len(_kept) >= MAX_ENTRIES or _kept_bytes + size > MAX_BYTES):
        _forget(next(iter(_kept)))
    _kept[key] = (expires, value, size)
    _kept_bytes += size


def _forget(key: tuple) -> None:
    global _kept_bytes
    found = _kept.pop(key, None)
    if found is not None:
        _kept_bytes -= found[2]


def kept_bytes() -> int:
    """How many bytes of values this process keeps (at most MAX_BYTES)."""
    return _kept_bytes


def fingerprint(*values) -> str:
    """A short digest of `values` (a model instance: of its fields' values as read), for keys of
    markup that must change whenever what it was made from does, told or not (a shell's
    QuerySet.update): reading a row costs a page little next to writing its markup."""
    parts = [_fields(value) if isinstance(value, Model) else value for value in values]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _fields(instance: Model) -> list:
    return [(name, value) for name, value in vars(instance).items() if not name.startswith("_")]


def content_changed() -> None:
    """Every fragment is out of date once the current transaction commits (not before: one
    made from the old rows meanwhile would be kept under the new version)."""
    transaction.on_commit(_version_bump)


def reader_content_changed(sender, **kwargs) -> None:
    """Receives articles.signals.reader_content_changed."""
    content_changed()


def _version_bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet, or evicted: any new number will do
        _version_start()
    _request.version = None
    _next_publication.clear()


def _version_start() -> int:
    # Random rather than 1: if the key is evicted, or Redis restarts empty, it must not start
    # again at a number that fragments are still kept under.
    cache.add(VERSION_KEY, secrets.randbits(62), timeout=None)
    return cache.get(VERSION_KEY)


def _next_publication_at(current: int, *, now: float) -> float | None:
    """When the next scheduled story goes live (one query per version, and once it has)."""
    if current in _next_publication:
        moment = _next_publication[current]
        if moment is None or moment > now:
            return moment
    from articles.models import Article

    published_at = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    moment = published_at.timestamp() if published_at else None
    _next_publication.clear()
    _next_publication[current] = moment
    return moment


def request_started(sender, **kwargs) -> None:
    """Receives Django's request_started: the version is read again for each request."""
    _request.version = None
