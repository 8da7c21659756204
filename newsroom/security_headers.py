"""The Content-Security-Policy header, from django-csp and the CONTENT_SECURITY_POLICY setting.

What django-csp builds from the setting alone is completed here with the part that depends on
another setting read at response time: Stripe Checkout's origin, where the support form's POST
is redirected (browsers apply form-action to that redirect, so without it the form fails).

Nonces: django-csp adds `'nonce-...'` to script-src only on a response whose rendering asked
for `request.csp_nonce`. Reader pages never do (they are kept in the page cache and served to
many readers, and a nonce in stored HTML would not match a later response's header), so their
header carries none; the admin's body editor does (see articles/admin.py).

With DEBUG on, django-csp leaves Django's technical 404 and 500 pages without a policy: they
are made of inline scripts and styles.
"""

import http
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# What a view may set on its response to change its own policy (django-csp's decorators).
_OWN_POLICY = tuple(
    f"_csp_{what}{suffix}" for what in ("config", "update", "replace") for suffix in ("", "_ro")
)
# report_only -> the header every response gets that asked for no nonce and no policy of its
# own, built once per process (and again when a test changes a setting).
_plain: dict[bool, str] = {}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        """As django-csp's, but the headers of a response that asked for no nonce and no policy
        of its own (nearly all) are built once per process: django-csp builds both again for
        each response, a tenth of a rendered reader page's CPU (measured)."""
        debug_page = settings.DEBUG and response.status_code in (
            http.HTTPStatus.INTERNAL_SERVER_ERROR,
            http.HTTPStatus.NOT_FOUND,
        )
        # django-csp's lazy nonce is true once a template has asked for it.
        nonce_used = bool(getattr(request, "csp_nonce", None))
        if debug_page or nonce_used or any(hasattr(response, a) for a in _OWN_POLICY):
            return super().process_response(request, response)
        for report_only, header, setting in (
            (False, HEADER, "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = _plain.get(report_only)
            if policy is None:
                parts = self.get_policy_parts(request, response, report_only)
                policy = _plain[report_only] = build_policy(
                    **asdict(parts), report_only=report_only
                )
            exempt = getattr(response, "_csp_exempt_ro" if report_only else "_csp_exempt", False)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            excluded = request.path_info.startswith(tuple(prefixes))
            if policy and header not in response and exempt is False and not excluded:
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        checkout = [settings.STRIPE_CHECKOUT_ORIGIN] if settings.STRIPE_CHECKOUT_ORIGIN else []
        update["form-action"] = [*update.get("form-action", []), *checkout]
        parts.update = update
        return parts


def settings_changed(setting, **kwargs) -> None:
    """Receives Django's setting_changed (tests): the headers are built again."""
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "STRIPE_CHECKOUT_ORIGIN":
        _plain.clear()


setting_changed.connect(settings_changed)
