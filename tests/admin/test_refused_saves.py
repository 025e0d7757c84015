"""What a save must not store: segments sharing time, an EDTF interval ending
before it starts, the same file twice. Each refusal says what and loses nothing."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Person
from testimony.models import MediaFile, Segment
from tests.admin.forms import add_inline_form, form_data
from tests.factories import PersonFactory, SegmentFactory, TestimonyFactory
from tests.files import samples

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=1)


def page_of(testimony):
    return reverse("admin:testimony_testimony_change", args=[testimony.pk])


def add_segment(data, start, end, title):
    return add_inline_form(data, "segments", start=start, end=end, title=title)


def test_a_new_segment_overlapping_another_is_refused(staff_client):
    client = staff_client("Cataloguer")
    segment = SegmentFactory(title="Niigata (fictional)", start=1 * M, end=5 * M)
    url = page_of(segment.testimony)
    data = add_segment(form_data(client, url), "00:04:00", "00:08:00", "Crossing (fictional)")
    page = client.post(url, data).content.decode()
    assert (
        "Segments 00:01:00–00:05:00 “Niigata (fictional)” and 00:04:00–00:08:00 "
        "“Crossing (fictional)” overlap each other" in page
    )
    assert Segment.objects.count() == 1
    # Starting where the other ends is no overlap.
    data = add_segment(form_data(client, url), "00:05:00", "00:08:00", "Crossing (fictional)")
    assert client.post(url, data).status_code == 302
    assert Segment.objects.count() == 2


def test_the_same_range_twice_in_one_save_is_refused(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory()
    url = page_of(testimony)
    data = add_segment(form_data(client, url), "00:10:00", "00:12:00", "Arrival (fictional)")
    data = add_segment(data, "00:10:00", "00:12:00", "Arrival again (fictional)")
    page = client.post(url, data).content.decode()
    assert "repeat each other" in page
    assert not Segment.objects.exists()


def test_moving_an_existing_segment_onto_another_is_refused(staff_client):
    client = staff_client("Cataloguer")
    first = SegmentFactory(start=1 * M, end=2 * M)
    SegmentFactory(testimony=first.testimony, start=3 * M, end=4 * M, title="Second (fictional)")
    url = page_of(first.testimony)
    data = form_data(client, url) | {"segments-0-end": "00:03:30"}
    assert "overlap each other" in client.post(url, data).content.decode()
    assert Segment.objects.get(pk=first.pk).end == 2 * M
    # On the segment's own page, the same.
    own = reverse("admin:testimony_segment_change", args=[first.pk])
    data = form_data(client, own) | {"end": "00:03:30"}
    assert "overlap each other" in client.post(own, data).content.decode()
    assert Segment.objects.get(pk=first.pk).end == 2 * M


def test_an_edtf_interval_that_ends_before_it_starts_is_refused(staff_client):
    client = staff_client("Cataloguer")
    person = PersonFactory(birth="1940")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = form_data(client, url) | {"birth": "1945/1941"}
    page = client.post(url, data).content.decode()
    assert "“1945/1941” ends before it starts" in page
    assert Person.objects.get(pk=person.pk).birth == "1940"
    data["birth"] = "1941/1945"
    assert client.post(url, data).status_code == 302


def test_the_same_file_twice_in_one_save_is_refused_naming_both(staff_client, settings):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory()
    url = page_of(testimony)
    data = form_data(client, url)
    photo = samples.jpeg()
    add_inline_form(data, "media_files", kind="photo", description="One (fictional)")
    add_inline_form(data, "media_files", kind="photo", description="Two (fictional)")
    data["media_files-0-file"] = samples.upload("front.jpg", photo)
    data["media_files-1-file"] = samples.upload("front-copy.jpg", photo)
    page = client.post(url, data).content.decode()
    assert "“front-copy.jpg” is the same file as “front.jpg”, chosen twice in this save" in page
    assert not MediaFile.objects.exists()
    root = settings.PRIVATE_MEDIA_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_a_refused_upload_names_the_file_and_keeps_what_was_typed(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory(title="Before (fictional)")
    url = page_of(testimony)
    data = form_data(client, url) | {"title": "Typed title (fictional)"}
    add_inline_form(data, "media_files", kind="photo", description="Typed caption (fictional)")
    add_inline_form(data, "media_files", kind="document", description="Scan (fictional)")
    data["media_files-0-file"] = samples.upload("bomb.png", samples.pixel_bomb())
    data["media_files-1-file"] = samples.upload("letter.pdf", samples.pdf())
    add_segment(data, "00:01:00", "00:02:00", "Typed segment (fictional)")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "“bomb.png” was not stored:" in page
    for typed in ("Typed title (fictional)", "Typed caption (fictional)", "Typed segment"):
        assert typed in page  # shown again, to be saved once the file is replaced
    assert not MediaFile.objects.exists() and not Segment.objects.exists()
