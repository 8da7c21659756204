"""Work for the queue: a photo's renditions, made after the editor's save (articles.services).

Tasks take ids, not objects: they may run on another machine, after the row has changed, and
each is safe to run twice (renditions already made for this photo are found, not made again).
"""

try:  # Django 6 has the Tasks API built in; before it, the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

from articles import services


@task()
def article_renditions_make(article_pk: int) -> None:
    services.article_renditions_refresh(article_pk=article_pk)


@task()
def author_renditions_make(author_pk: int) -> None:
    services.author_renditions_refresh(author_pk=author_pk)
