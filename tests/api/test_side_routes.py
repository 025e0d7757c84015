"""The side routes that used to leak (issue: "nothing reaches an outside audience
that a reviewer has not released"): each fails on the catalogue before releases."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import Person
from testimony.models import ConsentRecord
from testimony.services import record_consent
from tests.api.conftest import published, released
from tests.factories import (
    ConsentFactory,
    PersonFactory,
    SegmentFactory,
    SubjectFactory,
    TestimonyFactory,
    VoyageFactory,
)

pytestmark = pytest.mark.django_db
OPEN = {"access": "public", "name_disclosure": "real_name"}


def test_a_pseudonymous_narrator_tagged_in_a_segment_is_never_linked(public, partner_client):
    narrator = PersonFactory(preferred_name="Kang Chol-ho (fictional)")
    published(OPEN, narrator=narrator)  # named, and so visible, in another testimony
    pseudonymous = published(
        {"access": "public", "name_disclosure": "pseudonym", "pseudonym": "Mr P"},
        narrator=narrator,
    )
    segment = SegmentFactory(testimony=pseudonymous, people=[narrator])
    from testimony import guard

    assert any(hit.person_id == narrator.pk for hit in guard.check(pseudonymous))
    released(pseudonymous)  # overridden here, to show the API holds even then
    for client in (public, partner_client):
        body = client.json(f"/api/v1/testimonies/{pseudonymous.pk}/")
        assert narrator.preferred_name not in str(body)
        assert body["segments"][0]["people"][0]["id"] is None
        listed = client.json("/api/v1/segments/", person=narrator.pk)["results"]
        assert segment.pk not in {row["id"] for row in listed}
        one = client.json(f"/api/v1/segments/{segment.pk}/")
        assert narrator.preferred_name not in str(one)


def test_search_filters_match_only_through_what_the_audience_may_see(public):
    subject = SubjectFactory(label="Forced labour (fictional)")
    testimony = published(OPEN, summary="Hamgyong mines (fictional).")
    SegmentFactory(
        testimony=testimony,
        start=datetime.timedelta(minutes=20),
        end=datetime.timedelta(minutes=30),
        is_closed=True,
        subjects=[subject],
        synopsis="Hamgyong",
    )
    released(testimony)
    found = public.json("/api/v1/search/", q="Hamgyong", subject=subject.pk)["results"]
    assert found == []
    assert public.json("/api/v1/testimonies/", subject=subject.pk)["results"] == []
    assert public.json("/api/v1/segments/", subject=subject.pk)["results"] == []
    open_segment = SegmentFactory(testimony=testimony, subjects=[subject], synopsis="Hamgyong")
    assert public.json("/api/v1/search/", q="Hamgyong", subject=subject.pk)["results"] == []
    released(testimony)
    found = public.json("/api/v1/search/", q="Hamgyong", subject=subject.pk)["results"]
    assert {(r["type"], r["id"]) for r in found} == {
        ("testimony", testimony.pk),
        ("segment", open_segment.pk),
    }


def deletes(client, since):
    changes = client.json("/api/v1/changes/", since=since.isoformat())["changes"]
    return {(c["type"], c["id"]) for c in changes if c["action"] == "delete"}


def withdraw(testimony):
    record_consent(
        ConsentRecord(
            testimony=testimony, given_on=timezone.localdate(), method="oral", withdrawn=True
        )
    )


def test_the_public_feed_deletes_only_what_the_public_could_have_read(public):
    future = timezone.localdate() + datetime.timedelta(days=30)
    was_public = published(OPEN)
    embargoed = published(OPEN | {"embargo_until": future})
    partners_only = published({"access": "all_partners", "name_disclosure": "real_name"})
    draft = TestimonyFactory(status="draft")  # consented to public, never released
    ConsentFactory(testimony=draft, **OPEN)
    since = timezone.now() - datetime.timedelta(seconds=1)
    for testimony in (was_public, embargoed, partners_only, draft):
        withdraw(testimony)
    gone = deletes(public, since)
    assert ("testimony", was_public.pk) in gone
    assert ("person", was_public.narrator_id) in gone
    for never in (embargoed, partners_only, draft):
        assert ("testimony", never.pk) not in gone
        assert ("person", never.narrator_id) not in gone


def test_every_feed_lists_the_deletion_of_a_person_it_could_have_seen(public, partner_client):
    # History is stamped with its transaction's start: the feed's moment is earlier.
    since = timezone.now() - datetime.timedelta(minutes=1)
    figure = PersonFactory(preferred_name="An official (fictional)", is_public_figure=True)
    hidden = PersonFactory(preferred_name="Never shown (fictional)")
    partner_client.json(f"/api/v1/people/{figure.pk}/")
    Person.objects.filter(pk__in=[figure.pk, hidden.pk]).delete()
    for client in (public, partner_client):
        gone = deletes(client, since)
        assert ("person", figure.pk) in gone
        assert ("person", hidden.pk) not in gone


def test_staff_only_fields_never_leave(public):
    voyage = VoyageFactory(notes="Voyage note canary (fictional)")
    body = public.json(f"/api/v1/voyages/{voyage.pk}/")
    assert "notes" not in body and "canary" not in str(body)
