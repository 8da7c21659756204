"""Setting up a second factor."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def authenticator_enrolment_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being set up, unconfirmed until the person types a code from it.

    The same one until then, so reloading the page shows the QR code already scanned.
    """
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return pending or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def authenticator_enrolment_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn the second factor on, once `code` proves the app shows what we expect.

    It replaces any earlier authenticator and recovery codes (a lost phone, a new one), and
    returns the new recovery codes, which are shown once; None when the code is wrong.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=device.user).delete()
        recovery = StaticDevice.objects.create(user=device.user, name="Recovery codes")
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes
