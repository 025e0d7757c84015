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


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"


# CI runs the property tests on a fixed seed, so that a submission's result can be
# reproduced; locally each run draws new examples.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
