"""A fixed-window rate limit in the shared cache, so every app server counts together.

When the shared cache cannot count (Redis down: django-redis answers an ignored error with None),
the attempt is counted in this process's own memory instead (the "local" cache), so a limit
still limits: card testers do not get a free run because Redis fell over. Each process then
counts on its own, so while Redis is down one address may make up to (number of app processes)
x limit attempts per window; and the counts start from zero when Redis returns. Refusing every
checkout instead would stop honest gifts, and letting everything through would invite abuse.
"""

import time

from django.conf import settings
from django.core.cache import caches


def client_ip(request) -> str:
    """The reader's address: the socket's, or the one our own proxies vouch for.

    Only the last TRUSTED_PROXY_COUNT hops of X-Forwarded-For were written by proxies we run;
    anything before them is whatever the client sent, so it is never trusted.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= hops:
            return addresses[-hops]
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt; True once `key` has made more than `limit` in this window."""
    cache_key = _cache_key(scope=scope, key=key, window=window)
    attempts = _count(caches["default"], cache_key, timeout=window + 60)
    if attempts is None:
        attempts = _count(caches["local"], cache_key, timeout=window + 60)
    return attempts > limit


def rate_limit_forgive(*, scope: str, key: str, window: int) -> None:
    """Take back the attempt just counted, for one that came to nothing through no doing of
    the reader's (Stripe failed us). Counting first and forgiving after, rather than counting
    once it succeeded, keeps the limit a limit for attempts made at the same moment."""
    cache_key = _cache_key(scope=scope, key=key, window=window)
    for alias in ("default", "local"):
        try:
            if caches[alias].decr(cache_key) is not None:
                return
        except ValueError:  # not counted here (expired, or the other cache counted it)
            continue


def _cache_key(*, scope: str, key: str, window: int) -> str:
    bucket = int(time.time() // window)
    return f"ratelimit:{scope}:{key}:{bucket}"


def _count(counter, cache_key: str, *, timeout: int) -> int | None:
    """Attempts so far, this one included; None if this cache could not count."""
    counter.add(cache_key, 0, timeout=timeout)
    try:
        return counter.incr(cache_key)
    except ValueError:  # evicted between add and incr: count this one as the first
        counter.set(cache_key, 1, timeout=timeout)
        return 1
