"""One test per disclosure rule, for each audience, through the real API."""

import datetime

import pytest
from django.utils import timezone

from testimony.models import ConsentRecord
from testimony.services import record_consent
from tests.api.conftest import published, released
from tests.factories import (
    CollectionFactory,
    MediaFileFactory,
    PersonFactory,
    RelationshipFactory,
    ResidenceFactory,
    SegmentFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db

OPEN = {"access": "public", "name_disclosure": "real_name"}


def detail(client, testimony, expect=200):
    return client.json(f"/api/v1/testimonies/{testimony.pk}/", expect=expect)


def listed(client, url="/api/v1/testimonies/", **params):
    return [row["id"] for row in client.json(url, **params)["results"]]


# 1. Access ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("access", "public_sees", "partner_sees"),
    [("closed", False, False), ("all_partners", False, True), ("public", True, True)],
)
def test_access_levels(public, partner_client, access, public_sees, partner_sees):
    testimony = published({"access": access})
    for client, sees in ((public, public_sees), (partner_client, partner_sees)):
        detail(client, testimony, expect=200 if sees else 404)
        assert (testimony.pk in listed(client)) is sees


def test_named_partners_only(public, partner_client, other_partner_client):
    testimony = published({"access": "named_partners", "partners": [partner_client.partner]})
    detail(partner_client, testimony)
    detail(other_partner_client, testimony, expect=404)
    detail(public, testimony, expect=404)


def test_no_consent_or_unpublished_is_closed(public, partner_client):
    without_consent = published(None)
    draft = published(OPEN)
    draft.status = "in_review"
    draft.save()
    for client in (public, partner_client):
        detail(client, without_consent, expect=404)
        detail(client, draft, expect=404)
        assert listed(client) == []


def test_partner_limited_to_collections(partner_client):
    mine, theirs = CollectionFactory(), CollectionFactory()
    partner_client.partner.collections.add(mine)
    inside = published({"access": "all_partners"}, collection=mine)
    outside = published({"access": "public"}, collection=theirs)
    assert listed(partner_client) == [inside.pk]
    detail(partner_client, outside, expect=404)


# 2. Embargo ---------------------------------------------------------------


