"""Stories offered where a page has none of its own to show (the "page not found" page)."""

from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def latest_stories(count: int = 5) -> list[Article]:
    """The `count` newest published stories, headline and address only: one query."""
    return list(
        Article.objects.published()
        .only("headline", "slug", "published_on", "published_at")
        .order_by("-published_at", "-pk")[:count]
    )
