"""Webhook throughput: acknowledging signed Stripe events, then processing them with workers.

    make bench-webhooks
    .venv/bin/python bench/webhooks.py --payments 2000 --duplicates 0.2 --workers 2
    .venv/bin/python bench/webhooks.py --payments 4000 --acknowledge-only --sender python
    .venv/bin/python bench/webhooks.py --backend rq   # the queue in a redis-server of its own

Builds `--payments` distinct one-off payments (checkout.session.completed events), re-sends a
share of them (`--duplicates`, as Stripe's retries do), shuffles everything and signs each body
like Stripe. Then, in one run:

1. Acknowledging: posts every delivery over HTTP to gunicorn on 127.0.0.1, started with
   production's configuration for the webhook (deploy/gunicorn-webhooks.conf.py; `--gunicorn`
   sets its worker count), with no task worker running: one request at a time on each of
   `--connections` kept-alive connections (by default one per gunicorn thread), from wrk
   (WRK_SCRIPT) or, without it or with `--sender python`, from a selector loop in this process.
   Each answer means the event is stored, due for a worker (or found a duplicate).
   Each gunicorn worker is warmed up first (imports, its database connections) with events of
   a type we do not act on; the CPU each delivery cost gunicorn, PostgreSQL's backends and the
   sender is printed beside the rate. `--acknowledge-only` stops after this phase.
2. Processing: starts `--workers` `manage.py worker` processes and times them until every event
   is processed (workers claim them from the event table in batches) and the task queue is
   empty (the thank-you emails each batch queues included).

It prints both rates and their ratios to the goals (1,000 acknowledged and 300 processed a
second), and fails unless every delivery was answered 200, the queue held every distinct event
once, and exactly one Donation exists per payment. Uses its own database (BENCH_DATABASE_URL);
bounded in count and time (--timeout); stops by itself, and stops what it started.
"""

import argparse
import collections
import hashlib
import hmac
import json
import os
import random
import runpy
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import BENCH_DATABASE_URL, _ensure_database  # noqa: E402

ACKNOWLEDGE_GOAL = 1000  # deliveries answered per second
PROCESS_GOAL = 300  # events processed per second, with two workers

SECRET = "whsec_benchmark_secret"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-any-real-site-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STRIPE_SECRET_KEY": "sk_test_benchmark",
        "STRIPE_WEBHOOK_SECRET": SECRET,
        # Nothing here calls Stripe (one-off payments carry all they need); a call would fail.
        "STRIPE_API_BASE": "http://127.0.0.1:9",
        "LOG_LEVEL": "WARNING",
        # Thank-you emails go to a backend that discards them: this measures our pipeline, not
        # an SMTP server's latency (run production mail through a local relay that queues).
        "EMAIL_URL": "dummymail://",
    }
)


def _event(number: int, created: int) -> dict:
    session = {
        "id": f"cs_test_bench{number:08d}",
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": 500 + (number % 20) * 100,
        "currency": ("usd", "eur", "gbp")[number % 3],
        "customer": f"cus_bench{number % 997:05d}",
        "customer_details": {"email": f"reader{number % 997}@example.org", "name": "Bench Reader"},
        "payment_intent": f"pi_bench{number:08d}",
        "metadata": {"newsroom": "donation", "frequency": "once", "prompt": "bench"},
    }
    return {
        "id": f"evt_bench{number:08d}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created,
        "type": "checkout.session.completed",
        "data": {"object": session},
    }


def _warm_up_event(number: int, created: int) -> dict:
    return {
        "id": f"evt_benchwarmup{number:04d}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created,
        "type": "customer.tax_id.created",  # one we do not act on
        "data": {"object": {"id": f"txi_bench{number:04d}", "object": "tax_id"}},
    }


def _signed(event: dict) -> tuple[bytes, str]:
    body = json.dumps(event).encode()
    timestamp = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return body, f"t={timestamp},v1={digest.hexdigest()}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WEBHOOK_PATH = "/support/webhooks/stripe/"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn-webhooks.conf.py"


