"""The `make run` path on a fresh machine: SQLite, migrate, seed, serve, read."""

import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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


class _Browser:
    """A reader's browser over plain HTTP: keeps cookies, follows no redirect (so each step's
    answer can be read), and posts forms with the CSRF token the page carried."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect,
        )

    def open(self, url: str, form: dict | None = None) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data), timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx and 4xx alike
            return answer.code, dict(answer.headers), answer.read().decode()

    def submit(self, url: str, form: dict) -> tuple[int, dict, str]:
        """GET the page, then POST its form with the page's CSRF token."""
        _, _, page = self.open(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.open(url, {"csrfmiddlewaretoken": token, **form})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for(log: Path, pattern: str, seconds: float = 600) -> re.Match:
    """The first match of `pattern` in what `make run` printed, once it has printed it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := re.search(pattern, log.read_text(errors="replace")):
            return found
        time.sleep(0.2)
    raise AssertionError(f"make run never printed {pattern!r}:\n{log.read_text()[-3000:]}")


def _donations(database: Path) -> list[tuple]:
    with sqlite3.connect(database, timeout=10) as connection:
        return connection.execute("SELECT amount, currency FROM donations_donation").fetchall()


def test_make_run_without_a_stripe_account_gives_thanks_mails_manages_and_moves_the_dashboard(
    tmp_path,
):
    """The newcomer's walk: `make run` with no STRIPE_SECRET_KEY serves demo payments on the
    port beside the site; giving $5 a month goes through its Checkout, its signed webhooks reach
    the worker, the receipt and the manage link are printed, the portal opens, and the demo
    editor, whose sign-in is printed last, sees the dashboard move."""
    port, payments_port = free_port(), free_port()
    environment = {
        **sqlite_environment(tmp_path, SECRET_KEY=""),
        "HOME": str(tmp_path),
        "STRIPE_DEMO_PORT": str(payments_port),
        "PYTHONUNBUFFERED": "1",  # each process's lines in the order they were printed
    }
    site, payments = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{payments_port}"
    log = tmp_path / "make-run.log"
    with log.open("wb") as output:
        make = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a terminal of its own, for the Ctrl-C below
        )
    reader, editor = _Browser(), _Browser()
    try:
        credentials = _wait_for(log, r"Demo editor: username '(\w+)', password '([^']+)'")
        printed_first = log.read_text()
        signed_in = editor.submit(
            f"{site}/admin/login/?next=/admin/",
            {"username": credentials[1], "password": credentials[2], "next": "/admin/"},
        )
        _, _, dashboard_before = editor.open(f"{site}/admin/donations/donation/dashboard/")

        _, _, support = reader.open(f"{site}/support/")
        started = reader.open(
            f"{site}/support/", {"frequency": "monthly", "amount": "5", "currency": "usd"}
        )
        checkout_url = started[1]["Location"]
        _, _, checkout = reader.open(checkout_url)
        paid = reader.open(f"{checkout_url}/pay", {"email": "newcomer@example.org"})
        _, _, thanks = reader.open(paid[1]["Location"])
        receipt = _wait_for(log, r"To: newcomer@example.org\n(?:.*\n){0,12}?\nDear ", 60)

        asked = reader.submit(f"{site}/support/manage/", {"email": "newcomer@example.org"})
        manage_link = _wait_for(log, rf"{re.escape(site)}/support/manage/[^/\s]+/", 60)[0]
        _, _, manage_page = reader.open(manage_link)
        to_portal = reader.open(f"{manage_link}portal/")
        _, _, portal = reader.open(to_portal[1]["Location"])

        _, _, dashboard_after = editor.open(f"{site}/admin/donations/donation/dashboard/")
        donations = _donations(tmp_path / "db.sqlite3")
    finally:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C in make's terminal
        make.wait(timeout=60)

    # The sign-in is the last thing printed: after the servers' banners, before any request.
    banner = printed_first.index("Quit the server with CONTROL-C.")
    payment_server = printed_first.index(f"Demo payment server at {payments}")
    last_lines = printed_first.rstrip().splitlines()
    assert max(banner, payment_server) < printed_first.index("Demo editor:")
    assert last_lines[-1].startswith("Demo editor:"), last_lines[-5:]
    assert f"sign in at {site}/admin/" in last_lines[-1]
    assert signed_in[0] == 302
    # Giving, marked on every page that involves the demo payments.
    notice = "Demo payments: no money moves"
    assert notice in support
    assert started[0] == 303 and checkout_url.startswith(f"{payments}/checkout/cs_test_")
    assert notice in checkout and "5.00 USD per month" in checkout
    assert paid[0] == 303 and paid[1]["Location"].startswith(f"{site}/support/thanks/")
    assert notice in thanks and "Your gift of <strong>$5</strong> a month" in thanks
    assert donations == [(500, "usd")]
    assert "Thank you for supporting The Riverside Ledger" in log.read_text()
    assert receipt
    # Managing the gift: the emailed link opens our manage page, and the card and invoices are
    # on the demo's portal, one click away.
    assert asked[0] == 200
    assert notice in manage_page and "Change the amount" in manage_page
    assert to_portal[0] == 303
    assert to_portal[1]["Location"].startswith(f"{payments}/portal/")
    assert notice in portal
    # The dashboard moved.
    assert "No active monthly gifts yet." in dashboard_before
    assert "1 active recurring donor " in dashboard_after
    time.sleep(1)
    assert _processes_of(environment) == [], "nothing left running after Ctrl-C"
