"""Read-only tags for the admin's pages."""

from django import template

from articles.models import Article

register = template.Library()

# The admin's home page lists this many; the change list filtered the same way has them all.
REVIEW_LIST_LENGTH = 20


@register.simple_tag
def waiting_for_review() -> dict:
    """Drafts writers have submitted, the longest waiting first, with how many there are."""
    waiting = Article.objects.waiting_for_review().select_related("created_by")
    return {"articles": list(waiting[:REVIEW_LIST_LENGTH]), "count": waiting.count()}
