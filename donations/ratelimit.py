"""A fixed-window rate limit in the shared cache, so every app server counts together."""

import time

from django.conf import settings
from django.core.cache import cache


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
    bucket = int(time.time() // window)
    cache_key = f"ratelimit:{scope}:{key}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 60)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(cache_key, 1, timeout=window + 60)
        attempts = 1
    return attempts > limit
