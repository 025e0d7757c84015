"""Tokens, limits and errors: clear JSON, the right status, never a 500."""

import datetime

import pytest
from django.utils import timezone

from testimony.models import PartnerToken
from tests.api.conftest import ApiClient, published, token_for
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def error(response):
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    return body["error"]


def test_token_is_shown_once_and_stored_hashed(partner):
    token, plain = PartnerToken.issue(
        partner, name="sync", expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert plain.startswith(f"tc_{token.key}_")
    secret = plain.split("_", 2)[2]
    assert secret not in token.secret_hash and len(token.secret_hash) == 64
    assert ApiClient(plain).get("/api/v1/testimonies/").status_code == 200


@pytest.mark.parametrize(
    "make_token",
    [
        lambda p: "tc_nosuchkey_secret",
        lambda p: token_for(p)[:-2] + "xx",
        lambda p: token_for(p, expires_at=timezone.now() - datetime.timedelta(seconds=1)),
        lambda p: "garbage",
    ],
    ids=["unknown", "wrong-secret", "expired", "malformed"],
)
def test_bad_tokens_are_401(partner, make_token):
    response = ApiClient(make_token(partner)).get("/api/v1/testimonies/")
    assert response.status_code == 401
    assert error(response)["detail"] == "Invalid, expired or revoked token."
    assert response["WWW-Authenticate"] == "Token"


def test_revoked_token_and_inactive_partner_are_401(partner):
    plain = token_for(partner)
    PartnerToken.objects.update(revoked_at=timezone.now())
    assert ApiClient(plain).get("/api/v1/testimonies/").status_code == 401
    other = PartnerFactory(is_active=False)
    assert ApiClient(token_for(other)).get("/api/v1/testimonies/").status_code == 401


def test_out_of_scope_is_404_like_absent(public):
    hidden = published({"access": "all_partners"})
    missing = public.get("/api/v1/testimonies/999999/")
    closed = public.get(f"/api/v1/testimonies/{hidden.pk}/")
    assert missing.status_code == closed.status_code == 404
    assert missing.content == closed.content


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/testimonies/?bogus=1", "bogus"),
        ("/api/v1/testimonies/?cursor=not-a-cursor", "cursor"),
        ("/api/v1/testimonies/?page_size=0", "page_size"),
        ("/api/v1/testimonies/?page_size=101", "page_size"),
        ("/api/v1/testimonies/?recorded_after=yesterday", "recorded_after"),
        ("/api/v1/testimonies/?language=zz", "language"),
        ("/api/v1/testimonies/?place=abc", "place"),
        ("/api/v1/testimonies/?fate=lost", "fate"),
        ("/api/v1/testimonies/?ordering=narrator", "ordering"),
        ("/api/v1/testimonies/?modified_since=soon", "modified_since"),
        ("/api/v1/changes/", "since"),
        ("/api/v1/changes/?since=2020-13-01", "since"),
    ],
)
def test_bad_input_is_400_naming_the_problem(public, url, field):
    response = public.get(url)
    assert response.status_code == 400
    assert field in error(response)["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/testimonies/abc/", "/api/v1/people/1.5/", "/api/nowhere/"]
)
def test_odd_paths_are_json_404(public, url):
    response = public.get(url)
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


def test_over_the_limit_is_429_with_retry_after(settings, partner):
    partner.throttle_rate = "3/minute"
    partner.save()
    client = ApiClient(token_for(partner))
    statuses = [client.get("/api/v1/places/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/places/")
    assert int(response["Retry-After"]) > 0
    assert error(response)["code"] == "throttled"
    # Another partner and the public keep their own counts.
    assert ApiClient(token_for(PartnerFactory())).get("/api/v1/places/").status_code == 200


def test_public_limit(settings, public):
    settings.API_PUBLIC_RATE = "2/minute"
    assert [public.get("/api/v1/places/").status_code for _ in range(3)] == [200, 200, 429]


def test_partner_limit_is_shared_by_every_server_process(partner):
    """The count lives in the shared cache, not in a process: a second client
    (as a second worker would) sees the same count."""
    partner.throttle_rate = "2/minute"
    partner.save()
    plain = token_for(partner)
    assert ApiClient(plain).get("/api/v1/places/").status_code == 200
    assert ApiClient(plain).get("/api/v1/places/").status_code == 200
    assert ApiClient(plain).get("/api/v1/places/").status_code == 429


@pytest.mark.parametrize(
    "value", ["8836-09-15T08:20:47-22:16", "9999-12-31T23:59:59-23:00", "2020-01-01T00:00:00+15:30"]
)
def test_odd_time_zone_offsets_are_handled(public, value):
    """ISO 8601 allows offsets PostgreSQL refuses: they are read in UTC, never a 500."""
    for url in ("/api/v1/people/", "/api/v1/testimonies/"):
        assert public.get(url, {"modified_since": value}).status_code in (200, 400)
    assert public.get("/api/v1/changes/", {"since": value}).status_code in (200, 400)
