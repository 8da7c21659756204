"""`python -m fakestripe`: serve the fake Stripe on a port of one's choosing, for the demo.

`make run` starts it (through `manage.py demo_payments`, which passes the app's settings) when no
STRIPE_SECRET_KEY is set, so that a newcomer can give, be thanked and manage the gift with no
Stripe account. The reader's browser visits its Checkout and portal pages; paying there sends
the signed webhooks to the app's endpoint, as Stripe would. Everything is kept in memory: a
restart forgets the customers and subscriptions it made. Ctrl-C or SIGTERM stops it.
"""

import argparse
import signal
import threading
import time

from fakestripe.server import DEMO_NOTICE, FakeStripe


def serve(
    *, host: str, port: int, api_key: str, webhook_secret: str, webhook_url: str | None
) -> None:
    """Serve until SIGINT or SIGTERM."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    fake = FakeStripe(api_key=api_key, webhook_secret=webhook_secret, host=host, port=port)
    fake.webhook_url = webhook_url
    with fake:
        target = f"webhooks to {webhook_url}" if webhook_url else "no webhooks"
        print(f"Demo payment server at {fake.url}, {target} ({DEMO_NOTICE}).", flush=True)
        while not stop.wait(1):
            # The fake's clock dates what it makes; tests move it by hand. Here it follows real
            # time, so that a gift made an hour into the demo is dated then.
            with fake._lock:
                fake.clock = max(fake.clock, int(time.time()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m fakestripe",
        description=f"The project's test-mode payment server ({DEMO_NOTICE.lower()}).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--api-key", default="sk_test_demo", help="the key the app must send")
    parser.add_argument("--webhook-secret", default="whsec_demo", help="signs the webhooks")
    parser.add_argument(
        "--webhook-url",
        help="where to post events, e.g. http://127.0.0.1:8000/support/webhooks/stripe/",
    )
    options = parser.parse_args(argv)
    serve(
        host=options.host,
        port=options.port,
        api_key=options.api_key,
        webhook_secret=options.webhook_secret,
        webhook_url=options.webhook_url,
    )


if __name__ == "__main__":
    main()
