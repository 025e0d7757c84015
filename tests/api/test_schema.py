"""The committed OpenAPI schema is the one the code generates, and its docs work offline."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db
COMMITTED = Path(settings.BASE_DIR) / "config" / "openapi.yaml"


def test_committed_schema_matches_the_generated_one(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--api-version", "v1", "--file", str(generated), "--validate")
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(COMMITTED.read_text()), (
        "The API changed: run `make schema` and commit config/openapi.yaml."
    )


def test_withheld_fields_are_nullable_and_required():
    """A field a consent can hide is present with null, never missing."""
    components = yaml.safe_load(COMMITTED.read_text())["components"]["schemas"]
    detail = components["TestimonyDetail"]
    assert "transcripts" in detail["required"] and detail["properties"]["transcripts"]["nullable"]
    assert "narrator" in detail["required"]
    person_ref = components["PersonRef"]
    assert set(person_ref["required"]) == {"id", "name", "relationship"}
    assert all(person_ref["properties"][f]["nullable"] for f in ("id", "name"))


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_are_served_from_local_assets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html


def test_schema_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/testimonies/" in response.content
