from django.core.management.base import BaseCommand

from articles.services import renditions_fill


class Command(BaseCommand):
    help = (
        "Make the sized copies (AVIF, WebP, JPEG) of every lead photo and author photo that "
        "lacks them: after seeding demo content, importing articles, upgrading, or losing queued "
        "work. Photos saved in the admin get theirs from the task queue (manage.py worker). "
        "Safe to run again: existing renditions are kept."
    )

    def handle(self, *args, **options):
        made = renditions_fill(log=self.stdout.write)
        self.stdout.write(f"Renditions made for {made} photo(s).")
