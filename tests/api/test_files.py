"""Files through the API: signed links, consent asked again on every fetch."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from testimony.files import links
from testimony.files.store import apply_facts, check_upload
from testimony.models import MediaFile
from tests.api.conftest import published, released
from tests.factories import ConsentFactory, PersonFactory
from tests.files import samples
from tests.recordings import signals
from tests.recordings.helpers import made, recording

pytestmark = pytest.mark.django_db


def stored(kind, data, name, **owner) -> MediaFile:
    upload = SimpleUploadedFile(name, data)
    media = MediaFile(kind=kind, **owner)
    apply_facts(media, upload, check_upload(upload, kind))
    media.save()
    return media


def audio_of(testimony) -> MediaFile:
    """A recording added to the testimony, released with it, and its access
    copies made."""
    audio = recording(testimony, signals.wav(2))
    made(audio)
    return audio


def media_entry(client, testimony):
    return client.json(f"/api/v1/testimonies/{testimony.pk}/")["media"]


def test_a_recording_streams_by_its_signed_link_with_ranges(public):
    testimony = published({"access": "public", "audio": "public"})
    audio = audio_of(testimony)
    (entry,) = media_entry(public, testimony)
    assert set(entry["links"]) == {"file"} and entry["links_expire_at"]
    url = entry["links"]["file"]
    copy = audio.access_copies.get()
    with copy.file.open("rb") as handle:
        data = handle.read()
    assert entry["size"] == len(data) and entry["content_type"] == "audio/mp4"
    whole = public.get(url)
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == data
    assert whole["Content-Type"] == "audio/mp4"
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert whole["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert whole["Content-Disposition"] == f'inline; filename="file-{audio.pk}-file.m4a"'
    assert whole["Accept-Ranges"] == "bytes"
    size = len(data)
    for header, start, end in (
        ("bytes=100-299", 100, 299),
        (f"bytes={size - 240}-", size - 240, size - 1),
        ("bytes=-40", size - 40, size - 1),
        (f"bytes={size - 40}-99999999", size - 40, size - 1),
    ):
        part = public.get(url, HTTP_RANGE=header)
        assert part.status_code == 206, header
        assert part["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert part["Content-Length"] == str(end - start + 1)
        assert b"".join(part.streaming_content) == data[start : end + 1]
    beyond = public.get(url, HTTP_RANGE=f"bytes={size + 10}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    # Several ranges are answered with the whole file.
    assert public.get(url, HTTP_RANGE="bytes=0-1,5-6").status_code == 200


def test_a_link_dies_the_moment_its_testimony_is_withdrawn(public, partner_client):
    testimony = published({"access": "public", "audio": "public"})
    audio_of(testimony)
    public_url = media_entry(public, testimony)[0]["links"]["file"]
    partner_url = media_entry(partner_client, testimony)[0]["links"]["file"]
    assert public.get(public_url).status_code == 200
    ConsentFactory(testimony=testimony, access="closed", withdrawn=True)
    for client, url in ((public, public_url), (partner_client, partner_url)):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_a_link_dies_when_the_medium_is_closed_to_its_audience(public):
    testimony = published({"access": "public", "audio": "public"})
    audio_of(testimony)
    url = media_entry(public, testimony)[0]["links"]["file"]
    ConsentFactory(testimony=testimony, access="public", audio="partners")
    assert public.get(url).status_code == 404


def test_links_expire(public, settings):
    testimony = published({"access": "public", "audio": "public"})
    audio_of(testimony)
    url = media_entry(public, testimony)[0]["links"]["file"]
    settings.MEDIA_LINK_SECONDS = 1
    time.sleep(1.2)
    assert public.get(url).status_code == 404


def test_a_link_is_for_its_own_audience_and_cannot_be_forged(public, partner_client):
    testimony = published({"access": "all_partners", "audio": "partners"})
    audio_of(testimony)
    url = media_entry(partner_client, testimony)[0]["links"]["file"]
    assert partner_client.get(url).status_code == 200
    token = url.rstrip("/").rsplit("/", 1)[1]
    value, signature = token.rsplit(":", 1)
    assert public.get(url.replace(token, f"{value}:{signature[::-1]}")).status_code == 404
    assert public.get("/api/v1/files/not-a-link/").status_code == 404
    partner_client.partner.is_active = False
    partner_client.partner.save()
    assert public.get(url).status_code == 404  # the link no longer stands for anyone


def test_images_leave_only_as_derivatives(public):
    testimony = published({"access": "public", "photos": "public"})
    photo = stored("photo", samples.jpeg_with_gps(), "camp.jpg", testimony=testimony)
    released(testimony)
    (entry,) = media_entry(public, testimony)
    assert set(entry["links"]) == {"web", "thumbnail"}
    web = public.get(entry["links"]["web"])
    assert web.status_code == 200 and web["Content-Type"] == "image/jpeg"
    body = b"".join(web.streaming_content)
    with photo.web.open("rb") as handle:
        assert body == handle.read()
    with photo.file.open("rb") as handle:
        assert body != handle.read()
    # A link to the original cannot be made from outside: its copy name is refused.
    forged = links.link(links.Audience.public(), photo, links.RECORDING)
    assert public.get(forged).status_code == 404


def test_missing_derivatives_are_rebuilt_on_fetch(public):
    testimony = published({"access": "public", "photos": "public"})
    photo = stored("photo", samples.jpeg(), "p.jpg", testimony=testimony)
    released(testimony)
    photo.thumbnail.storage.delete(photo.thumbnail.name)
    url = media_entry(public, testimony)[0]["links"]["thumbnail"]
    response = public.get(url)
    assert response.status_code == 200
    photo.refresh_from_db()
    assert photo.thumbnail.storage.exists(photo.thumbnail.name)


def test_consent_scans_and_documents_never_get_an_outside_link(public, partner_client):
    testimony = published({"access": "public", "photos": "public", "audio": "public"})
    document = stored("document", samples.pdf(), "letter.pdf", testimony=testimony)
    consent = testimony.consents.get(is_current=True)
    scan = stored("document", samples.png(), "form.png", consent=consent)
    assert media_entry(public, testimony) == []  # documents stay with staff
    for media, copy in ((scan, "web"), (scan, "thumbnail"), (document, "file")):
        for client, audience in (
            (public, links.Audience.public()),
            (partner_client, links.Audience.for_partner(partner_client.partner)),
        ):
            assert client.get(links.link(audience, media, copy)).status_code == 404


def test_person_photos_follow_the_narrators_consent(public):
    figure = PersonFactory(is_public_figure=True)
    figure_photo = stored("photo", samples.jpeg(color=(1, 2, 3)), "f.jpg", person=figure)
    named = PersonFactory()
    published(
        {"access": "public", "name_disclosure": "real_name", "photos": "public"}, narrator=named
    )
    named_photo = stored("photo", samples.jpeg(color=(4, 5, 6)), "n.jpg", person=named)
    shy = PersonFactory()
    published({"access": "public", "name_disclosure": "real_name", "photos": "none"}, narrator=shy)
    stored("photo", samples.jpeg(color=(7, 8, 9)), "s.jpg", person=shy)
    hidden = PersonFactory()
    published(
        {
            "access": "public",
            "name_disclosure": "pseudonym",
            "pseudonym": "Fictional P.",
            "photos": "public",
        },
        narrator=hidden,
    )
    hidden_photo = stored("photo", samples.jpeg(color=(9, 9, 9)), "h.jpg", person=hidden)

    def photo_ids(person):
        return [p["id"] for p in public.json(f"/api/v1/people/{person.pk}/")["photos"]]

    assert photo_ids(figure) == [figure_photo.pk]
    assert photo_ids(named) == [named_photo.pk]
    assert photo_ids(shy) == []
    public.json(f"/api/v1/people/{hidden.pk}/", expect=404)
    url = links.link(links.Audience.public(), hidden_photo, links.WEB)
    assert public.get(url).status_code == 404
