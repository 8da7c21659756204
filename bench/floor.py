"""The Python floor for bench/serving.py: a bare WSGI app that answers each benchmarked address
with the bytes our app served for it, read once at start. Run in the same gunicorn, with the
same workers, as the app: whatever the app does beyond this is what serving a page costs us.

BENCH_FLOOR_PAGES names a directory holding `pages.json` ({address: file name}) and the files.
With BENCH_FLOOR_REDIS set (a redis:// URL), each answer first reads one small key from that
Redis, through the client the app uses: the floor of any page cache that asks a shared cache
once per hit, which is what the page cache on Redis does.
"""

import json
import os
from pathlib import Path

_directory = Path(os.environ["BENCH_FLOOR_PAGES"])
PAGES = {
    address: (_directory / name).read_bytes()
    for address, name in json.loads((_directory / "pages.json").read_text()).items()
}
HEADERS = {
    address: [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    for address, body in PAGES.items()
}
KEY = "bench:floor"

if os.environ.get("BENCH_FLOOR_REDIS"):
    import redis

    _redis = redis.Redis.from_url(os.environ["BENCH_FLOOR_REDIS"])
    _redis.set(KEY, 1)
else:
    _redis = None


def application(environ, start_response):
    address = environ.get("PATH_INFO", "/")
    body = PAGES.get(address)
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    if _redis is not None:
        _redis.get(KEY)
    start_response("200 OK", HEADERS[address])
    return [body]
