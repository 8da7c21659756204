from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import BackupError, backup_make


class Command(BaseCommand):
    help = (
        "Back up the site: the PostgreSQL database (pg_dump, custom format) and MEDIA_ROOT (a "
        "tar.gz), into a new directory. Restore with `manage.py restore --from DIR`."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="A new or empty directory.")

    def handle(self, *args, to, **options):
        try:
            backup = backup_make(directory=to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the database ({backup.database_bytes:,} bytes) and "
            f"{backup.media_files:,} media file(s) to {backup.directory}."
        )
