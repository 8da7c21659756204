from django.core.management.base import BaseCommand, CommandError

from articles.demo import demo_seed, demo_seed_bulk
from donations.demo import prompts_seed


class Command(BaseCommand):
    help = (
        "Create demo sections, authors, tags and articles (idempotent). With --articles N, add N "
        "synthetic published articles in bulk for scale benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            metavar="N",
            help="Add N synthetic articles in bulk (for benchmarks), besides the demo taxonomy.",
        )

    def handle(self, *args, articles=None, **options):
        log = self.stdout.write
        if articles is None:
            demo_seed(log=log)
            log(f"Demo prompts: {prompts_seed()} new.")
            return
        if articles < 1:
            raise CommandError("--articles needs a positive number.")
        demo_seed_bulk(count=articles, log=log)
