"""A token is shown once, on the page that issues it, and nowhere else."""

import datetime
import json
import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from pghistory.models import Events

from testimony.models import PartnerToken
from tests.api.conftest import ApiClient
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_issued_token_is_on_the_page_only(staff_client, caplog):
    partner = PartnerFactory()
    admin = staff_client("Administrator")
    expires = (timezone.now() + datetime.timedelta(days=30)).strftime("%Y-%m-%d")
    with caplog.at_level(logging.DEBUG):
        response = admin.post(
            "/admin/testimony/partnertoken/add/",
            {
                "partner": partner.pk,
                "name": "nightly",
                "expires_at_0": expires,
                "expires_at_1": "03:00:00",
            },
        )
        assert response.status_code == 200
        token = PartnerToken.objects.get(partner=partner)
        plain = response.context["plain_token"]
        secret = plain.split("_", 2)[2]
        assert plain.encode() in response.content and "no-store" in response["Cache-Control"]
        # Reading it back anywhere else in the admin shows nothing of the secret.
        pages = [
            admin.get("/admin/testimony/partnertoken/"),
            admin.get(f"/admin/testimony/partnertoken/{token.pk}/change/"),
            admin.get("/admin/"),
        ]
    assert ApiClient(plain).get("/api/v1/testimonies/").status_code == 200

    assert secret not in str(response.cookies) and secret not in str(admin.cookies)
    for page in pages:
        assert secret.encode() not in page.content
        assert secret not in str(page.cookies)
    assert "messages" not in admin.cookies
    assert not any(secret in r.getMessage() or secret in str(r.args) for r in caplog.records)
    assert not any(secret in f"{e.object_repr} {e.change_message}" for e in LogEntry.objects.all())
    history = [json.dumps(event.pgh_data) for event in Events.objects.all()]
    assert history and not any(secret in row for row in history)
    assert secret not in token.secret_hash
