from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import navigation_sections


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Read from the cache once a page, however many times the page shows the sections
        # (the header and the footer), and not at all by a page that shows none.
        "nav_sections": SimpleLazyObject(navigation_sections),
    }
