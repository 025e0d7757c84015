"""Faults are answered, not crashed on: every API error is JSON."""

import base64
import logging
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from testimony.models import PartnerFetch
from tests.api.conftest import published

pytestmark = pytest.mark.django_db

CLOSED_PORT = 8139  # in this project's test port range, never listened on


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()["error"]
    assert body["status"] == status
    assert b"Traceback" not in response.content and b"secret internals" not in response.content
    return body


@pytest.mark.parametrize("path", ["/api/v1/broken/", "/api/v1/broken-plain/"])
def test_an_unforeseen_failure_is_a_json_500_with_an_id_in_the_log(settings, caplog, path):
    settings.ROOT_URLCONF = "tests.api.failing_urls"
    with caplog.at_level(logging.ERROR, logger="testimony.api.errors"):
        response = Client(raise_request_exception=False).get(path)
    body = assert_json_error(response, 500)
    assert body["code"] == "server_error" and len(body["error_id"]) == 16
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged and logged[0].exc_info  # the traceback goes to the log, not the client


@pytest.mark.parametrize(
    "cursor",
    [
        "bad",
        base64.b64encode(b"o=1&p=not-a-date&r=0").decode(),
        base64.b64encode(b"o=abc&p=1").decode(),
        base64.b64encode(b"o=1&p=99999999999999999999999999").decode(),
        base64.b64encode(b"p=\x00\xff").decode(),
        base64.b64encode("p=ünï".encode()).decode(),
        base64.b64encode(b"o=-5&r=2&p=").decode(),
    ],
)
@pytest.mark.parametrize("ordering", ["", "-updated_at", "recorded_earliest"])
def test_forged_cursors_are_400(public, cursor, ordering):
    published({"access": "public"})
    query = {"cursor": cursor, **({"ordering": ordering} if ordering else {})}
    response = public.get(f"/api/v1/testimonies/?{urlencode(query)}")
    assert response.status_code == 400, (cursor, ordering, response.content[:300])
    assert response.json()["error"]["status"] == 400


def test_a_malformed_token_is_a_json_401_not_a_crash(public):
    for header in ["Token tc_\x00\x00_x", "Token tc_zzzz_", "Token a b", "Token"]:
        response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/testimonies/")
        assert_json_error(response, 401)


def redis_unreachable(settings):
    url = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": url},
    }
    if "Redis" not in settings.CACHES["default"]["BACKEND"]:
        settings.CACHES["default"] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }


def test_without_redis_the_api_and_the_admin_keep_working(
    settings, partner_client, staff_client, caplog
):
    testimony = published({"access": "all_partners"})
    settings.API_PUBLIC_RATE = "2/minute"
    redis_unreachable(settings)
    with caplog.at_level(logging.WARNING, logger="testimony.api.shared_cache"):
        for _ in range(3):
            partner_client.json("/api/v1/testimonies/")
        partner_client.json(f"/api/v1/testimonies/{testimony.pk}/")
        public = Client()
        statuses = [public.get("/api/v1/testimonies/").status_code for _ in range(3)]
    # Limits still hold, counted in this process.
    assert statuses == [200, 200, 429]
    assert any("Redis unavailable" in r.getMessage() for r in caplog.records)
    # Every fetch is in the table already: nothing waits in a queue that is not there.
    row = PartnerFetch.objects.get(partner=partner_client.partner, record_id=testimony.pk)
    assert row.times == 4
    admin = staff_client("Reviewer")
    for page in [
        "/admin/",
        "/admin/testimony/testimony/",
        f"/admin/testimony/testimony/{testimony.pk}/change/",
        "/admin/testimony/partnerfetch/",
    ]:
        assert admin.get(page).status_code == 200, page
    ready = Client().get("/healthz/ready/")
    assert ready.status_code == 200 and ready.json()["redis"] == "unavailable"


@pytest.mark.django_db(transaction=True)
def test_without_the_database_the_api_answers_json_503(settings):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = str(CLOSED_PORT)
    connection.settings_dict["HOST"] = "127.0.0.1"
    try:
        for path in [
            "/api/v1/testimonies/",
            "/api/v1/people/?q=kim",
            "/api/v1/search/?q=camp",
            "/api/v1/changes/?since=2020-01-01T00:00:00Z",
        ]:
            response = Client(raise_request_exception=False).get(path)
            body = assert_json_error(response, 503)
            assert body["code"] == "service_unavailable"
            assert response["Retry-After"] == "5"
        partner = Client(HTTP_AUTHORIZATION="Token tc_0123456789abcdef_secret")
        assert_json_error(partner.get("/api/v1/testimonies/"), 503)
        ready = Client(raise_request_exception=False).get("/healthz/ready/")
        assert ready.status_code == 503 and ready.json()["database"] == "unavailable"
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert Client().get("/api/v1/testimonies/").status_code == 200
