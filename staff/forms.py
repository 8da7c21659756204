"""The code forms: each checks its code against the person's own device, and says why not."""

import math

from django import forms
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.services import authenticator_enrolment_confirm

APP_CODE_WIDGET = forms.TextInput(
    attrs={
        "autocomplete": "one-time-code",
        "inputmode": "numeric",
        "pattern": "[0-9 ]*",
        "maxlength": "7",
        "size": "8",
        "spellcheck": "false",
    }
)


def _wait_message(device) -> str | None:
    """django-otp pauses a device for a growing time after each wrong code (brute force)."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = details.get("locked_until")
    seconds = math.ceil((locked_until - timezone.now()).total_seconds()) if locked_until else 60
    seconds = max(seconds, 1)
    return (
        f"Too many wrong codes. Wait {seconds} second{'' if seconds == 1 else 's'}, then try again."
    )


def _digits(value: str) -> str:
    return "".join(value.split())


class AuthenticatorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=12, widget=APP_CODE_WIDGET
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = _digits(self.cleaned_data["code"])
        device = TOTPDevice.objects.devices_for_user(self.user, confirmed=True).first()
        if device is None:
            raise forms.ValidationError("You have no authenticator app set up.")
        if wait := _wait_message(device):
            raise forms.ValidationError(wait)
        self.device = verify_token(self.user, device.persistent_id, code)
        if self.device is None:
            raise forms.ValidationError(
                "That code is not right. Type the six digits your app shows now "
                "(they change every 30 seconds)."
            )
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, prefix="recovery", **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = _digits(self.cleaned_data["code"]).replace("-", "").lower()
        device = StaticDevice.objects.devices_for_user(self.user, confirmed=True).first()
        if device is None:
            raise forms.ValidationError("You have no recovery codes.")
        if wait := _wait_message(device):
            raise forms.ValidationError(wait)
        self.device = verify_token(self.user, device.persistent_id, code)
        if self.device is None:
            raise forms.ValidationError(
                "That recovery code is not right, or it has been used already: each works once."
            )
        return code

    def codes_left(self) -> int:
        return self.device.token_set.count() if self.device else 0


class EnrolmentForm(forms.Form):
    """Confirms a new authenticator app: the first code it shows switches the second factor on."""

    code = forms.CharField(
        label="Code from your authenticator app", max_length=12, widget=APP_CODE_WIDGET
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.recovery_codes: list[str] = []

    def clean_code(self):
        code = _digits(self.cleaned_data["code"])
        if wait := _wait_message(self.device):
            raise forms.ValidationError(wait)
        codes = authenticator_enrolment_confirm(device=self.device, code=code)
        if codes is None:
            raise forms.ValidationError(
                "That code is not the one your app shows for this account. Check that you "
                "scanned this page's QR code (or typed its key), then type the six digits the "
                "app shows now."
            )
        self.recovery_codes = codes
        return code
