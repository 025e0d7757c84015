"""Uploads through the admin: checked before anything is stored."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from testimony.models import MediaFile
from testimony.models.media import private_storage
from tests.admin.forms import add_inline_form, form_data
from tests.factories import PersonFactory, TestimonyFactory
from tests.files import samples

pytestmark = pytest.mark.django_db
ADD = reverse("admin:testimony_mediafile_add")


def form_errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(message for messages in form.errors.values() for message in messages)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_file(client, name, data, kind="photo", **owner):
    owner = owner or {"testimony": TestimonyFactory().pk}
    return client.post(
        ADD, {"kind": kind, "description": "", **owner, "file": samples.upload(name, data)}
    )


def test_a_photo_is_stored_with_its_facts_and_derivatives(staff_client, settings):
    client = staff_client("Cataloguer")
    data = samples.jpeg((64, 48))
    response = post_file(client, "portrait.jpg", data)
    assert response.status_code == 302, response.content[:2000]
    media = MediaFile.objects.get()
    assert media.original_name == "portrait.jpg"
    assert media.content_type == "image/jpeg"
    assert media.size == len(data)
    import hashlib

    assert media.sha256 == hashlib.sha256(data).hexdigest()
    assert (media.width, media.height) == (64, 48)
    assert media.file.name.startswith("testimony/") and "portrait" not in media.file.name
    with media.file.open("rb") as handle:
        assert handle.read() == data  # the original untouched
    with media.thumbnail.open("rb") as handle:
        assert Image.open(handle).format == "JPEG"
    # The admin previews it for staff.
    page = client.get(reverse("admin:testimony_mediafile_change", args=[media.pk]))
    assert media.thumbnail.url in page.content.decode()


def test_derivatives_lose_exif_and_gps_and_stand_upright(staff_client):
    original = samples.jpeg_with_gps((60, 40))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # GPS is there
    response = post_file(staff_client("Cataloguer"), "camp.jpg", original)
    assert response.status_code == 302
    media = MediaFile.objects.get()
    for copy in (media.web, media.thumbnail):
        with copy.open("rb") as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif()
        assert b"Exif" not in data and b"Fictional Camera" not in data
        assert image.size == (40, 60)  # orientation 6 applied: now portrait
    with media.file.open("rb") as handle:
        assert handle.read() == original


def test_a_recording_gets_its_duration(staff_client):
    response = post_file(staff_client("Cataloguer"), "interview.wav", samples.wav(1.5), "audio")
    assert response.status_code == 302
    media = MediaFile.objects.get()
    assert media.content_type == "audio/x-wav"
    assert media.duration.total_seconds() == pytest.approx(1.5)


HOSTILE = [
    ("bomb.png", samples.pixel_bomb, "photo", "too many pixels"),
    ("poster.png", samples.polyglot, "photo", "web-page markup"),
    ("truncated.jpg", samples.truncated_jpeg, "photo", "damaged or truncated"),
    ("drawing.eps", samples.eps, "photo", "application/postscript"),
    ("disguised.jpg", samples.eps, "photo", "application/postscript"),
    ("lying.jpg", samples.png, "photo", "named .jpg but its content is PNG"),
    ("notes.pdf", samples.pdf, "photo", "photo files must be one of: JPEG, PNG, TIFF, WebP"),
    ("song.mp3", samples.png, "audio", "audio files must be one of"),
]


@pytest.mark.parametrize("name,make,kind,message", HOSTILE)
def test_hostile_files_are_refused_and_nothing_is_stored(
    staff_client, settings, name, make, kind, message
):
    testimony = TestimonyFactory()
    response = post_file(staff_client("Cataloguer"), name, make(), kind, testimony=testimony.pk)
    assert response.status_code == 200  # the form again, with the error
    errors = form_errors(response)
    assert message in errors, errors
    assert not MediaFile.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_an_oversized_file_is_refused_before_it_is_read(staff_client, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    response = post_file(staff_client("Cataloguer"), "big.jpg", samples.jpeg((400, 400)))
    assert response.status_code == 200
    assert "the limit is 1000" in form_errors(response)
    assert not MediaFile.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_a_duplicate_is_reported_with_the_file_it_repeats(staff_client, settings):
    client = staff_client("Cataloguer")
    data = samples.png()
    assert post_file(client, "first.png", data).status_code == 302
    first = MediaFile.objects.get()
    response = post_file(client, "again.png", data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "already in the catalogue" in errors and f"file {first.pk}" in errors
    assert MediaFile.objects.count() == 1
    assert len(stored_files(settings.PRIVATE_MEDIA_ROOT / "testimony")) == 1


def test_photos_upload_inline_on_a_person(staff_client):
    client = staff_client("Cataloguer")
    person = PersonFactory()
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = form_data(client, url)
    prefix = "media_files"
    add_inline_form(data, prefix, kind="photo", description="Fictional portrait")
    data[f"{prefix}-0-file"] = samples.upload("portrait.png", samples.png())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    photo = person.media_files.get()
    assert photo.kind == "photo" and photo.file.name.startswith("person/")
    assert photo.thumbnail


def test_a_consent_form_scan_is_checked_and_filed_with_its_consent(staff_client, settings):
    client = staff_client("Reviewer")
    testimony = TestimonyFactory()
    url = reverse("admin:testimony_consentrecord_add") + f"?testimony={testimony.pk}"
    data = form_data(client, url)
    data.update(given_on="2024-05-01", method=data.get("method") or "written")
    data["form_scan"] = samples.upload("form.eps", samples.eps())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "application/postscript" in form_errors(response)
    assert not testimony.consents.exists()
    data["form_scan"] = samples.upload("form.pdf", samples.pdf())
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    scan = testimony.consents.get().scans.get()
    assert scan.file.name.startswith("consent/") and scan.kind == "document"
    assert private_storage.exists(scan.file.name)
