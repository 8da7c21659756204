"""Reader pages from the cache: a front-page rush is served without touching the database, and
for little more than the Python server's own cost of answering.

A view the app marks `@reader_page` (articles/pages.py) makes pages that are the same for every
reader who may see the same asks, so PageCacheMiddleware keeps the answer the site sent, body
and headers, and sends it again to the next such reader. It is the outermost layer
(settings.MIDDLEWARE): a page from the cache is answered before any other layer runs, so a hit
costs what Django's handler costs plus one cache round trip; what it sends is byte for byte what
every layer together answered the first time (the policies, Cache-Control, the ETag, the tags
the edge cache purges by), because that is what it stored. It answers a browser's If-None-Match
itself (304), for pages it stores and pages it sends alike. Under gunicorn (newsroom/wsgi.py)
PageCacheWSGIHandler answers the same hits one step further out, in front of Django's handler,
which would otherwise cost a fifth of a hit: for GET and HEAD of a reader without a session,
with the same key (the support cookie verified and read by donations.support, the asks decided
by the same `page_variant`) and the same bytes; anything it is not sure of (a miss, a session,
another query string, an error, Redis down or slow) goes on to Django. The middleware still
stores every page, and answers hits wherever the WSGI entry is not used (the test client, ASGI).

What makes two requests get the same page, and so the key:
- the address, its scheme and host (a host the site refuses, or an address it redirects, never
  got a page to store);
- the asks the reader may see: `donations.prompts.page_variant`, decided from the support
  cookie alone, without the database: which placements may show an ask (all of them, no banner,
  none). Which ask fills a placement is the same for every reader at a moment, so it is in the
  stored page, which is never kept past the moment an ask starts or ends (see Lifetime);
- whether the reader has the support cookie (their pages are `private`: other headers);
- the version: publishing or editing anything a reader page shows bumps it. The apps send
  `reader_content_changed` (articles/signals.py), `reader_pages_changed` receives it (connected
  in newsroom/apps.py), and every page stored under the old number is orphaned at once;
  nothing has to be found and deleted. Asks edited in the admin bump it too.

One round trip a hit: each process remembers the version it last saw, and asks the cache for
the version and the page stored under that version together (one MGET on Redis). When the
version has moved on, the page is asked for again under the new one (once per change per
process). The page is stored as bytes of our own, a line with its expiry, its header lines,
a blank line, the body: on Redis nothing is unpickled (django-redis keeps the version, an
integer, as it is). On Redis the page cache sends its commands itself, on a connection it keeps
from the cache's pool (see _RedisPages): django-redis and redis-py's client around a command
cost as much CPU as the rest of a hit. Each
process also keeps a copy of the pages it served lately (a couple of hundred), with the version
and expiry they were stored with; for those it asks for the version alone, so in a rush a
page's bytes cross the network once per process rather than once per reader. A copy is used
only once the version is checked: it is never more out of date than the shared page.

On Redis, a hit on a held copy asks nothing at all: the version is pushed. Every new version
is published on VERSION_CHANNEL by the same script that writes it, and each process keeps a
listener thread subscribed to it (_PushedVersion), which PINGs Redis twice a second. A copy
stored under the pushed version is served without a round trip while the listener has heard
from Redis within PUSH_LIVE_SECONDS; otherwise the hit asks, as above. So a change reaches
every process within the milliseconds a message takes (the bump's own process at once), and a
listener cut off without notice stops being trusted within PUSH_LIVE_SECONDS.

Not cached: signed-in readers (their asks come from the database, staff see previews), a reader
with a one-time notice to show, any query string but `?page=`, methods but GET and HEAD, and any
answer but a 200 without cookies, without `Vary: Cookie`, not `no-store`, without a CSRF token
or a CSP nonce in it, that did not change the reader's support state. The HTML holds nothing per
reader.

Lifetime: PAGE_CACHE_SECONDS at most, and never past the moment the next scheduled article goes
live, the next ask starts or ends, or an editor's pause of the asks ends, so each happens on
time. (An ask changed other than through
the admin, from a shell, shows once the pages expire, like any other such change.) With several
app processes, point CACHE_URL at Redis so that a bump reaches all of them; with a per-process
cache, another process may show a page up to PAGE_CACHE_SECONDS old. With Redis unreachable
or slow (CACHE_SOCKET_TIMEOUT), every lookup is a miss and pages are rendered, as django-redis's
IGNORE_EXCEPTIONS makes every other cache call a miss; it is logged once a minute.
"""

