"""Logging filters (named in settings.LOGGING)."""

import logging
import time


class OncePerInterval(logging.Filter):
    """Let one record of a kind through per interval, and say how many were left out since.

    For errors that, once they start, repeat on every request: with Redis down, django-redis
    logs each error it was told to ignore, several per page. One line a minute says the cache is
    down just as well, and leaves the log readable. A kind is the logger and the message
    template, so different errors are not hidden behind one another.

    The wall clock, not a monotonic one, so the tests can move it; a clock set back lets the next
    record through. Without a lock: two threads racing may both log, which costs a line at most.
    """

    def __init__(self, seconds: float = 60):
        super().__init__()
        self.seconds = seconds
        self._last: dict[tuple[str, object], float] = {}
        self._left_out: dict[tuple[str, object], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, record.msg)
        now = time.time()
        last = self._last.get(kind)
        if last is not None and last <= now < last + self.seconds:
            self._left_out[kind] = self._left_out.get(kind, 0) + 1
            return False
        self._last[kind] = now
        left_out = self._left_out.pop(kind, 0)
        if left_out and isinstance(record.msg, str):
            record.msg = f"{record.msg} (and {left_out} more like it since the last one logged)"
        return True
