"""The testimony's export page in the admin: staff choose the audience (staff,
the public, each active partner by name), the translation and the format, and
receive the very file the API gives that audience."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import ApiClient, published, released, token_for
from tests.factories import PartnerFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

OPEN = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}


def export_url(testimony):
    return reverse("admin:testimony_testimony_export", args=[testimony.pk])


def test_the_page_lists_active_partners_in_constant_queries(staff_client):
    testimony = published(OPEN)
    client = staff_client("Cataloguer")
    change = client.get(reverse("admin:testimony_testimony_change", args=[testimony.pk]))
    assert export_url(testimony) in change.content.decode()

    def counted():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(export_url(testimony))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    PartnerFactory(name="Daily Archive")
    PartnerFactory(name="Gone Museum", is_active=False)
    few, page = counted()
    assert "Daily Archive" in page and "Gone Museum" not in page
    assert 'value="staff"' in page and 'value="public"' in page
    for number in range(6):
        PartnerFactory(name=f"Partner {number}")
    many, page = counted()
    assert "Partner 5" in page
    assert many == few


def test_each_audience_receives_what_the_api_gives_it(staff_client):
    testimony = published(OPEN)
    SegmentFactory(testimony=testimony, title="OpenForAll")
    SegmentFactory(testimony=testimony, title="ClosedForOutside", is_closed=True)
    original = TranscriptFactory(testimony=testimony, language="ko")
    TranscriptFactory(testimony=testimony, language="en", translation_of=original)
    TranscriptFactory(testimony=testimony, language="ja", translation_of=original)
    released(testimony)
    partner = PartnerFactory(name="Daily Archive")
    api = ApiClient(token_for(partner))
    client = staff_client("Cataloguer")
    base = f"/api/v1/testimonies/{testimony.pk}/"
    choice = {"audience": f"partner-{partner.pk}"}
    admin_ohms = client.get(export_url(testimony), choice | {"format": "ohms"})
    assert admin_ohms.status_code == 200
    assert admin_ohms.content == api.get(f"{base}ohms.xml").content
    admin_iiif = client.get(export_url(testimony), choice | {"format": "iiif"})
    assert admin_iiif.json() == api.json(f"{base}manifest.json")
    public = client.get(export_url(testimony), {"audience": "public", "format": "ohms"})
    assert public.content == ApiClient().get(f"{base}ohms.xml").content
    assert b"ClosedForOutside" not in public.content
    staff = client.get(export_url(testimony), {"audience": "staff", "format": "ohms"})
    assert b"ClosedForOutside" in staff.content and b"OpenForAll" in staff.content
    # The translation chosen for the _alt fields, as the API's ?translation= does.
    japanese = client.get(export_url(testimony), choice | {"format": "ohms", "translation": "ja"})
    assert japanese.content == api.get(f"{base}ohms.xml", {"translation": "ja"}).content
    assert b"<transcript_alt_lang>ja</transcript_alt_lang>" in japanese.content


def test_an_unknown_audience_is_refused_on_the_form(staff_client):
    testimony = published(OPEN)
    gone = PartnerFactory(is_active=False)
    client = staff_client("Cataloguer")
    response = client.get(export_url(testimony), {"audience": f"partner-{gone.pk}"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
