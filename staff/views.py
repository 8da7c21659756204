"""Staff pages outside the admin's own: the second factor (set up, verify) and the lockout page.

They look like the admin (its templates and header) and live under /admin/, but the second-factor
middleware lets a half-signed-in session reach them, so each checks for itself who may see what.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from staff.forms import AuthenticatorCodeForm, EnrolmentForm, RecoveryCodeForm
from staff.second_factor import (
    VERIFY,
    has_authenticator,
    second_factor_required,
    second_factor_step,
)
from staff.services import authenticator_enrolment_start

LOGIN_URL = "admin:login"


def _next(request) -> str:
    """Where to go once done: the page the person was on, if it is ours; else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _page(request, template, *, title, status=200, **context):
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            # The app list would show a half-signed-in session what the admin holds.
            "is_nav_sidebar_enabled": False,
            "title": title,
            "next": _next(request),
            **context,
        },
        status=status,
    )


@never_cache
@staff_member_required(login_url=LOGIN_URL)
def verify(request):
    """The second step of signing in, for staff who have an authenticator app."""
    if second_factor_step(request.user) != VERIFY:
        return redirect(_next(request))
    user = request.user
    data = request.POST if request.method == "POST" else None
    recovery_posted = data is not None and "recovery-code" in data
    app_form = AuthenticatorCodeForm(None if recovery_posted else data, user=user)
    recovery_form = RecoveryCodeForm(data if recovery_posted else None, user=user)
    form = recovery_form if recovery_posted else app_form
    if data is not None and form.is_valid():
        otp_login(request, form.device)
        if recovery_posted:
            messages.warning(
                request,
                f"You signed in with a recovery code, which will not work again "
                f"({recovery_form.codes_left()} left). If your phone is lost, set up "
                f"your authenticator again: that also gives you new recovery codes.",
            )
        return redirect(_next(request))
    return _page(
        request,
        "staff/verify.html",
        title="Enter your code",
        app_form=app_form,
        recovery_form=recovery_form,
        status=400 if data is not None else 200,
    )


@never_cache
@staff_member_required(login_url=LOGIN_URL)
def two_factor(request):
    """Setting up an authenticator app: offered to all staff, required of some.

    Someone who already has one must have given a code from it in this session first: a
    password alone must not be enough to put a new phone on the account.
    """
    user = request.user
    if second_factor_step(user) == VERIFY:
        return redirect(f"{reverse('staff:verify')}?{urlencode({'next': request.path})}")
    enabled = has_authenticator(user)
    if enabled and request.method == "GET" and "new" not in request.GET:
        recovery = user.staticdevice_set.filter(confirmed=True).first()
        return _page(
            request,
            "staff/two_factor.html",
            title="Two-factor authentication",
            enabled=True,
            codes_left=recovery.token_set.count() if recovery else 0,
        )
    device = authenticator_enrolment_start(user=user)
    form = EnrolmentForm(request.POST if request.method == "POST" else None, device=device)
    if form.is_valid():
        otp_login(request, device)
        return _page(
            request,
            "staff/recovery_codes.html",
            title="Your recovery codes",
            recovery_codes=form.recovery_codes,
        )
    return _page(
        request,
        "staff/two_factor.html",
        title="Set up two-factor authentication",
        enabled=enabled,
        required=second_factor_required(user),
        form=form,
        qr_code=_qr_svg(device),
        secret=_grouped(b32encode(device.bin_key).decode()),
        status=400 if form.is_bound else 200,
    )


def _qr_svg(device) -> str:
    """The setup link as a QR code, drawn here as SVG: no image service sees the secret."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, light="#fff", dark="#000", title="QR code for your authenticator app"
    )
    return svg.replace("<svg ", '<svg role="img" class="qr-code" ', 1)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers once a username and address have failed too often."""
    return _page(
        request,
        "staff/locked_out.html",
        title="Signing in is paused",
        status=429,
        failure_limit=settings.AXES_FAILURE_LIMIT,
        minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    )
