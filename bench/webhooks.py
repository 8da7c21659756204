"""Webhook throughput: signed Stripe events per second, with duplicates, on PostgreSQL.

    make bench-webhooks
    .venv/bin/python bench/webhooks.py --payments 5000 --duplicates 0.2 --threads 4

Builds `--payments` distinct one-off payments (checkout.session.completed events), re-sends a
share of them (`--duplicates`, as Stripe's retries do), shuffles everything, signs each body
like Stripe, and posts them over HTTP from `--threads` threads to gunicorn (`--workers` sync
workers on 127.0.0.1, as in production). It then checks that exactly one Donation exists per
distinct payment and that every delivery was answered 200. Uses its own database
(BENCH_DATABASE_URL); bounded in count and time; stops by itself.
"""

import argparse
import concurrent.futures
import hashlib
import hmac
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import BENCH_DATABASE_URL, _ensure_database  # noqa: E402

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


def _signed(event: dict) -> tuple[bytes, str]:
    body = json.dumps(event).encode()
    timestamp = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return body, f"t={timestamp},v1={digest.hexdigest()}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, delivery: tuple[bytes, str]) -> int:
    body, signature = delivery
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--duplicates", type=float, default=0.2, help="share of re-sent events")
    parser.add_argument("--threads", type=int, default=8, help="concurrent deliveries")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    options = parser.parse_args()

    _ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from donations.models import Donation, Donor, WebhookEvent

    call_command("migrate", verbosity=0)
    Donation.objects.filter(stripe_checkout_session_id__startswith="cs_test_bench").delete()
    WebhookEvent.objects.filter(stripe_event_id__startswith="evt_bench").delete()
    Donor.objects.filter(stripe_customer_id__startswith="cus_bench").delete()

    now = int(time.time())
    events = [_event(number, now) for number in range(options.payments)]
    rng = random.Random(7)
    resent = rng.choices(events, k=int(len(events) * options.duplicates / (1 - options.duplicates)))
    deliveries = [_signed(event) for event in events + resent]
    rng.shuffle(deliveries)

    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
    )
    url = f"http://127.0.0.1:{port}/support/webhooks/stripe/"
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/robots.txt")  # needs no collected static
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(options.threads) as pool:
            codes = list(pool.map(lambda delivery: _post(url, delivery), deliveries))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    statuses = {code: codes.count(code) for code in sorted(set(codes))}
    created = Donation.objects.filter(
        stripe_checkout_session_id__startswith="cs_test_bench"
    ).count()
    print(f"events delivered:   {len(deliveries):,} ({len(resent):,} duplicates)")
    print(f"concurrency:        {options.threads} senders, {options.workers} gunicorn workers")
    print("email backend:      dummy (discards thank-you emails)")
    print(f"elapsed:            {elapsed:.2f} s")
    print(f"events per second:  {len(deliveries) / elapsed:,.0f}")
    print(f"HTTP statuses:      {statuses}")
    print(f"distinct payments:  {options.payments:,}")
    print(f"donations created:  {created:,}")
    if created != options.payments or set(statuses) != {200}:
        print("FAILED: donations must equal distinct payments, every delivery answered 200")
        sys.exit(1)


if __name__ == "__main__":
    main()
