"""Who must give a second factor, and what a signed-in staff member still owes before the admin
opens. The devices themselves are django-otp's: an authenticator app (TOTP) and recovery codes
(static tokens)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

# Whoever can read donors' records (superusers, the Fundraising group, anyone given these
# permissions one by one) must use a second factor. A permission, not a group name: renaming
# or copying the group cannot quietly drop the requirement.
DONOR_DATA_PERMISSIONS = ("donations.view_donor", "donations.view_donation")

VERIFY = "verify"  # has an authenticator app: enter a code from it (or a recovery code)
ENROL = "enrol"  # must set one up before going further


def second_factor_required(user) -> bool:
    return user.is_superuser or any(user.has_perm(name) for name in DONOR_DATA_PERMISSIONS)


def has_authenticator(user) -> bool:
    """Recovery codes alone do not count: they come with an app and go when it is replaced, so a
    superuser who deletes someone's lost authenticator sends them back to setting one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def second_factor_step(user) -> str | None:
    """VERIFY, ENROL, or None when the session may go anywhere its permissions allow.

    Needs django-otp's OTPMiddleware, which tells whether this session has given a code.
    """
    if not (user.is_authenticated and user.is_staff) or user.is_verified():
        return None
    if has_authenticator(user):
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return None