import functools
import hashlib
import logging
import math
import os
import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django_redis.cache import RedisCache
from django_redis.client import DefaultClient
from redis.exceptions import RedisError

from articles import pages
from articles.models import Article
from donations import prompts, support
from newsroom import edge_cache

logger = logging.getLogger(__name__)
# Redis unreachable: one line a minute (settings.LOGGING), not one per request.
outage_logger = logging.getLogger(f"{__name__}.outage")

VERSION_KEY = "pages:version"
# On Redis, every new version is also published here (see _PushedVersion).
VERSION_CHANNEL = "pages:version"
# How long a pushed version is trusted after the listener last heard from Redis, how often it
# asks (a PING), and how long it waits before connecting again after an error.
PUSH_LIVE_SECONDS = 1.5
PUSH_PING_SECONDS = 0.5
PUSH_RETRY_SECONDS = 1.0
CACHEABLE_PARAMS = {"page"}
NOTHING_SCHEDULED = -1.0
# A browser's conditions, answered here (for GET, as ConditionalGetMiddleware would) so that
# the layers inside always make the full page, which is then stored.
CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
NOT_IN_A_304 = {"content-type", "content-length"}
# Pages each process keeps a copy of (see _HeldPages): a rush is on a few pages, and at about
# 25 kB a page this is a few megabytes per process.
HELD_PAGES = 200

# The version this process last saw; a hit asks for the page stored under it.
_seen_version: int | None = None


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
    store = _store()
    if isinstance(store, _RedisPages):
        try:
            version = store.bump()
            if version is None:  # not there yet (or evicted): any new number will do
                _version_start()
        except RedisError as error:  # as django-redis's IGNORE_EXCEPTIONS does for cache.incr
            outage_logger.warning("The page cache could not reach Redis: %s", error)
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new number will do
        _version_start()


def _version_start() -> int:
    # Random, not 1 (nor the time, which tests freeze): if the version is evicted, or Redis
    # restarts empty, it must not restart at a number that pages are still stored under, in
    # the cache or in a process's copies.
    version = secrets.randbits(62)
    store = _store()
    if isinstance(store, _RedisPages):
        return store.start(version)
    cache.add(VERSION_KEY, version, timeout=None)
    return cache.get(VERSION_KEY, version)


class PageCacheMiddleware:
    """Answers reader pages from the cache, and keeps the ones it had to let through (see the
    module's doc). The outermost layer: what it stores has passed every other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key_parts = _key_parts(request)
        if key_parts is None:
            return self.get_response(request)
        try:
            version, page = _lookup(key_parts)
        except RedisError as error:  # as django-redis's IGNORE_EXCEPTIONS: rendered, not kept
            outage_logger.warning("The page cache could not reach Redis: %s", error)
            return self.get_response(request)
        if page is not None:
            return _conditional(request, page.response())
        render_started = time.time()
        expires = render_started + settings.PAGE_CACHE_SECONDS
        moment = _next_change(version, now=render_started)  # before rendering: see _next_change
        if moment != NOTHING_SCHEDULED:
            expires = min(expires, moment)
        conditions = {name: request.META.pop(name) for name in CONDITIONS if name in request.META}
        try:
            response = self.get_response(request)
        finally:
            request.META.update(conditions)
        if _storable(request, response):
            timeout = max(1, math.ceil(expires - time.time()))
            record = _record(response, expires)
            try:
                _store().put(_key(key_parts, version), record, timeout=timeout)
            except RedisError as error:
                outage_logger.warning("The page cache could not reach Redis: %s", error)
            else:
                _held.put(key_parts, _page(record, version=version))
        return _conditional(request, response)


class PageCacheWSGIHandler:
    """The same hits, answered in front of Django's handler (newsroom/wsgi.py wraps it).

    Under gunicorn, Django's handler around a hit (its signals, the middleware chain) costs
    about a fifth of the CPU the hit takes: here a hit costs Django's request object, the lookup
    and the reply. Everything else goes to Django, where PageCacheMiddleware answers and stores
    as ever; so does a request this cannot answer because of an error, which is logged."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            answer = _answer(WSGIRequest(environ))
        except RedisError:
            # Redis down or slow: Django renders the page, and its cache calls say so in the
            # log, once a minute (settings.LOGGING), rather than once per request here.
            answer = None
        except Exception:
            address = environ.get("PATH_INFO", "")
            logger.exception("The page cache failed on %s; Django answers it.", address)
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]


