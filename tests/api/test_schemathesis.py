"""schemathesis against the committed schema, as the public and as a partner:
no server errors, responses that match the schema, documented status codes."""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import token_for
from tests.factories import PartnerFactory

schema = schemathesis.openapi.from_path(Path(settings.BASE_DIR) / "config" / "openapi.yaml")
schema.app = application
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
FUZZ = hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes the database connection after each request; the
    test's transaction lives on that connection (Django's test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db, settings, wsgi_keeps_the_test_connection):
    """The seeded catalogue, with the request limits out of the way."""
    settings.API_PUBLIC_RATE = "1000000/minute"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("load_catalogue", verbosity=0)
    partner = PartnerFactory(throttle_rate="1000000/minute")
    return {"Authorization": f"Token {token_for(partner)}"}


@schema.parametrize()
@FUZZ
def test_api_as_the_public(case, catalogue):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_as_a_partner(case, catalogue):
    case.call_and_validate(headers=catalogue, checks=CHECKS)
