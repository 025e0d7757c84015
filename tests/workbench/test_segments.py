"""Segments saved one at a time from the workbench: captured starts, open ends,
tags, errors at the field, and a stale save refused with who changed it."""

import datetime

import pytest

from testimony.models import Segment
from tests import factories as f
from tests.workbench.conftest import post, url, version

pytestmark = pytest.mark.django_db
T = datetime.timedelta


def body(**fields):
    return {"start": "0:00", "title": "A segment", **fields}


def test_page_opens_from_the_testimony_page(cataloguer, testimony):
    change = cataloguer.get(f"/admin/testimony/testimony/{testimony.pk}/change/")
    assert url(testimony) in change.content.decode()
    response = cataloguer.get(url(testimony))
    assert response.status_code == 200
    assert "Keyboard shortcuts" in response.content.decode()


def test_page_needs_the_testimony_permission(staff_client, testimony):
    client = staff_client("Cataloguer")
    client.user.groups.clear()
    client.user.is_staff = True
    client.user.save()
    assert client.get(url(testimony)).status_code == 403
    assert post(client, testimony, "segments/", body()).status_code == 403
    assert not Segment.objects.exists()


def test_capture_segments_ending_where_the_next_begins(cataloguer, testimony):
    first = post(cataloguer, testimony, "segments/", body(start="62:03", title="Departure"))
    assert first.status_code == 201, first.json()
    assert first.json()["segment"]["end_tc"] == "03:00:00"  # no next one: the recording's end
    second = post(cataloguer, testimony, "segments/", body(start="1:30:00", title="Arrival"))
    assert second.status_code == 201
    moved = second.json()["moved_ends"]
    departure = Segment.objects.get(title="Departure")
    assert departure.start == T(hours=1, minutes=2, seconds=3)
    assert departure.end == T(hours=1, minutes=30)
    arrival = Segment.objects.get(title="Arrival")
    assert moved == {str(departure.pk): 5400.0, str(arrival.pk): 10800.0}
    earlier = post(cataloguer, testimony, "segments/", body(start="60", title="Before"))
    assert earlier.json()["segment"]["end_tc"] == "01:02:03"


def test_set_end_is_kept(cataloguer, testimony):
    post(cataloguer, testimony, "segments/", body(start="10", end="20", title="Set"))
    post(cataloguer, testimony, "segments/", body(start="30", title="Later"))
    assert Segment.objects.get(title="Set").end == T(seconds=20)


def test_update_with_tags_and_keywords(cataloguer, testimony):
    segment = f.SegmentFactory(testimony=testimony, subjects=[f.SubjectFactory()])
    subject, place, person = f.SubjectFactory(), f.PlaceFactory(), f.PersonFactory()
    response = post(
        cataloguer,
        testimony,
        f"segments/{segment.pk}/",
        body(
            start="1:00",
            end="2:00",
            title="Tagged",
            keywords="ship, Niigata, ship",
            subjects=[subject.pk],
            places=[place.pk],
            people=[person.pk],
            version=version(segment),
        ),
    )
    assert response.status_code == 200, response.json()
    segment.refresh_from_db()
    assert segment.title == "Tagged"
    assert segment.keywords == ["ship", "Niigata"]
    assert list(segment.subjects.all()) == [subject]
    assert list(segment.places.all()) == [place]
    assert list(segment.people.all()) == [person]
    assert response.json()["segment"]["version"] == version(segment)


