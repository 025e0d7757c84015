"""Who must give a second factor, and the devices that give it.

Every staff account logs in with a password and then a code: from an
authenticator app (TOTP, django-otp), or one of ten single-use recovery codes
made at enrolment. An account without a confirmed authenticator is sent to
enrol on its first login. An administrator who deletes a person's devices in the
admin (OTP TOTP / OTP Static) makes them enrol again, e.g. after a lost phone.
"""

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
DEMO_USERNAMES = frozenset({"demo-cataloguer", "demo-reviewer", "demo-administrator"})


def demo_bypass(user) -> bool:
    """The local-demo exception: demo accounts, with DEBUG on and the bypass set."""
    return bool(
        settings.DEBUG and settings.SECOND_FACTOR_DEMO_BYPASS and user.username in DEMO_USERNAMES
    )


def needs_second_factor(user) -> bool:
    return user.is_authenticated and user.is_staff and not user.is_verified()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(user) -> TOTPDevice:
    """The authenticator being enrolled: one unconfirmed device, kept across page loads
    so that the code the person scanned stays the one that is checked."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with fresh ones; return them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
