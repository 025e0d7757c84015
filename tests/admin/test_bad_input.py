"""Bad input in the admin gets a clear message and leaves the stored data unchanged."""

import datetime

import pytest
from django.urls import reverse

from catalog.models import Person
from testimony.models import ConsentRecord, Segment, Testimony
from testimony.services import record_consent
from tests.admin.forms import add_inline_form, form_data, new_consent_fields
from tests.factories import ConsentFactory, PersonFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def snapshot(testimony):
    return (
        Testimony.objects.filter(pk=testimony.pk).values().get(),
        list(testimony.segments.values()),
        list(testimony.consents.values()),
    )


def test_invalid_edtf_date(staff_client):
    client = staff_client("Cataloguer")
    url = reverse("admin:catalog_person_add")
    data = form_data(client, url) | {
        "preferred_name": "Someone (fictional)",
        "birth": "around 1960",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "“around 1960” is not a valid EDTF date" in response.content.decode()
    assert not Person.objects.filter(preferred_name="Someone (fictional)").exists()


def test_unknown_script_in_a_name_variant(staff_client):
    client = staff_client("Cataloguer")
    person = PersonFactory(preferred_name="Before (fictional)")
    url = change_url(person)
    data = form_data(client, url) | {"preferred_name": "After (fictional)"}
    add_inline_form(data, "names", name="김", kind="korean", script="Hngl", language="ko")
    response = client.post(url, data)
    # Scripts are chosen by name: a code outside the list is refused at the field.
    assert "Select a valid choice. Hngl is not one of the available choices." in (
        response.content.decode()
    )
    person.refresh_from_db()
    assert person.preferred_name == "Before (fictional)"
    assert not person.names.exists()


def test_segment_that_ends_before_it_starts(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory()
    before = snapshot(testimony)
    url = change_url(testimony)
    data = form_data(client, url) | {"title": "Changed title"}
    add_inline_form(data, "segments", start="00:10:00", end="00:05:00", title="Backwards")
    response = client.post(url, data)
    assert "A segment must end after it starts." in response.content.decode()
    assert snapshot(testimony) == before


def test_segment_timecodes_typed_as_hh_mm_ss(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory()
    url = change_url(testimony)
    data = form_data(client, url)
    add_inline_form(data, "segments", start="00:01:02", end="00:59:03.5", title="Typed")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    segment = Segment.objects.get(testimony=testimony)
    assert segment.start == datetime.timedelta(minutes=1, seconds=2)
    assert segment.end == datetime.timedelta(minutes=59, seconds=3, milliseconds=500)
    page = client.get(reverse("admin:testimony_segment_changelist")).content.decode()
    assert "00:01:02" in page and "00:59:03.500" in page


def test_malformed_timecode(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory()
    before = snapshot(testimony)
    url = change_url(testimony)
    data = form_data(client, url)
    add_inline_form(data, "segments", start="1 minute", end="00:05:00", title="Vague")
    response = client.post(url, data)
    assert "“1 minute” is not a timecode" in response.content.decode()
    assert snapshot(testimony) == before


def test_unknown_language_code(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory()
    before = snapshot(testimony)
    url = change_url(testimony)
    response = client.post(url, form_data(client, url) | {"languages": ["ja", "zz"]})
    # Languages are chosen by name: a code outside the list is refused at the field.
    assert "Select a valid choice. zz is not one of the available choices." in (
        response.content.decode()
    )
    assert snapshot(testimony) == before


def test_duplicate_catalogue_identifier(staff_client):
    client = staff_client("Cataloguer")
    TestimonyFactory(catalogue_id="RPT-0001")
    testimony = TestimonyFactory(catalogue_id="RPT-0002")
    before = snapshot(testimony)
    url = change_url(testimony)
    response = client.post(url, form_data(client, url) | {"catalogue_id": "RPT-0001"})
    assert "Another testimony already has this catalogue identifier." in response.content.decode()
    assert snapshot(testimony) == before


def test_reviewer_records_a_new_consent_version(staff_client):
    client = staff_client("Reviewer")
    first = ConsentFactory(access="closed")
    url = change_url(first.testimony)
    data = form_data(client, url)
    add_inline_form(data, "consents", **new_consent_fields(expected_current=str(first.pk)))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    current = ConsentRecord.objects.get(testimony=first.testimony, is_current=True)
    assert (current.version, current.access, current.recorded_by) == (2, "public", client.user)
    first.refresh_from_db()
    assert (first.is_current, first.access) == (False, "closed")


def test_second_current_consent_from_a_stale_page(staff_client):
    client = staff_client("Reviewer")
    first = ConsentFactory(access="closed")
    url = change_url(first.testimony)
    data = form_data(client, url)  # the reviewer opens the page: version 1 is current
    record_consent(
        ConsentRecord(testimony=first.testimony, given_on=datetime.date(2024, 1, 1), method="oral")
    )
    before = snapshot(first.testimony)
    add_inline_form(data, "consents", **new_consent_fields(expected_current=str(first.pk)))
    response = client.post(url, data)
    assert "Another consent record was saved for this testimony while you were editing" in (
        response.content.decode()
    )
    assert snapshot(first.testimony) == before


def test_pseudonym_choice_without_a_pseudonym(staff_client):
    client = staff_client("Reviewer")
    testimony = TestimonyFactory()
    url = change_url(testimony)
    data = form_data(client, url)
    add_inline_form(
        data, "consents", **new_consent_fields(name_disclosure="pseudonym", expected_current="0")
    )
    response = client.post(url, data)
    assert "Give the pseudonym the narrator chose." in response.content.decode()
    assert not testimony.consents.exists()


def test_cataloguer_cannot_publish(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory(status="in_review")
    url = change_url(testimony)
    response = client.post(url, form_data(client, url) | {"status": "published"})
    assert "Only a reviewer can publish a testimony" in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == "in_review"


def test_publishing_is_releasing_not_a_status_typed_in_the_form(staff_client):
    client = staff_client("Reviewer")
    testimony = TestimonyFactory(status="in_review")
    url = change_url(testimony)
    response = client.post(url, form_data(client, url) | {"status": "published"})
    assert "A testimony is published by releasing it" in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == "in_review"


def test_publish_action_is_offered_to_reviewers_only(staff_client):
    testimony = TestimonyFactory(status="in_review")
    ConsentFactory(testimony=testimony)
    url = reverse("admin:testimony_testimony_changelist")
    cataloguer = staff_client("Cataloguer")
    assert b'value="publish"' not in cataloguer.get(url).content
    response = cataloguer.post(url, {"action": "publish", "_selected_action": [testimony.pk]})
    testimony.refresh_from_db()
    assert testimony.status == "in_review"
    reviewer = staff_client("Reviewer")
    reviewer.post(url, {"action": "publish", "_selected_action": [testimony.pk]})
    testimony.refresh_from_db()
    assert testimony.status == "published"
    assert testimony.releases.get().released_by == reviewer.user
    assert response.status_code in (200, 302)