def test_errors_at_the_field_and_nothing_saved(cataloguer, testimony):
    segment = f.SegmentFactory(testimony=testimony, title="Kept")
    response = post(
        cataloguer,
        testimony,
        f"segments/{segment.pk}/",
        {
            "start": "1 minute",
            "end": "4:00:00",
            "title": "",
            "version": version(segment),
            "places": [999999],
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "is not a timecode" in errors["start"][0]
    assert errors["title"]
    response = post(
        cataloguer,
        testimony,
        f"segments/{segment.pk}/",
        body(end="2:00:00", places=[999999], version=version(segment)),
    )
    errors = response.json()["errors"]
    assert errors == {"places": ["No record with id 999999."]}
    response = post(
        cataloguer,
        testimony,
        f"segments/{segment.pk}/",
        body(end="4:00:00", version=version(segment)),
    )
    assert response.json()["errors"] == {"end": ["The recording is only 03:00:00 long."]}
    segment.refresh_from_db()
    assert segment.title == "Kept"


def test_bad_json_is_a_clear_error(cataloguer, testimony):
    response = cataloguer.post(
        url(testimony, "segments/"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["The request is not valid JSON."]}}


def test_stale_save_refused_naming_who(cataloguer, staff_client, testimony):
    segment = f.SegmentFactory(testimony=testimony, title="First")
    other = staff_client("Cataloguer")
    opened = version(segment)
    assert (
        post(
            other, testimony, f"segments/{segment.pk}/", body(title="Theirs", version=opened)
        ).status_code
        == 200
    )
    response = post(
        cataloguer, testimony, f"segments/{segment.pk}/", body(title="Mine", version=opened)
    )
    assert response.status_code == 409
    message = response.json()["errors"]["__all__"][0]
    assert other.user.username in message
    assert "This segment was changed by someone else since you opened it" in message
    assert "title: “First” → “Theirs”" in message
    assert response.json()["current"]["title"] == "Theirs"
    segment.refresh_from_db()
    assert segment.title == "Theirs"


def test_delete_checks_the_version(cataloguer, testimony):
    segment = f.SegmentFactory(testimony=testimony)
    stale = cataloguer.delete(url(testimony, f"segments/{segment.pk}/?version=7"))
    assert stale.status_code == 409
    done = cataloguer.delete(url(testimony, f"segments/{segment.pk}/?version={version(segment)}"))
    assert done.status_code == 200
    assert not Segment.objects.exists()


def test_lookup_and_create_in_place(cataloguer, testimony):
    place = f.PlaceFactory(name="Chongjin")
    place.names.create(name="청진", script="Hang", language="ko")
    found = cataloguer.get(url(testimony, "lookup/places/"), {"q": "청진"}).json()
    assert found == {"results": [{"id": place.pk, "label": "Chongjin"}]}
    created = post(
        cataloguer, testimony, "lookup/places/", {"label": " Hamhung ", "place_kind": "city"}
    )
    assert created.status_code == 201
    again = post(cataloguer, testimony, "lookup/places/", {"label": "hamhung"})
    assert again.status_code == 200
    assert again.json()["record"] == created.json()["record"]
    assert post(cataloguer, testimony, "lookup/rivers/", {"label": "x"}).status_code == 404
    assert post(cataloguer, testimony, "lookup/subjects/", {"label": ""}).json()["errors"]["label"]


def test_a_change_made_in_the_admin_makes_the_workbench_copy_stale(cataloguer, testimony):
    from tests.admin.forms import form_data

    segment = f.SegmentFactory(testimony=testimony, title="Before")
    opened = version(segment)
    page = f"/admin/testimony/segment/{segment.pk}/change/"
    response = cataloguer.post(page, form_data(cataloguer, page) | {"title": "From the admin"})
    assert response.status_code == 302
    stale = post(
        cataloguer, testimony, f"segments/{segment.pk}/", body(title="Mine", version=opened)
    )
    assert stale.status_code == 409
    assert "title: “Before” → “From the admin”" in stale.json()["errors"]["__all__"][0]
    segment.refresh_from_db()
    assert segment.title == "From the admin"


def _inline_title_field(data: dict, title: str) -> str:
    return next(k for k, v in data.items() if k.endswith("-title") and v == title)


def test_testimony_page_edit_makes_the_workbench_copy_stale(cataloguer, staff_client, testimony):
    from tests.admin.forms import form_data

    segment = f.SegmentFactory(testimony=testimony, title="Before")
    shown = cataloguer.get(url(testimony)).context["segments"]
    opened = next(row["version"] for row in shown if row["id"] == segment.pk)
    assert opened == version(segment)
    admin = staff_client("Cataloguer")
    page = f"/admin/testimony/testimony/{testimony.pk}/change/"
    data = form_data(admin, page)
    data[_inline_title_field(data, "Before")] = "From the testimony page"
    assert admin.post(page, data).status_code == 302
    stale = post(
        cataloguer, testimony, f"segments/{segment.pk}/", body(title="Mine", version=opened)
    )
    assert stale.status_code == 409
    message = stale.json()["errors"]["__all__"][0]
    assert message.startswith("This segment was changed by someone else since you opened it")
    assert admin.user.username in message
    assert "title: “Before” → “From the testimony page”" in message
    assert stale.json()["current"]["title"] == "From the testimony page"
    segment.refresh_from_db()
    assert segment.title == "From the testimony page"


def test_workbench_save_makes_the_testimony_page_stale(cataloguer, staff_client, testimony):
    from tests.admin.forms import form_data

    segment = f.SegmentFactory(testimony=testimony, title="Before")
    admin = staff_client("Cataloguer")
    page = f"/admin/testimony/testimony/{testimony.pk}/change/"
    data = form_data(admin, page)
    saved = post(
        cataloguer,
        testimony,
        f"segments/{segment.pk}/",
        body(title="From the workbench", version=version(segment)),
    )
    assert saved.status_code == 200
    data[_inline_title_field(data, "Before")] = "From the testimony page"
    refused = admin.post(page, data)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "This testimony was changed by someone else since you opened it" in text
    assert cataloguer.user.username in text
    assert "title: “Before” → “From the workbench”" in text
    segment.refresh_from_db()
    assert segment.title == "From the workbench"


def test_save_answers_the_new_versions_of_moved_neighbours(cataloguer, testimony):
    first = post(cataloguer, testimony, "segments/", body(start="10", title="First")).json()
    second = post(cataloguer, testimony, "segments/", body(start="60", title="Second")).json()
    earlier = Segment.objects.get(pk=first["segment"]["id"])
    assert second["versions"] == {str(earlier.pk): version(earlier)}
    again = post(
        cataloguer,
        testimony,
        f"segments/{earlier.pk}/",
        body(start="10", title="First, again", version=second["versions"][str(earlier.pk)]),
    )
    assert again.status_code == 200, again.json()
