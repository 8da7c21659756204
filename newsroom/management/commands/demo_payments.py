"""`manage.py demo_payments`: the demo's payment server, set up from the app's own settings.

`make run` starts it beside the development server. With STRIPE_DEMO on (and no
STRIPE_SECRET_KEY), it serves the project's fake Stripe (fakestripe) at STRIPE_API_BASE, with
the key and webhook secret the app uses, and posts its signed webhooks to the app's endpoint
at SITE_URL; otherwise it says so and stops, and giving uses Stripe (or is off). Here in the
roof because it joins two things the apps never meet: their settings and fakestripe.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from donations.checks import demo_payments_check
from fakestripe.__main__ import serve


class Command(BaseCommand):
    help = (
        "Serve the demo payment server (no money moves) when STRIPE_DEMO is on; `make run` "
        "starts it. Ctrl-C or SIGTERM stops it."
    )

    def handle(self, *args, **options):
        # Whether or not the system checks ran (call_command skips them): never with DEBUG off.
        if refusal := demo_payments_check(None):
            raise CommandError(refusal[0])
        if not settings.STRIPE_DEMO:
            giving = "Stripe" if settings.STRIPE_SECRET_KEY else "nothing: giving is off"
            self.stdout.write(f"Demo payments are off (STRIPE_DEMO): giving uses {giving}.")
            return
        address = urlsplit(settings.STRIPE_API_BASE)
        serve(
            host=address.hostname,
            port=address.port,
            api_key=settings.STRIPE_SECRET_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            webhook_url=settings.SITE_URL + reverse("donations:stripe_webhook"),
        )
