import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp

from tests.factories import UserFactory

PASSWORD = "a long and unusual passphrase 7"


@pytest.fixture
def staff(db):
    user = UserFactory(is_staff=True, username="archivist")
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Cataloguer"))
    return user


def log_in(client: Client, username: str, password: str = PASSWORD, **extra):
    """The admin's login form, as a browser sends it."""
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def code_for(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
