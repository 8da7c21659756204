"""gunicorn for Stripe's webhook deliveries: `gunicorn -c deploy/gunicorn-webhooks.conf.py`.

The proxy in front (Varnish, nginx) routes POSTs to /support/webhooks/stripe/ to this gunicorn,
bound on its own address, so that a burst of deliveries (a run of renewals) never waits behind
slow pages. `make bench-webhooks` starts exactly this configuration.

A delivery costs the worker a signature check and one INSERT, then waits on PostgreSQL's commit
(a disk flush). Two things make that cheap:

- Kept-alive connections. Sync workers close every connection after one answer, and opening one
  (accept, the handshake, closing it) costs about as much CPU as the delivery's own work: 1.52
  ms of gunicorn CPU per delivery with four sync workers, 0.88 with this configuration, in
  the same minutes (bench-webhooks, 5,000 deliveries, load average 5 to 8 on 2 cores).
  The proxy keeps its connections to us open (Varnish does by default; nginx with `keepalive`
  in its upstream block, `proxy_http_version 1.1` and `proxy_set_header Connection ""`), and
  `keepalive` here is longer than the proxy's own idle timeout (60 s for both), so that it is
  the proxy that closes an idle connection, never gunicorn one the proxy is about to reuse.
- Threads. A thread waiting on the commit leaves the core to another delivery, and PostgreSQL
  flushes several waiting commits at once. Each thread keeps its own database connection
  (CONN_MAX_AGE), so workers x threads connections are held open: mind max_connections.

A 200 still means the event is committed: the same code answers, and synchronous_commit stays on.
"""

import multiprocessing

bind = "127.0.0.1:8001"
worker_class = "gthread"
workers = multiprocessing.cpu_count()
threads = 8
keepalive = 75
