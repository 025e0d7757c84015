"""Exports name files by addresses that last (``/api/v1/media/<id>/...``):
kept by a harvester, they still play once every signed link has expired, and
each fetch asks the disclosure rules again, so a withdrawal closes them at once."""

import re
import time

import pytest
from lxml import etree

from testimony.interchange import ohms
from tests.api.conftest import ApiClient, published
from tests.api.test_files import audio_of
from tests.factories import ConsentFactory, SealedRangeFactory
from tests.recordings.helpers import seconds, streamed

pytestmark = pytest.mark.django_db

NS = {"o": ohms.NAMESPACE}


def exported_links(client, testimony) -> dict[str, str]:
    """The recording's address in the manifest and in the OHMS export."""
    base = f"/api/v1/testimonies/{testimony.pk}/"
    manifest = client.json(f"{base}manifest.json")
    document = etree.fromstring(client.get(f"{base}ohms.xml").content)
    return {
        "iiif": manifest["items"][0]["items"][0]["items"][0]["body"]["id"],
        "ohms": document.findtext("o:record/o:media_url", namespaces=NS),
    }


def every_export(client, testimony) -> str:
    detail = client.json(f"/api/v1/testimonies/{testimony.pk}/")
    urls = [v for v in detail["exports"].values() if isinstance(v, str)]
    urls += [c["url"] for c in detail["exports"]["captions"]]
    return "\n".join(client.get(url).content.decode() for url in urls) + str(detail["exports"])


def test_exported_links_still_play_after_signed_links_expire(public, settings):
    testimony = published({"access": "public", "audio": "public", "transcript": "public"})
    audio = audio_of(testimony)
    links = exported_links(public, testimony)
    lasting = f"http://testserver/api/v1/media/{audio.pk}/content"
    assert links == {"iiif": lasting, "ohms": lasting}
    harvested = public.get(
        "/oai/",
        {
            "verb": "GetRecord",
            "metadataPrefix": "ohms",
            "identifier": f"oai:testserver:testimony/{testimony.pk}",
        },
    )
    assert f"<media_url>{lasting}</media_url>" in harvested.content.decode()
    signed = public.json(f"/api/v1/testimonies/{testimony.pk}/")["media"][0]["links"]["file"]
    assert "/api/v1/files/" not in every_export(public, testimony)
    settings.MEDIA_LINK_SECONDS = 1
    time.sleep(2.1)
    assert public.get(signed).status_code == 404  # the detail's link has expired
    played = public.get(lasting)
    assert played.status_code == 200 and played["Content-Type"] == "audio/mp4"
    assert streamed(played)[4:8] == b"ftyp"  # the access copy, never the original
    part = public.get(lasting, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206 and len(streamed(part)) == 10
    assert played["Cache-Control"] == "private, no-store"


def test_a_withdrawal_closes_the_lasting_address_at_once(public, partner_client):
    testimony = published({"access": "public", "audio": "public"})
    audio = audio_of(testimony)
    url = f"/api/v1/media/{audio.pk}/content"
    assert public.get(url).status_code == 200
    assert partner_client.get(url).status_code == 200
    ConsentFactory(testimony=testimony, access="closed", withdrawn=True)
    for client in (public, partner_client):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_a_partners_address_needs_its_token(public, partner_client, partner):
    testimony = published({"access": "named_partners", "partners": [partner], "audio": "partners"})
    audio = audio_of(testimony)
    links = exported_links(partner_client, testimony)
    assert links["iiif"] == links["ohms"] == f"http://testserver/api/v1/media/{audio.pk}/content"
    assert partner_client.get(links["iiif"]).status_code == 200
    assert public.get(links["iiif"]).status_code == 404
    bad = ApiClient("tc_0123456789abcdef_wrong").get(links["iiif"])
    assert bad.status_code == 401
    # Only the copies a file has: a recording has no web-size image.
    assert partner_client.get(f"/api/v1/media/{audio.pk}/web").status_code == 404
    assert partner_client.get(f"/api/v1/media/{audio.pk}/file").status_code == 404


def test_the_lasting_address_waits_while_a_copy_is_prepared(public):
    testimony = published({"access": "public", "audio": "public"})
    audio = audio_of(testimony)
    url = exported_links(public, testimony)["iiif"]
    SealedRangeFactory(testimony=testimony, start=seconds(0), end=seconds(1))
    response = public.get(url)
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json()["error"]["code"] == "recording_preparing"
    assert re.search(rf"/media/{audio.pk}/content$", url)
