"""The `make run` path on a fresh machine: SQLite, migrate, seed, serve, read."""

import hashlib
import hmac
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import ROOT, free_port, http_get, sqlite_environment


@pytest.fixture
def sqlite_site(tmp_path):
    environment = sqlite_environment(tmp_path, DEBUG="true", SECRET_KEY="")

    def manage(*args, timeout=300):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage.environment = environment
    return manage


def test_make_run_migrates_seeds_idempotently_and_serves_home_and_an_article(sqlite_site):
    sqlite_site("migrate", "--noinput")
    first = sqlite_site("seed_demo")
    second = sqlite_site("seed_demo")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=sqlite_site.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, _, home = http_get(f"http://127.0.0.1:{port}/")
        home = home.decode()
        article_path = re.search(r'href="(/\d{4}/\d{2}/\d{2}/[-\w]+/)"', home).group(1)
        article_status, _, article = http_get(f"http://127.0.0.1:{port}{article_path}")
        article = article.decode()
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert "new articles" in first and " 0 new articles" not in first
    assert " 0 new articles" in second
    assert "username 'editor'" in first
    assert status == 200 and "The Riverside Ledger" in home
    assert article_status == 200
    assert '<h1 class="article__headline">' in article
    assert "<figcaption>" in article


def _processes_of(environment: dict[str, str]) -> list[dict]:
    """The processes running with this environment's database, each as its command line and
    environment (Linux's /proc)."""
    marker = f"DATABASE_URL={environment['DATABASE_URL']}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (NotADirectoryError, FileNotFoundError, PermissionError, ProcessLookupError):
            continue
        if marker in environ:
            found.append({"command": b" ".join(command).decode(), "environ": environ})
    return found


def _signed_payment(secret: str) -> tuple[bytes, str]:
    session = {
        "id": "cs_test_make_run",
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "payment_status": "paid",
        "amount_total": 1500,
        "currency": "usd",
        "customer": "cus_make_run",
        "customer_details": {"email": "reader@example.org", "name": "Reader"},
        "payment_intent": "pi_make_run",
        "metadata": {"newsroom": "donation", "frequency": "once"},
    }
    event = {
        "id": "evt_make_run",
        "object": "event",
        "created": int(time.time()),
        "type": "checkout.session.completed",
        "data": {"object": session},
    }
    body = json.dumps(event).encode()
    timestamp = int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return body, f"t={timestamp},v1={digest.hexdigest()}"


def test_make_run_runs_one_task_worker_beside_the_server_and_stops_it_with_the_server(tmp_path):
    port = free_port()
    environment = {
        **sqlite_environment(tmp_path, SECRET_KEY=""),
        "HOME": str(tmp_path),
        "STRIPE_SECRET_KEY": "sk_test_make_run",
        "STRIPE_WEBHOOK_SECRET": "whsec_make_run",
    }
    make = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a terminal of its own, for the Ctrl-C below
    )
    try:
        http_get(f"http://127.0.0.1:{port}/robots.txt", attempts=3000)
        body, signature = _signed_payment("whsec_make_run")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/support/webhooks/stripe/",
            data=body,
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = response.read()
        recorded = 0
        with sqlite3.connect(tmp_path / "db.sqlite3", timeout=10) as database:
            for _ in range(300):
                query = "SELECT count(*) FROM donations_donation WHERE amount = 1500"
                recorded = database.execute(query).fetchone()[0]
                if recorded:
                    break
                time.sleep(0.1)
        workers = [p for p in _processes_of(environment) if "manage.py worker" in p["command"]]
        working = [p for p in workers if b"RUN_MAIN=true" in p["environ"]]
    finally:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C in make's terminal
        make.wait(timeout=60)

    assert answer == b"queued"
    assert recorded == 1, "the worker beside the server recorded the gift"
    assert len(working) == 1, [p["command"] for p in workers]  # and its code reloader
    time.sleep(1)
    assert _processes_of(environment) == [], "nothing left running after Ctrl-C"