def test_embargo_closes_to_everyone_until_its_date(public, partner_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    embargoed = published(OPEN | {"embargo_until": tomorrow})
    ended = published(OPEN | {"embargo_until": timezone.localdate()})
    for client in (public, partner_client):
        detail(client, embargoed, expect=404)
        detail(client, ended)


# 3. Withdrawal ------------------------------------------------------------


def test_withdrawal_removes_the_testimony_and_everything_derived_at_once(public, partner_client):
    testimony = published(OPEN | {"transcript": "public"})
    segment = SegmentFactory(testimony=testimony, title="Harbour memories")
    TranscriptFactory(testimony=testimony)
    released(testimony)
    assert listed(public, "/api/v1/segments/") == [segment.pk]
    assert public.json("/api/v1/people/", q=testimony.narrator.preferred_name)["results"]

    record_consent(
        ConsentRecord(
            testimony=testimony, given_on=timezone.localdate(), method="written", withdrawn=True
        )
    )
    for client in (public, partner_client):
        detail(client, testimony, expect=404)
        assert listed(client) == []
        assert listed(client, "/api/v1/segments/") == []
        assert listed(client, "/api/v1/segments/", q="Harbour") == []
        assert listed(client, "/api/v1/people/", q=testimony.narrator.preferred_name) == []
        client.json(f"/api/v1/people/{testimony.narrator_id}/", expect=404)


# 4. Name ------------------------------------------------------------------


def test_real_name_links_the_narrator(public):
    testimony = published(OPEN)
    narrator = detail(public, testimony)["narrator"]
    assert narrator == {"id": testimony.narrator_id, "name": testimony.narrator.preferred_name}
    person = public.json(f"/api/v1/people/{testimony.narrator_id}/")
    assert person["testimonies"] == [testimony.pk]


def test_pseudonym_is_not_linkable_to_the_narrator(public, partner_client):
    narrator = PersonFactory(preferred_name="Real Name Canary")
    testimony = published(
        {"access": "public", "name_disclosure": "pseudonym", "pseudonym": "Narrator K"},
        narrator=narrator,
    )
    other = published(
        {"access": "public", "name_disclosure": "pseudonym", "pseudonym": "Other"},
        narrator=narrator,
    )
    RelationshipFactory(
        person=PersonFactory(has_own_consent=True, own_consent_date="2020-01-01"), relative=narrator
    )
    for client in (public, partner_client):
        body = detail(client, testimony)
        assert body["narrator"] == {"id": None, "name": "Narrator K"}
        client.json(f"/api/v1/people/{narrator.pk}/", expect=404)
        response = client.get("/api/v1/testimonies/", {"narrator": narrator.pk})
        assert response.status_code == 400  # not a person this audience may see
        assert listed(client, q="Real Name Canary") == []
        assert sorted(listed(client, q="Narrator K")) == [testimony.pk]
        family = client.json("/api/v1/families/")["results"]
        assert str(narrator.pk) not in str([m["id"] for f in family for m in f["members"]])
        assert b"Real Name Canary" not in client.get(f"/api/v1/testimonies/{other.pk}/").content


def test_anonymous_names_no_one(public):
    testimony = published({"access": "public", "name_disclosure": "anonymous"})
    assert detail(public, testimony)["narrator"] is None
    public.json(f"/api/v1/people/{testimony.narrator_id}/", expect=404)


# 5. Media and text --------------------------------------------------------


def test_each_medium_opens_to_its_own_audience(public, partner_client):
    testimony = published(
        OPEN | {"audio": "public", "video": "none", "transcript": "partners", "photos": "partners"}
    )
    TranscriptFactory(testimony=testimony, text="Transcript canary")
    SegmentFactory(testimony=testimony, transcript_excerpt="Excerpt canary")
    audio = MediaFileFactory(testimony=testimony, kind="audio")
    MediaFileFactory(testimony=testimony, kind="video")
    photo = MediaFileFactory(testimony=testimony, kind="photo")
    MediaFileFactory(testimony=testimony, kind="document")
    released(testimony)

    body = detail(public, testimony)
    assert body["transcripts"] is None
    assert body["segments"][0]["transcript_excerpt"] is None
    assert [m["id"] for m in body["media"]] == [audio.pk]

    body = detail(partner_client, testimony)
    assert [t["text"] for t in body["transcripts"]] == ["Transcript canary"]
    assert body["segments"][0]["transcript_excerpt"] == "Excerpt canary"
    assert sorted(m["id"] for m in body["media"]) == sorted([audio.pk, photo.pk])


def test_closed_segments_are_never_disclosed(public, partner_client):
    testimony = published(OPEN)
    open_segment = SegmentFactory(testimony=testimony)
    closed = SegmentFactory(
        testimony=testimony,
        start=datetime.timedelta(minutes=10),
        end=datetime.timedelta(minutes=20),
        is_closed=True,
        title="Closed canary",
    )
    released(testimony)
    for client in (public, partner_client):
        assert [s["id"] for s in detail(client, testimony)["segments"]] == [open_segment.pk]
        assert listed(client, "/api/v1/segments/") == [open_segment.pk]
        client.json(f"/api/v1/segments/{closed.pk}/", expect=404)
        assert listed(client, "/api/v1/segments/", q="Closed canary") == []


# 6. Relatives -------------------------------------------------------------


@pytest.mark.parametrize("country", ["KP", ""])
def test_relatives_in_north_korea_or_unknown_are_never_identified(public, partner_client, country):
    testimony = published(OPEN)
    brother = PersonFactory(preferred_name="Brother Canary")
    ResidenceFactory(person=brother, country=country, is_current=True)
    RelationshipFactory(person=brother, kind="sibling", relative=testimony.narrator)
    SegmentFactory(testimony=testimony, people=[brother])
    released(testimony)
    for client in (public, partner_client):
        people = detail(client, testimony)["segments"][0]["people"]
        assert people == [{"id": None, "name": None, "relationship": "sibling of the narrator"}]
        client.json(f"/api/v1/people/{brother.pk}/", expect=404)
        assert b"Brother Canary" not in client.get("/api/v1/families/").content
        assert client.get("/api/v1/segments/", {"person": brother.pk}).status_code == 400


def test_a_relative_who_consented_is_named(public):
    testimony = published(OPEN)
    sister = PersonFactory(has_own_consent=True, own_consent_date="2021-01-01")
    ResidenceFactory(person=sister, country="KP", is_current=True)
    SegmentFactory(testimony=testimony, people=[sister])
    released(testimony)
    people = detail(public, testimony)["segments"][0]["people"]
    assert people == [{"id": sister.pk, "name": sister.preferred_name, "relationship": None}]
    assert public.json(f"/api/v1/people/{sister.pk}/")["residences"][0]["country"] == "KP"


def test_relationship_to_a_pseudonymous_narrator_is_not_shown(public):
    testimony = published({"access": "public", "name_disclosure": "pseudonym", "pseudonym": "P"})
    child = PersonFactory()
    RelationshipFactory(person=child, kind="child", relative=testimony.narrator)
    SegmentFactory(testimony=testimony, people=[child])
    released(testimony)
    people = detail(public, testimony)["segments"][0]["people"]
    assert people == [{"id": None, "name": None, "relationship": None}]


# 7. Search ----------------------------------------------------------------


def test_search_for_a_withheld_name_returns_nothing(public, partner_client):
    narrator = PersonFactory(preferred_name="Withheld Canary")
    published({"access": "public", "name_disclosure": "anonymous"}, narrator=narrator)
    for client in (public, partner_client):
        assert listed(client, q="Withheld Canary") == []
        assert listed(client, "/api/v1/people/", q="Withheld Canary") == []
        assert listed(client, "/api/v1/people/", q="Withheld") == []


def test_public_records_are_public(public):
    figure = PersonFactory(is_public_figure=True, preferred_name="Kishi Nobusuke")
    assert public.json(f"/api/v1/people/{figure.pk}/")["preferred_name"] == "Kishi Nobusuke"


def test_articles_carry_three_citation_formats_and_only_visible_people(public):
    from django.core.management import call_command

    call_command("load_catalogue", "--no-demo", verbosity=0)
    private = PersonFactory(preferred_name="Private Canary")
    rows = public.json("/api/v1/articles/", q="Forgotten Victims")["results"]
    assert len(rows) == 1
    from catalog.models import SourceArticle

    SourceArticle.objects.get(pk=rows[0]["id"]).people.add(private)
    article = public.json(f"/api/v1/articles/{rows[0]['id']}/")
    citation = article["citation"]
    assert citation["chicago"].startswith("Morris-Suzuki, Tessa. “The Forgotten Victims")
    assert citation["csl_json"]["author"] == [{"family": "Morris-Suzuki", "given": "Tessa"}]
    assert citation["csl_json"]["issued"] == {"date-parts": [[2007, 3, 15]]}
    assert "author = {Morris-Suzuki, Tessa}" in citation["bibtex"]
    assert "Kishi Nobusuke" in [p["name"] for p in article["people"]]
    assert "Private Canary" not in str(article)