def _answer(request) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """The status line, headers and body of the kept page for `request`, if any."""
    key_parts = _key_parts(request)
    if key_parts is None:
        return None
    _, page = _lookup(key_parts)
    if page is None:
        return None
    if not any(name in request.META for name in CONDITIONS):  # most requests: as stored
        return "200 OK", page.headers, page.body
    response = _conditional(request, page.response())
    return f"{response.status_code} {response.reason_phrase}", [*response.items()], response.content


def _key_parts(request) -> str | None:
    """What, besides the version, makes a reader's page: None when their page is not one to
    share (see the module's doc)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    # Any other parameter (campaign tags, tokens) would end up in the page's links, and would
    # let anybody fill the cache with copies of one page.
    if request.META.get("QUERY_STRING") and not (
        set(request.GET) <= CACHEABLE_PARAMS
        and all(len(values) == 1 for _, values in request.GET.lists())
    ):
        return None
    # The URLconf Django's handler would use: this runs before any layer could set another.
    if not _reader_view(settings.ROOT_URLCONF, request.path_info):
        return None
    personal = support.COOKIE_NAME in cookies
    state = support.state_read(cookie_value=cookies.get(support.COOKIE_NAME), user=None)
    variant = prompts.page_variant(state, now=timezone.now())
    if variant is None:
        return None
    # The Host header as sent: a host the site refuses never had a page stored under it.
    host = request.META.get("HTTP_HOST", "")
    address = f"{request.scheme}://{host}{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(address.encode(errors="backslashreplace")).hexdigest()[:32]
    return f"{variant}:{'private' if personal else 'shared'}:{digest}"


@functools.lru_cache(maxsize=4096)
def _reader_view(urlconf: str | None, path: str) -> bool:
    """Whether `path` is answered by a view marked @reader_page. Remembered per process (URLs
    do not change while it runs), so that a hit does not resolve the address again."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "reader_page", False)


def _key(key_parts: str, version: int) -> str:
    return f"pages:{version}:{key_parts}"


def _lookup(key_parts: str) -> tuple[int, "_Page | None"]:
    """The current version, and the page stored under it, if any: in one round trip when the
    version has not moved since this process last looked. Raises RedisError when Redis cannot
    answer (the callers treat it as a miss)."""
    global _seen_version
    seen, now = _seen_version, time.time()
    store = _store()
    pushed = store.pushed_version()
    if pushed is not None:  # the version Redis pushed, heard from lately: nothing to ask
        held = _held.get(key_parts, version=pushed, now=now)
        if held is not None:
            return pushed, held
    held = _held.get(key_parts, version=seen, now=now)
    record = None
    if held is not None or seen is None:  # a copy here, or no version to ask a page under
        version = store.version()
    else:
        version, record = store.version_and_page(_key(key_parts, seen))
    if version is None:
        version = _version_start()
    if version != seen:
        _seen_version = version
        held = None
        record = store.page(_key(key_parts, version))
    if held is not None:
        return version, held
    page = _page(record, version=version) if record is not None else None
    if page is None or page.expires <= now:
        return version, None
    _held.put(key_parts, page)
    return version, page


