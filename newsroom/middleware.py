"""Reader pages: say who may cache the page.

A page for a reader who has never acted on a prompt is the same for everyone, so shared caches
(a CDN, a proxy) may keep it for PUBLIC_PAGE_MAX_AGE (`s-maxage`) and absorb a front-page rush.
The reader's own browser may store it too, but must ask again before each use (`max-age=0,
must-revalidate`): the moment a reader dismisses the asks or gives, the copy their browser holds
is wrong for them, and a fresh `max-age` would let a link click show it. Asking again is cheap:
ConditionalGetMiddleware answers 304 when the page (its ETag) has not changed, and a page
without asks has another ETag than the one with them.

Once a reader has a support cookie, or is signed in, their pages are theirs: `private` (no
shared cache keeps them) and `no-cache` (their browser asks again too).

What the back button shows comes from the browser's back/forward cache, or its HTTP cache used
without asking: no header reaches those copies, short of `no-store`, which would keep shared
caches from storing anonymous pages at all. static/js/prompts.js takes the asks off such a page,
reading the readable companion cookie written with the signed one (donations.support).

A shareable page also says what it shows (articles/pages.py), so that the edge cache can drop
it the moment that changes.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control

from articles import pages
from donations import support


class ReaderPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        self._cache_headers(request, response)
        return response

    @staticmethod
    def _cache_headers(request, response) -> None:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return
        if response.has_header("Cache-Control"):
            return  # the view decided (previews, the support pages, the admin)
        personal = (
            support.COOKIE_NAME in request.COOKIES
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or response.cookies
            or "cookie" in response.get("Vary", "").lower()
        )
        if personal:
            patch_cache_control(response, private=True, no_cache=True)
            del response[pages.HEADER]  # no shared cache keeps it: nothing to purge
        else:
            pages.tag_response(response, [pages.EVERY_PAGE])
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                must_revalidate=True,
                s_maxage=settings.PUBLIC_PAGE_MAX_AGE,
            )


class StaffAddressesWithoutNulMiddleware:
    """Staff pages answer 400 to an address holding a NUL character.

    PostgreSQL refuses NUL in text, so a change list filter, a field lookup or an
    autocomplete term holding one fails in the database, as a 500, in every ModelAdmin
    (Django's own included). No staff page needs one, so it is refused here, once, before any
    admin view runs. Reader pages keep their own, gentler rule: junk in a reader's address is
    ignored or cleaned (search turns control characters into spaces).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The NUL first: nearly no address holds one, and reverse() costs every page.
        if _holds_nul(request.GET) and request.path.startswith(reverse("admin:index")):
            return HttpResponseBadRequest(
                render_to_string(
                    "400.html",
                    {"reason": "This address holds a NUL character, which no staff page uses."},
                )
            )
        return self.get_response(request)


def _holds_nul(query) -> bool:
    return any("\x00" in key or "\x00" in "".join(query.getlist(key)) for key in query)
