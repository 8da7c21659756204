from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from donations.models import Donation
from newsroom.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the (empty) database DATABASE_URL "
        "names and an empty MEDIA_ROOT."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--from", required=True, type=Path, dest="source")

    def handle(self, *args, source, **options):
        try:
            backup = backup_restore(directory=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {Article.objects.count():,} article(s), {Donation.objects.count():,} "
            f"donation(s) and {backup.media_files:,} media file(s) from {backup.directory}."
        )
