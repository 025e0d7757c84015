import os

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory


@pytest.fixture
def staff_client():
    """A logged-in test client for a member of the named staff group."""

    def make(group_name: str) -> Client:
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


def verify_second_factor(client: Client, user) -> None:
    """Mark the client's session as having given the second factor, as the
    verification page does after a right code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _staff_logins_with_second_factor(monkeypatch):
    """The test client's force_login gives staff their second factor too, so that
    tests about other things reach the admin; tests/accounts log in for real."""
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        if user.is_staff:
            verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"


# CI runs the property tests on a fixed seed, so that a submission's result can be
# reproduced; locally each run draws new examples.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
