from django.apps import AppConfig

from articles.signals import reader_content_changed


class NewsroomConfig(AppConfig):
    """The roof. The apps never import it: it listens to what they say (articles/signals.py)."""

    name = "newsroom"

    def ready(self):
        # Here, not at the top: the page cache reads the apps' models, loaded only by now.
        from newsroom import page_cache

        reader_content_changed.connect(page_cache.reader_pages_changed)
