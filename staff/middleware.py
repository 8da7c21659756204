"""Holds a staff member who has only given a password at the second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from staff.second_factor import VERIFY, second_factor_step


class SecondFactorMiddleware:
    """Until the second factor is given, a staff session opens nothing but the pages that finish
    or abandon signing in: not the admin, not draft previews. Staff with an authenticator app
    are sent to enter a code; staff whose role requires one and who have none, to set it up.

    Readers are never held. A request without a session cookie is not looked at, so reader
    pages do not touch the session (which would add `Vary: Cookie` and stop shared caching).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        step = second_factor_step(request.user)
        if step is None:
            return self.get_response(request)
        verify, setup = reverse("staff:verify"), reverse("staff:two_factor")
        if request.path in (verify, setup, reverse("admin:logout")):
            return self.get_response(request)
        target = verify if step == VERIFY else setup
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
