import datetime

import pytest
from django.test import Client
from django.utils import timezone

from testimony.models import PartnerToken
from tests.factories import ConsentFactory, PartnerFactory, TestimonyFactory


class ApiClient(Client):
    """A test client that reads the API as one audience."""

    def __init__(self, token: str | None = None, **kwargs):
        if token:
            kwargs["HTTP_AUTHORIZATION"] = f"Token {token}"
        super().__init__(**kwargs)

    def json(self, url, expect=200, **params):
        response = self.get(url, params)
        assert response.status_code == expect, (url, response.status_code, response.content[:500])
        return response.json()


def token_for(partner, **kwargs) -> str:
    kwargs.setdefault("expires_at", timezone.now() + datetime.timedelta(days=30))
    return PartnerToken.issue(partner, name="test", **kwargs)[1]


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test counts API requests afresh in the shared cache."""
    import uuid

    caches = {key: dict(value) for key, value in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = uuid.uuid4().hex
    settings.CACHES = caches


@pytest.fixture
def public():
    return ApiClient()


@pytest.fixture
def partner():
    return PartnerFactory()


@pytest.fixture
def partner_client(partner):
    client = ApiClient(token_for(partner))
    client.partner = partner
    return client


@pytest.fixture
def other_partner_client():
    other = PartnerFactory()
    client = ApiClient(token_for(other))
    client.partner = other
    return client


def published(consent: dict | None = None, **testimony_fields):
    """A testimony with a current consent made of ``consent`` (public by default),
    released by a reviewer as it stands; without a consent, published unreleased."""
    testimony = TestimonyFactory(status="published", **testimony_fields)
    if consent is not None:
        partners = consent.pop("partners", None)
        ConsentFactory(testimony=testimony, partners=partners, **consent)
        released(testimony)
    return testimony


def released(testimony, note: str = ""):
    """Release the working copy as it stands (the guard's hits overridden: these
    tests are about what leaves, not about the guard)."""
    from testimony import guard
    from testimony.publication import release

    reasons = {hit.key: "test" for hit in guard.check(testimony)}
    release(testimony, overrides=reasons, note=note)
    return testimony


@pytest.fixture
def fetch_write_claimed(settings):
    """With Redis, the fetch log's next write already claimed (for a minute), so
    that responses only queue what they sent and no response writes the queue."""
    from testimony.api import fetch_log, shared_cache

    if settings.REDIS_URL:
        shared_cache.client().set(shared_cache.key(fetch_log.CLAIM), 1, ex=60)