def _storable(request, response) -> bool:
    reader = getattr(request, "support", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and "no-store" not in response.get("Cache-Control", "")  # previews, and views that decided
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a token is in the HTML
        and not getattr(request, "csp_nonce", None)  # so is a nonce, for this response's header
        and reader is not None
        and not reader.changed
    )


# Where pages are kept: the default cache. On Redis (django-redis), the page cache speaks to it
# directly, on a connection from the cache's own pool (newsroom/redis_pool.py, with its pause
# after a failure and its timeouts): django-redis and redis-py's client around one command cost
# some 40 µs of CPU, as much as the command's own network round trip, and a hit is little more
# than that. Any other cache (local memory in development and the tests) through Django's API.


def _store() -> "_CachePages | _RedisPages":
    """The pages' store for the default cache as configured now (the tests change it)."""
    global _current_store
    backend = caches["default"]
    store = _current_store
    if store is None or store.backend is not backend:
        on_redis = isinstance(backend, RedisCache) and type(backend.client) is DefaultClient
        store = _current_store = _RedisPages(backend) if on_redis else _CachePages(backend)
    return store


class _CachePages:
    """Pages in any Django cache."""

    def __init__(self, backend):
        self.backend = backend

    def version(self) -> int | None:
        return self.backend.get(VERSION_KEY)

    def pushed_version(self) -> None:
        return None  # nothing is pushed: every hit asks

    def version_and_page(self, key: str) -> tuple[int | None, bytes | None]:
        found = self.backend.get_many([VERSION_KEY, key])
        return found.get(VERSION_KEY), found.get(key)

    def page(self, key: str) -> bytes | None:
        return self.backend.get(key)

    def put(self, key: str, record: bytes, *, timeout: int) -> None:
        self.backend.set(key, record, timeout=timeout)


class _RedisPages:
    """Pages in the Redis of a django-redis cache, as raw bytes (nothing to unpickle), under
    the keys django-redis would give them. The version is the integer django-redis keeps as it
    is (cache.incr and cache.add write it). Errors are raised (redis.exceptions.RedisError):
    django-redis's IGNORE_EXCEPTIONS is not in the way, and the callers decide."""

    def __init__(self, backend):
        self.backend = backend
        self.pool = backend.client.get_client(write=True).connection_pool
        self.version_key = backend.make_key(VERSION_KEY)
        # Channels are not per database: the database's number keeps two sites apart.
        database = self.pool.connection_kwargs.get("db", 0)
        self.channel = f"{database}:{backend.make_key(VERSION_CHANNEL)}"
        self._packed: dict[tuple, list[bytes]] = {}  # commands sent again and again, as sent
        self._push: _PushedVersion | None = None
        self._push_lock = threading.Lock()

    def version(self) -> int | None:
        version = self._ask("GET", self.version_key, again=True)
        return None if version is None else int(version)

    def bump(self) -> int | None:
        """The version moved on and published, in one script (so a new version is never left
        unpublished), and heard here at once; None when there is no version to move on."""
        version = self._ask("EVAL", _BUMP, 1, self.version_key, self.channel)
        if version is not None:
            self._pushed(int(version))
        return None if version is None else int(version)

    def start(self, version: int) -> int:
        """The version, `version` if there was none (then published, as a bump is)."""
        version = int(self._ask("EVAL", _START, 1, self.version_key, self.channel, version))
        self._pushed(version)
        return version

    def pushed_version(self) -> int | None:
        """The version Redis last pushed to this process, while the listener has heard from Redis
        lately; None otherwise (then the caller asks). Starts the listener on a process's first
        lookup: after the fork, under gunicorn."""
        push = self._push
        if push is None or push.pid != os.getpid():
            with self._push_lock:
                push = self._push
                if push is None or push.pid != os.getpid():
                    push = self._push = _PushedVersion(self)
                    push.start()
        if time.monotonic() < push.live_until:
            return push.version
        return None

    def _pushed(self, version: int) -> None:
        # The bump's own process knows the new version at once, before its next request,
        # rather than once its own message comes back.
        push = self._push
        if push is not None and push.pid == os.getpid():
            push.version = version

    def version_and_page(self, key: str) -> tuple[int | None, bytes | None]:
        version, record = self._ask("MGET", self.version_key, self.backend.make_key(key))
        return (None if version is None else int(version)), record

    def page(self, key: str) -> bytes | None:
        return self._ask("GET", self.backend.make_key(key))

    def put(self, key: str, record: bytes, *, timeout: int) -> None:
        self._ask("SET", self.backend.make_key(key), record, "EX", timeout)

    def _ask(self, *command, again: bool = False):
        """One command, one round trip, on the connection this process keeps for the page cache
        (taken from the pool once, not for every hit: taking and giving back costs 20 µs). A
        connection that failed is closed and given back; the next command takes a new one from
        the pool, which refuses at once while Redis is paused (newsroom/redis_pool.py)."""
        with _lane_lock:
            held = _lane.pop() if _lane else None
        pid = os.getpid()
        if held is not None and (held[0] != pid or held[1] is not self.pool):
            if held[0] == pid:  # another pool's (the settings changed): back to it
                held[1].release(held[2])
            held = None
        connection = held[2] if held is not None else self.pool.get_connection()
        try:
            packed = self._packed.get(command) if again else None
            if packed is None:
                packed = connection.pack_command(*command)
                if again:
                    self._packed[command] = packed
            connection.send_packed_command(packed, check_health=False)
            answer = connection.read_response()
        except BaseException:
            connection.disconnect()
            self.pool.release(connection)
            raise
        with _lane_lock:
            if not _lane:
                _lane.append((pid, self.pool, connection))
                return answer
        self.pool.release(connection)  # another thread kept one meanwhile
        return answer


