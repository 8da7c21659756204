"""Views that answer machines, answered under WSGI without the middleware (newsroom/wsgi.py).

Stripe's webhook is answered to Stripe, never to a reader or an editor: none of the layers in
MIDDLEWARE (the page cache, security headers, WhiteNoise, sessions, CSRF, the support state,
staff's second factor, django-axes) has anything to do for it, and under gunicorn they cost
about two fifths of the CPU a delivery takes. A view the app marks `middleware_exempt = True`
(donations/views.py) is answered by Django's own handler, with its signals (database
connections opened and closed as for any request), URL resolution, error pages and response
closing, and an empty middleware chain. Everything else goes to the full handler.

Only under WSGI (gunicorn): the test client, runserver and ASGI go through the middleware, which
answers those views the same; the view itself owns everything its answer depends on.
"""

import functools

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.urls import Resolver404, resolve


class MiddlewareExemptWSGIHandler(WSGIHandler):
    """Django's WSGI handler with no middleware: BaseHandler.load_middleware's chain for an
    empty MIDDLEWARE."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


class MiddlewareExemptRouter:
    """Sends requests for views marked `middleware_exempt` to Django's handler without the
    middleware, and every other request to `application`."""

    def __init__(self, application):
        self.application = application
        self.exempt = MiddlewareExemptWSGIHandler()

    def __call__(self, environ, start_response):
        # Before Django's handler, no layer has set another URLconf than the setting's.
        if _middleware_exempt(settings.ROOT_URLCONF, environ.get("PATH_INFO", "")):
            return self.exempt(environ, start_response)
        return self.application(environ, start_response)


@functools.lru_cache(maxsize=4096)
def _middleware_exempt(urlconf: str | None, path: str) -> bool:
    """Whether `path` is answered by a view marked middleware_exempt. Remembered per process
    (URLs do not change while it runs), as the page cache remembers its reader views."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "middleware_exempt", False)
