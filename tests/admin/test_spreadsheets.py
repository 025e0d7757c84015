"""CSV import and export (django-import-export) of people with name variants,
places, subjects and testimonies' header data: a dry run that shows creates,
updates and per-row errors and writes nothing; an export imported again changes
nothing; an import never publishes."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import Person, Place, Subject
from catalog.spreadsheets import PersonResource, PlaceResource, SubjectResource
from testimony.interchange.spreadsheets import TestimonyResource
from testimony.models import Testimony
from tests.factories import (
    CollectionFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    person = PersonFactory(preferred_name="Kim Min-su", birth="1940~")
    person.names.create(name="김민수", script="Hang", language="ko", kind="korean")
    person.names.create(
        name="Kim Minsu", script="Latn", language="ko", romanisation="rr", kind="korean"
    )
    parent = PlaceFactory(name="North Hamgyong", kind="province")
    place = PlaceFactory(
        name="Chongjin", kind="city", parent=parent, latitude="41.795556", longitude="129.775833"
    )
    place.names.create(name="清津", script="Hani", language="ja")
    broader = SubjectFactory(label="Migration")
    subject = SubjectFactory(label="Repatriation", broader=broader)
    subject.labels.create(label="帰国事業", language="ja")
    TestimonyFactory(narrator=person, place=place, languages=["ko", "ja"], title="청진 / 清津")
    return person, place, subject


def round_trip(resource):
    exported = resource.export()
    result = resource.import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    return result.totals


@pytest.mark.parametrize(
    "resource", [PersonResource, PlaceResource, SubjectResource, TestimonyResource]
)
def test_export_then_import_changes_nothing(records, resource):
    totals = round_trip(resource())
    assert totals["new"] == 0 and totals["update"] == 0 and totals["delete"] == 0
    assert totals["skip"] > 0


def test_people_with_variants_are_created_and_updated(records):
    person = records[0]
    data = tablib.Dataset(headers=["id", "preferred_name", "names", "birth"])
    data.append([person.pk, "Kim Min-su", "김민수 (Hang, ko, , korean)", "1940~"])
    data.append(
        ["", "Pak Yong-hui", "박영희 (Hang, ko, , korean) | 朴英姫 (Hani, ja, , japanese)", ""]
    )
    preview = PersonResource().import_data(data, dry_run=True)
    assert preview.totals["update"] == 1 and preview.totals["new"] == 1
    assert not Person.objects.filter(preferred_name="Pak Yong-hui").exists()  # dry run
    PersonResource().import_data(data, dry_run=False)
    assert list(person.names.values_list("name", flat=True)) == ["김민수"]
    created = Person.objects.get(preferred_name="Pak Yong-hui")
    assert sorted(created.names.values_list("name", flat=True)) == ["朴英姫", "박영희"]


def test_bad_rows_are_reported_per_row_and_nothing_is_written(records):
    data = tablib.Dataset(headers=["id", "name", "kind", "names", "latitude", "longitude"])
    data.append(["", "Hamhung", "city", "함흥 (Hang, ko, )", "39.9", "127.5"])
    data.append(["", "Nowhere", "city", "no brackets here", "", ""])
    data.append(["", "Halfway", "city", "", "91", ""])
    result = PlaceResource().import_data(data, dry_run=True)
    failed = {row.number for row in result.invalid_rows}
    assert failed == {2, 3}
    messages = " ".join(str(row.error_dict) for row in result.invalid_rows)
    assert "is not" in messages
    assert not Place.objects.filter(name__in=["Hamhung", "Nowhere", "Halfway"]).exists()


def test_testimony_import_edits_header_never_status(records):
    testimony = Testimony.objects.get()
    collection = CollectionFactory(code="niigata")
    data = tablib.Dataset(headers=["catalogue_id", "title", "collection", "status", "languages"])
    data.append([testimony.catalogue_id, "New title", "niigata", "published", "ko"])
    result = TestimonyResource().import_data(data, dry_run=False)
    assert not result.has_errors(), result.invalid_rows
    testimony.refresh_from_db()
    assert testimony.title == "New title" and testimony.collection == collection
    assert testimony.status == "draft" and testimony.languages == ["ko"]


def test_admin_import_shows_a_dry_run_before_writing(staff_client, records):
    client = staff_client("Administrator")
    url = reverse("admin:catalog_subject_import")
    page = client.get(url)
    assert page.status_code == 200
    csv = "id,label,labels,broader,scope_note\n,Labour camps,노동 수용소 (ko),Migration,\n"
    upload = SimpleUploadedFile("subjects.csv", csv.encode(), content_type="text/csv")
    response = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Labour camps" in body and "New" in body
    assert not Subject.objects.filter(label="Labour camps").exists()
    export = client.get(reverse("admin:catalog_person_export"))
    assert export.status_code == 200