# The version moved on and published together, only if there is one (cache.incr's rule); and
# the version started when there is none. django-redis keeps an integer as its digits.
_BUMP = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local version = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], version)
return version
"""
_START = """
if redis.call('SET', KEYS[1], ARGV[2], 'NX') then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return redis.call('GET', KEYS[1])
"""


class _PushedVersion:
    """The version as Redis pushes it to this process: one daemon thread, on a connection of its
    own, subscribed to the version's channel. Once subscribed it reads the version (so no
    message can be missed between the two), then takes each message's number as it is (not the
    highest: a Redis that restarted empty starts again at a random one). It sends a PING every
    PUSH_PING_SECONDS, and the version is trusted for PUSH_LIVE_SECONDS after the last answer or
    message. On any error it is not trusted at once, and the thread connects again a moment
    later; it ends once its store is no longer the page cache's (the settings changed)."""

    def __init__(self, store: "_RedisPages"):
        self.store = store
        self.pid = os.getpid()
        self.version: int | None = None
        self.live_until = 0.0

    def start(self) -> None:
        thread = threading.Thread(target=self._run, name="page-cache-push", daemon=True)
        thread.start()

    def _current(self) -> bool:
        return _current_store is self.store and self.store._push is self

    def _run(self) -> None:
        while self._current():
            try:
                self._listen()
            except Exception as error:  # the thread must not die, whatever it is
                self.live_until = 0.0
                logger.debug("The page cache's version listener lost Redis: %r", error)
            self.live_until = 0.0
            time.sleep(PUSH_RETRY_SECONDS)

    def _connection(self):
        pool = self.store.pool
        # RESP2: a subscribed connection's messages are then plain replies, read as they come.
        # (redis-py's maintenance notifications need RESP3: not asked for on this connection.)
        options = {
            name: value for name, value in pool.connection_kwargs.items() if "maint" not in name
        }
        options.update(health_check_interval=0, protocol=2)
        options["socket_timeout"] = PUSH_LIVE_SECONDS
        return pool.connection_class(**options)

    def _listen(self) -> None:
        channel = self.store.channel.encode()
        listening, asking = self._connection(), self._connection()
        try:
            listening.send_command("SUBSCRIBE", channel, check_health=False)
            listening.read_response()
            asking.send_command("GET", self.store.version_key, check_health=False)
            version = asking.read_response()
            asking.disconnect()
            self.version = None if version is None else int(version)
            self.live_until = time.monotonic() + PUSH_LIVE_SECONDS
            pinged = time.monotonic()
            while self._current():
                if time.monotonic() - pinged >= PUSH_PING_SECONDS:
                    listening.send_command("PING", check_health=False)
                    pinged = time.monotonic()
                if not listening.can_read(timeout=PUSH_PING_SECONDS):
                    continue
                message = listening.read_response()
                kind = message[0]
                if kind == b"message" and message[1] == channel:
                    self.version = int(message[2])
                elif kind != b"pong":
                    continue
                self.live_until = time.monotonic() + PUSH_LIVE_SECONDS
        finally:
            self.live_until = 0.0
            listening.disconnect()
            asking.disconnect()