def _request(delivery: tuple[bytes, str], port: int) -> bytes:
    """One delivery as the bytes of an HTTP/1.1 POST, as Stripe sends it."""
    body, signature = delivery
    head = (
        f"POST {WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json; charset=utf-8\r\nStripe-Signature: {signature}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Sender:
    """One of the load generator's connections: sends one delivery, reads its whole answer, then
    the next (one request at a time per connection, as Stripe sends; no pipelining). A connection
    the server closes (gunicorn's sync workers close each one) is opened again for the next."""

    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.index = -1
        self.tries = 0
        self.out = b""
        self.received = bytearray()

    def open(self, selector: selectors.BaseSelector) -> None:
        self.sock = socket.socket()
        self.sock.setblocking(False)
        self.sock.connect_ex(("127.0.0.1", self.port))
        selector.register(self.sock, selectors.EVENT_WRITE, self)

    def close(self, selector: selectors.BaseSelector) -> None:
        selector.unregister(self.sock)
        self.sock.close()
        self.sock = None


def _answer(received: bytes) -> tuple[int, bytes, bool] | None:
    """The status, body and whether the server keeps the connection, once the answer is whole."""
    end = received.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = received[:end].decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", 0))
    if len(received) < end + 4 + length:
        return None
    version, status = lines[0].split(" ", 2)[:2]
    keep = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
    return int(status), bytes(received[end + 4 : end + 4 + length]), keep


def _send_all(
    port: int, requests: list[bytes], connections: int, timeout: float
) -> list[tuple[int, bytes]]:
    """Send every request exactly once over `connections` concurrent connections, in one thread
    (a selector loop: far less CPU per delivery than a thread each, so that the load generator
    takes little from the server on the same cores). Returns each request's status and body, in
    order. A request whose connection closed before its whole answer came is sent again on a new
    one (at most three times: storing an event is idempotent, as Stripe's retries rely on)."""
    answers: list[tuple[int, bytes] | None] = [None] * len(requests)
    selector = selectors.DefaultSelector()
    pending = iter(range(len(requests)))
    senders = [_Sender(port) for _ in range(min(connections, len(requests)))]
    busy = 0

    def start(sender: _Sender, index: int | None) -> None:
        nonlocal busy
        if index is None:
            index = next(pending, None)
            if index is None:
                return
            sender.tries = 0
        sender.index, sender.tries = index, sender.tries + 1
        if sender.tries > 3:
            raise SystemExit("gunicorn stopped answering")
        sender.out, sender.received = requests[index], bytearray()
        busy += 1
        if sender.sock is None:
            sender.open(selector)
        else:
            selector.modify(sender.sock, selectors.EVENT_WRITE, sender)

    for sender in senders:
        start(sender, None)
    deadline = time.monotonic() + timeout
    while busy:
        if time.monotonic() > deadline:
            raise SystemExit(f"FAILED: the deliveries were not all answered in {timeout:.0f} s")
        for key, _ in selector.select(1):
            sender = key.data
            if sender.out:
                try:
                    sent = sender.sock.send(sender.out)
                except OSError:
                    sent = 0
                if not sent:  # refused or reset before the request went: send it again
                    sender.close(selector)
                    busy -= 1
                    start(sender, sender.index)
                    continue
                sender.out = sender.out[sent:]
                if not sender.out:
                    selector.modify(sender.sock, selectors.EVENT_READ, sender)
                continue
            try:
                chunk = sender.sock.recv(65536)
            except OSError:
                chunk = b""
            sender.received += chunk
            answer = _answer(sender.received) if chunk else None
            if answer is None and chunk:
                continue  # more to come
            busy -= 1
            if answer is None:  # closed before the whole answer: send it again
                sender.close(selector)
                start(sender, sender.index)
                continue
            status, body, keep = answer
            answers[sender.index] = (status, body)
            if not keep:
                sender.close(selector)
            start(sender, None)
    for sender in senders:
        if sender.sock is not None:
            sender.close(selector)
    selector.close()
    return answers


# wrk's script for the deliveries (wrk runs it in LuaJIT): each of its threads reads its share
# of the requests, prepared and signed by this process, sends each exactly once (one at a time
# per connection), counts the answers by status and text, notes when it sent its first and got
# its last (CLOCK_MONOTONIC, which Python's time.monotonic reads too), writes that to a file and
# stops. wrk itself runs on for its -d bound: the bench interrupts it once every thread's file is
# there. A connection that fails loses its request: that thread then never finishes, and the
# bench fails at its timeout. wrk opens a connection again after each answer (sync workers close
# theirs), even with nothing left to send, and a sync worker that accepts such a connection
# waits on it: so with sync workers there are never more connections than workers, or the last
# deliveries could wait behind idle connections until gunicorn's worker timeout.
WRK_SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local count = 0
function setup(thread)
  thread:set("number", count)
  count = count + 1
end

function init(args)
  directory = args[1]
  local file = assert(io.open(directory .. "/requests-" .. number, "rb"))
  local data = file:read("*a")
  file:close()
  requests, position = {}, 1
  while position <= #data do
    local newline = data:find("\n", position, true)
    local length = tonumber(data:sub(position, newline - 1))
    requests[#requests + 1] = data:sub(newline + 1, newline + length)
    position = newline + 1 + length
  end
  taken, sent, answered, answers = 0, 0, 0, {}
end

-- Called before each request() of a connection: a request is taken here, as another
-- connection's delay() may come between this one and its request().
function delay()
  if taken >= #requests then
    return 3600000  -- this connection has nothing left to send
  end
  taken = taken + 1
  return 0
end

function request()
  if taken == 0 then
    return requests[1]  -- wrk checks the script once before any connection sends: not sent
  end
  sent = sent + 1
  if sent == 1 then
    first = now()
  end
  return requests[sent]
end

function response(status, headers, body)
  answered = answered + 1
  local key = status .. "\t" .. body:gsub("[\r\n\t]", " ")
  answers[key] = (answers[key] or 0) + 1
  if answered == #requests then
    local last = now()
    local file = assert(io.open(directory .. "/answers-" .. number .. ".part", "w"))
    file:write(string.format("%.6f\t%.6f\n", first, last))
    for key, total in pairs(answers) do
      file:write(total .. "\t" .. key .. "\n")
    end
    file:close()
    os.rename(directory .. "/answers-" .. number .. ".part", directory .. "/answers-" .. number)
    wrk.thread:stop()
  end
end
"""


def _send_with_wrk(
    port: int, requests: list[bytes], connections: int, timeout: float, directory: Path
) -> tuple[float, float, dict[tuple[int, str], int]]:
    """Send every request exactly once with wrk (C, one thread: a few hundredths of a
    millisecond of CPU a delivery, where Python takes a quarter). Returns the seconds from the
    first request sent to the last answer received, wrk's CPU seconds, and the answers counted
    by status and text."""
    directory.mkdir(exist_ok=True)
    with (directory / "requests-0").open("wb") as file:
        for request in requests:
            file.write(b"%d\n%s" % (len(request), request))
    script = directory / "deliveries.lua"
    script.write_text(WRK_SCRIPT)
    command = [
        "wrk",
        *("--threads", "1", "--connections", str(min(connections, len(requests)))),
        *("--duration", f"{int(timeout)}s", "--timeout", "30s", "--script", str(script)),
        f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        "--",
        str(directory),
    ]
    wrk = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
    answers_file = directory / "answers-0"
    deadline = time.monotonic() + timeout
    try:
        while not answers_file.exists():
            if wrk.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"FAILED: wrk did not have every delivery answered in {timeout:.0f} s"
                )
            time.sleep(0.01)
        cpu = _cpu_seconds(wrk.pid)
    finally:
        if wrk.poll() is None:
            wrk.send_signal(signal.SIGINT)  # wrk prints its summary and exits
        try:
            wrk.wait(timeout=10)
        except subprocess.TimeoutExpired:
            wrk.kill()
            wrk.wait()
    lines = answers_file.read_text().splitlines()
    first, last = (float(value) for value in lines[0].split("\t"))
    answers = {}
    for line in lines[1:]:
        total, status, text = line.split("\t", 2)
        answers[int(status), text] = int(total)
    if sum(answers.values()) != len(requests):
        raise SystemExit("FAILED: wrk counted a different number of answers than requests")
    return last - first, cpu, answers


def _wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process and whatever it started (each runs in a session of its own)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(command: list[str], environment: dict, log: Path | None = None) -> subprocess.Popen:
    output = log.open("ab") if log else None
    try:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
    finally:
        if output:
            output.close()


def _redis_server(directory: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = _start(
        [
            "redis-server",
            *("--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            *("--dir", directory),
        ],
        dict(os.environ),
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    _stop(server)
    raise SystemExit("redis-server did not start (apt-get install redis-server)")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process and its children have used so far (Linux's /proc):
    gunicorn's master and workers, a task worker. What the machine's other load does not add to,
    unlike elapsed time."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _database_backends() -> list[int]:
    """The process ids of PostgreSQL's backends serving the benchmark's database (other than
    this process's own) and of its WAL writer, when PostgreSQL runs on this machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() "
            "AND pid <> pg_backend_pid()) OR backend_type = 'walwriter'"
        )
        return [pid for (pid,) in cursor.fetchall()]


def _database_cpu_seconds(pids: list[int]) -> float:
    return sum(_cpu_seconds(pid) for pid in pids)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--duplicates", type=float, default=0.2, help="share of re-sent events")
    parser.add_argument(
        "--connections",
        type=int,
        default=0,
        help="concurrent deliveries (by default one per gunicorn worker; wrk at most that)",
    )
    parser.add_argument(
        "--sender",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="the load generator: wrk (apt-get install wrk) or this process (slower)",
    )
    parser.add_argument(
        "--gunicorn",
        type=int,
        default=0,
        help="gunicorn worker processes (by default the config's)",
    )
    parser.add_argument("--workers", type=int, default=2, help="task worker processes")
    parser.add_argument("--backend", choices=["database", "rq"], default="database")
    parser.add_argument(
        "--acknowledge-only", action="store_true", help="stop after the acknowledging phase"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds, at most, per phase")
    options = parser.parse_args()

    _ensure_database()
    scratch = tempfile.mkdtemp(prefix="newsroom-bench-webhooks-")
    redis = None
    if options.backend == "rq":
        redis, redis_url = _redis_server(scratch)
        os.environ.update({"TASKS_BACKEND": "rq", "TASKS_REDIS_URL": redis_url})
    import django

    django.setup()
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from donations.models import Donation, Donor, WebhookEvent

    call_command("migrate", verbosity=0)
    Donation.objects.filter(stripe_checkout_session_id__startswith="cs_test_bench").delete()
    WebhookEvent.objects.filter(stripe_event_id__startswith="evt_bench").delete()
    Donor.objects.filter(stripe_customer_id__startswith="cus_bench").delete()
    DBTaskResult.objects.all().delete()  # this database is the benchmark's own

    now = int(time.time())
    events = [_event(number, now) for number in range(options.payments)]
    rng = random.Random(7)
    resent = rng.choices(events, k=int(len(events) * options.duplicates / (1 - options.duplicates)))
    deliveries = [_signed(event) for event in events + resent]
    rng.shuffle(deliveries)
    environment = dict(os.environ)

    print(f"machine:            {_load()} before the run")
    port = _free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    # Production's configuration for the webhook's gunicorn, on a port of our own.
    config = runpy.run_path(str(GUNICORN_CONFIG))
    gunicorn_workers = options.gunicorn or config["workers"]
    threads = config.get("threads", 1) if config.get("worker_class") == "gthread" else 1
    server = _start(
        [
            gunicorn,
            "newsroom.wsgi",
            *("--config", str(GUNICORN_CONFIG), "--bind", f"127.0.0.1:{port}"),
            *("--log-level", "warning", "--workers", str(gunicorn_workers)),
        ],
        environment,
    )
    workers: list[subprocess.Popen] = []
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/robots.txt")  # needs no collected static
        connections = options.connections or gunicorn_workers * threads
        if options.sender == "wrk" and threads == 1:
            connections = min(connections, gunicorn_workers)  # see WRK_SCRIPT
        # Every gunicorn worker imports, and each of its threads connects to the database, on
        # its first deliveries: events of a type we do not act on (stored, nothing queued) take
        # that off the timed figures.
        warm_up = [
            _request(_signed(_warm_up_event(number, now)), port)
            for number in range(8 * gunicorn_workers * threads)
        ]
        if {status for status, _ in _send_all(port, warm_up, connections, 60)} != {200}:
            raise SystemExit("FAILED: gunicorn did not answer the warm-up deliveries 200")
        requests = [_request(delivery, port) for delivery in deliveries]
        backends = _database_backends()
        cpu, database_cpu = _cpu_seconds(server.pid), _database_cpu_seconds(backends)
        if options.sender == "wrk":
            acknowledging, senders_cpu, counted = _send_with_wrk(
                port, requests, connections, options.timeout, Path(scratch)
            )
        else:
            senders_cpu = time.process_time()
            started = time.perf_counter()
            answers = _send_all(port, requests, connections, options.timeout)
            acknowledging = time.perf_counter() - started
            senders_cpu = time.process_time() - senders_cpu
            counted = collections.Counter((status, body.decode()) for status, body in answers)
        acknowledging_cpu = _cpu_seconds(server.pid) - cpu
        # A gunicorn worker that had no warm-up delivery connects during the run: its backend's
        # CPU counts whole.
        started_since = [pid for pid in _database_backends() if pid not in backends]
        backends += started_since
        database_cpu = _database_cpu_seconds(backends) - database_cpu
        print(f"machine:            {_load()} after acknowledging")
        queued = WebhookEvent.objects.filter(
            stripe_event_id__startswith="evt_bench", processed_at__isnull=True
        ).count()
        statuses, kinds = collections.Counter(), collections.Counter()
        for (status, text), total in counted.items():
            statuses[status] += total
            kinds[text] += total
        acknowledged_rate = len(deliveries) / acknowledging
        print(f"events delivered:   {len(deliveries):,} ({len(resent):,} duplicates)")
        print(
            f"acknowledging:      {connections} connections ({options.sender}), "
            f"{gunicorn_workers} gunicorn workers of {threads} threads ({GUNICORN_CONFIG.name}), "
            f"no task worker: {acknowledging:.2f} s"
        )
        print(
            f"  acknowledged/s:   {acknowledged_rate:,.0f} "
            f"({acknowledged_rate / ACKNOWLEDGE_GOAL:.2f}x the goal of {ACKNOWLEDGE_GOAL:,})"
        )
        print(
            f"  CPU per delivery: {acknowledging_cpu / len(deliveries) * 1000:.2f} ms in gunicorn "
            "(PostgreSQL's and the senders' not counted): "
            f"{len(deliveries) / acknowledging_cpu:,.0f} a second per core they had to themselves"
        )
        print(
            f"  PostgreSQL's CPU: {database_cpu / len(deliveries) * 1000:.2f} ms per delivery "
            f"(the {len(backends)} backends serving gunicorn and the WAL writer)"
        )
        print(
            f"  senders' CPU:     {senders_cpu / len(deliveries) * 1000:.2f} ms per delivery "
            f"({options.sender}: what the load generator takes from the server)"
        )
        print(f"  HTTP statuses:    {dict(statuses)}")
        print(f"  answers:          {dict(kinds)}")
        print(f"  events queued:    {queued:,} (one per distinct payment)")
        acknowledged = set(statuses) == {200} and queued == options.payments
        if options.acknowledge_only:
            if not acknowledged:
                raise SystemExit("FAILED: every delivery must be answered 200, each event queued")
            return

        started = time.perf_counter()
        workers = [
            _start(
                [sys.executable, "manage.py", "worker"],
                environment,
                log=Path(scratch) / f"worker-{number}.log",
            )
            for number in range(options.workers)
        ]
        unprocessed = WebhookEvent.objects.filter(
            stripe_event_id__startswith="evt_bench", processed_at__isnull=True
        )
        deadline = time.monotonic() + options.timeout
        events_done = None
        while time.monotonic() < deadline:
            if events_done is None and not unprocessed.exists():
                events_done = time.perf_counter() - started
            if events_done is not None and _queue_empty(options.backend):
                break
            time.sleep(0.05)
        else:
            raise SystemExit(f"FAILED: the workers did not finish in {options.timeout:.0f} s")
        processing = time.perf_counter() - started
        processing_cpu = sum(_cpu_seconds(worker.pid) for worker in workers)
        print(f"machine:            {_load()} after processing")
        # What a worker's start (Django, system checks) costs, to leave out of the figure above.
        idle = _start(
            [sys.executable, "manage.py", "worker"], environment, log=Path(scratch) / "idle.log"
        )
        workers.append(idle)
        time.sleep(5)
        start_up_cpu = _cpu_seconds(idle.pid)
        processing_cpu -= options.workers * start_up_cpu
    finally:
        for process in [*workers, server]:
            _stop(process)
        if redis is not None:
            _stop(redis)

    created = Donation.objects.filter(
        stripe_checkout_session_id__startswith="cs_test_bench"
    ).count()
    processed_rate = options.payments / processing
    print(
        f"processing:         {options.workers} workers ({options.backend} queue): every event "
        f"processed in {events_done:.2f} s, the queue empty (thank-you emails sent) in "
        f"{processing:.2f} s"
    )
    print(
        f"  processed/s:      {processed_rate:,.0f} "
        f"({processed_rate / PROCESS_GOAL:.2f}x the goal of {PROCESS_GOAL:,}); "
        f"{options.payments / events_done:,.0f} counting events alone"
    )
    print(
        f"  CPU per event:    {processing_cpu / options.payments * 1000:.2f} ms in the workers, "
        f"its thank-you included (PostgreSQL's not counted; {start_up_cpu:.1f} s of each "
        f"worker's start-up left out): {options.payments / processing_cpu:,.0f} a second per "
        "core they had to themselves"
    )
    print("  email backend:    dummy (discards thank-you emails)")
    print(f"  workers' logs:    {scratch}")
    print(f"distinct payments:  {options.payments:,}")
    print(f"donations created:  {created:,}")
    if created != options.payments or not acknowledged:
        print("FAILED: donations must equal distinct payments, every event queued once")
        sys.exit(1)


def _queue_empty(backend: str) -> bool:
    if backend == "rq":
        import django_rq

        queue = django_rq.get_queue("default")
        return queue.count == 0 and queue.started_job_registry.count == 0
    from django_tasks_db.models import DBTaskResult

    try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
        from django.tasks import TaskResultStatus
    except ImportError:
        from django_tasks import TaskResultStatus
    pending = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    return not DBTaskResult.objects.filter(status__in=pending).exists()


if __name__ == "__main__":
    main()
