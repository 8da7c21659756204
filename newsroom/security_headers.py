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

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        checkout = [settings.STRIPE_CHECKOUT_ORIGIN] if settings.STRIPE_CHECKOUT_ORIGIN else []
        update["form-action"] = [*update.get("form-action", []), *checkout]
        parts.update = update
        return parts