_current_store: _CachePages | _RedisPages | None = None
# The connection this process keeps for the page cache: (process id, pool, connection), or none.
# Not per thread: a server that starts a thread per request (runserver) would leave one behind
# for each. A thread that finds it taken takes one from the pool for that command.
_lane: list = []
_lane_lock = threading.Lock()


# The stored page: a line with the moment it expires, its headers as sent, a blank line, the
# body. Header names and values never hold a line break (Django refuses them) and are Latin-1.


def _record(response, expires: float) -> bytes:
    head = "\n".join([repr(expires), *(f"{name}: {value}" for name, value in response.items())])
    return head.encode("latin-1") + b"\n\n" + response.content


@dataclass(frozen=True)
class _Page:
    version: int
    expires: float
    headers: list[tuple[str, str]]
    body: bytes

    def response(self) -> HttpResponse:
        return HttpResponse(self.body, headers=dict(self.headers))


def _page(record: bytes, *, version: int) -> _Page:
    head, _, body = record.partition(b"\n\n")
    lines = head.decode("latin-1").split("\n")
    headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
    return _Page(version=version, expires=float(lines[0]), headers=headers, body=body)


class _HeldPages:
    """This process's copies of the pages it served lately, each with the version it was stored
    under: a hit on one of them asks the cache for the version alone, and a page's bytes cross
    the network once per process, not once per reader. A copy is no more right than the
    shared one (same version, same expiry), and is used only once the version is checked."""

    def __init__(self, size: int):
        self.size = size
        self._pages: dict[str, _Page] = {}
        self._lock = threading.Lock()

    def get(self, key_parts: str, *, version: int | None, now: float) -> _Page | None:
        page = self._pages.get(key_parts)
        if page is None or page.version != version or page.expires <= now:
            return None
        return page

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()

    def put(self, key_parts: str, page: _Page) -> None:
        with self._lock:
            self._pages.pop(key_parts, None)
            while len(self._pages) >= self.size:  # the oldest copy goes
                del self._pages[next(iter(self._pages))]
            self._pages[key_parts] = page


_held = _HeldPages(HELD_PAGES)


def _conditional(request, response):
    """A 304 (or 412) for a browser that holds the page, as ConditionalGetMiddleware answers a
    GET, carrying the page's headers but the body's."""
    if request.method != "GET" or not any(name in request.META for name in CONDITIONS):
        return response
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if not etag and not last_modified:
        return response
    answer = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    if answer is not response and answer.status_code == 304:
        for name, value in response.items():
            if name.lower() not in NOT_IN_A_304:
                answer.headers.setdefault(name, value)
    return answer


def _next_change(version: int, *, now: float) -> float:
    """The moment a page made now stops being right by itself: the next scheduled article goes
    live, or an ask starts or ends. Read before rendering, so that a page made just before the
    moment is not kept past it.

    Kept per version: scheduling, publishing or editing an article or an ask bumps it."""
    key = f"pages:{version}:next-change"
    moment = cache.get(key)
    if moment is None or NOTHING_SCHEDULED < moment <= now:
        moment = _next_change_read()
        cache.set(key, moment, timeout=settings.PAGE_CACHE_SECONDS * 10)
    return moment


def _next_change_read() -> float:
    article = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    ask = prompts.next_change(now=timezone.now())
    moments = [moment.timestamp() for moment in (article, ask) if moment is not None]
    return min(moments, default=NOTHING_SCHEDULED)
