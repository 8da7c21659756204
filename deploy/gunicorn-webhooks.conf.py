"""gunicorn for Stripe's webhook deliveries: `gunicorn -c deploy/gunicorn-webhooks.conf.py`.

The proxy in front (Varnish, nginx) routes POSTs to /support/webhooks/stripe/ to this gunicorn,
bound on its own address, so that a burst of deliveries (a run of renewals) never waits behind
slow pages. `make bench-webhooks` starts exactly this configuration.

A delivery costs the worker a signature check and one INSERT, then waits on PostgreSQL's commit
(a disk flush). Two things make that cheap:

- Kept-alive connections. Sync workers close every connection after one answer, and opening one
  (accept, the handshake, closing it) cost more CPU than the delivery's own work: 1.62 ms of
  gunicorn CPU per delivery with sync workers, 1.18 with these, on the same machine and load.
  The proxy keeps its connections to us open (Varnish always does; nginx with `keepalive` in its
  upstream block and `proxy_http_version 1.1`), so `keepalive` here is longer than the proxy's
  own idle timeout (60 s for both): the proxy closes an idle connection first, never we one it is
  about to reuse.
- Threads. A thread waiting on the commit leaves the core to another delivery, and PostgreSQL
  flushes several waiting commits at once. Each thread keeps its own database connection
  (CONN_MAX_AGE), so workers x threads connections are held open: mind max_connections.

Every answer 200 still means the event is committed (synchronous_commit stays on): threads share
nothing but the process.
"""

import multiprocessing

bind = "127.0.0.1:8001"
worker_class = "gthread"
workers = multiprocessing.cpu_count()
threads = 8
keepalive = 75
