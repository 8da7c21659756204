from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from django.core.signals import request_started

        from articles import fragments
        from articles.signals import reader_content_changed

        reader_content_changed.connect(fragments.reader_content_changed)
        request_started.connect(fragments.request_started)
