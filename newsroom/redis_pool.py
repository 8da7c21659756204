"""The cache's Redis connection pool: once Redis cannot be reached, stop trying for a moment.

django-redis turns a Redis error into a cache miss (IGNORE_EXCEPTIONS), but each miss still
waits for Redis first. A stopped Redis refuses at once; one that does not answer (a frozen
process, a host gone from the network) makes every cache call wait the full socket timeout, and a
page makes a dozen or more: ten seconds a page, measured, which is an outage of its own. So when
a connection cannot be made, this pool answers "not connected" at once for the next
PAUSE_SECONDS, then lets one request try again. Redis is used again at most PAUSE_SECONDS
after it returns.

django-redis takes a pool class as a documented option (CONNECTION_POOL_CLASS); only making
connections is watched, because that is where every failure ends up: redis-py drops a connection
whose command failed, and the next command has to make a new one.
"""

import time

from redis import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

PAUSE_SECONDS = 5.0


class PausingConnectionPool(ConnectionPool):
    # The wall clock, so tests can move it; a clock set back ends the pause.
    _paused_until = 0.0

    def get_connection(self, *args, **kwargs):
        now = time.time()
        if now < self._paused_until <= now + PAUSE_SECONDS:
            raise RedisConnectionError("Redis could not be reached a moment ago; not retrying yet.")
        try:
            return super().get_connection(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            self._paused_until = time.time() + PAUSE_SECONDS
            raise
