import time

from django.core.management.base import BaseCommand, CommandError

from donations import gateway
from donations.alerts import admins_tell_events_recovered
from donations.models import WebhookEvent
from donations.webhooks import HANDLERS, EventUnstorable, Outcome, webhook_event_handle


class Command(BaseCommand):
    help = (
        "Fetch recent events from Stripe's Events API and process any we never received or "
        "could not process, through the same pipeline as webhooks. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="How far back to look (max 30).")

    def handle(self, *args, days, **options):
        if not 1 <= days <= 30:
            raise CommandError("--days must be between 1 and 30 (Stripe keeps events 30 days).")
        since = int(time.time()) - days * 86400
        try:
            # Newest first from Stripe; processed oldest first, as they happened.
            events = list(gateway.events_since(created_gte=since, types=sorted(HANDLERS)))
        except gateway.PaymentProviderError as error:
            raise CommandError(f"Could not read events from Stripe: {error}") from error
        events.reverse()
        stored = dict(
            WebhookEvent.objects.filter(
                stripe_event_id__in=[event["id"] for event in events]
            ).values_list("stripe_event_id", "processed_at")
        )
        already = {event_id for event_id, processed_at in stored.items() if processed_at}
        counts = dict.fromkeys(Outcome, 0)
        recovered = []
        for number, event in enumerate(events, start=1):
            outcome = self._handle(event, already)
            counts[outcome] += 1
            if outcome == Outcome.PROCESSED:
                recovered.append(
                    {"id": event["id"], "type": event["type"], "received": event["id"] in stored}
                )
            if number % 100 == 0 or number == len(events):
                self.stdout.write(f"  {number:,} / {len(events):,} events checked")
        self.stdout.write(
            f"Checked {len(events):,} events from the last {days} days: "
            f"{counts[Outcome.PROCESSED]} processed now, "
            f"{counts[Outcome.NOTHING_TO_RECORD]} with nothing to record, "
            f"{counts[Outcome.DUPLICATE]} already processed, "
            f"{counts[Outcome.IGNORED]} ignored, {counts[Outcome.FAILED]} failed."
        )
        # Events only this command found mean the webhook endpoint is missing some: say so.
        admins_tell_events_recovered(events=recovered)
        if counts[Outcome.FAILED]:
            raise CommandError(f"{counts[Outcome.FAILED]} event(s) failed; see the admin.")

    def _handle(self, event: dict, already: set[str]) -> Outcome:
        if event["id"] in already:
            return Outcome.DUPLICATE
        try:
            return webhook_event_handle(event=event)
        except EventUnstorable as error:  # never stored, so not in the admin: say so here
            self.stderr.write(f"Event {event['id'][:80]} cannot be stored: {error}.")
            return Outcome.FAILED
