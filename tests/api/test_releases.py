"""Outside audiences read what a reviewer released (DESIGN.md rule 9): a working
copy's change is invisible until released; a closing change is visible at once."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from testimony.interchange import ohms
from testimony.models import (
    ConsentRecord,
    Release,
    Segment,
    SegmentLink,
    SegmentTranslation,
    Testimony,
    TestimonyListing,
)
from testimony.preview import compare
from testimony.services import record_consent
from testimony.transcripts.formats import CueData
from testimony.transcripts.services import replace_cues
from tests.api.conftest import published, released
from tests.factories import (
    CollectionFactory,
    MediaFileFactory,
    SealedRangeFactory,
    SegmentFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=1)
OPEN = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}


def detail(client, testimony, expect=200):
    return client.json(f"/api/v1/testimonies/{testimony.pk}/", expect=expect)


def segment_ids(client, testimony):
    return {s["id"] for s in detail(client, testimony)["segments"]}


def found(client, q):
    return {(r["type"], r["id"]) for r in client.json("/api/v1/search/", q=q)["results"]}


def oai_identifier(testimony):
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER or 'testserver'}:testimony/{testimony.pk}"


def new_consent(testimony, **choices):
    current = testimony.consents.get(is_current=True)
    fields = {
        name: getattr(current, name)
        for name in (
            "access",
            "name_disclosure",
            "pseudonym",
            "audio",
            "video",
            "transcript",
            "photos",
            "embargo_until",
        )
    }
    partners = choices.pop("partners", list(current.partners.all()))
    consent = ConsentRecord(
        testimony=testimony,
        given_on=timezone.localdate(),
        method="written",
        **(fields | choices),
    )
    return record_consent(consent, partners=partners)


@pytest.mark.parametrize("audience", ["public", "partner"])
def test_a_working_copy_is_invisible_until_released(audience, public, partner_client):
    client = public if audience == "public" else partner_client
    testimony = published(OPEN, title="Released title", summary="Released summary.")
    closed = SegmentFactory(testimony=testimony, start=10 * M, end=20 * M, is_closed=True)
    released(testimony)
    testimony.title, testimony.summary = "Working title", "Working Quenwheat summary."
    testimony.save()
    added = SegmentFactory(testimony=testimony, start=30 * M, end=31 * M, title="Working segment")
    Segment.objects.filter(pk=closed.pk).update(is_closed=False)
    transcript = TranscriptFactory(testimony=testimony, text="")
    replace_cues(transcript, [CueData(M, 2 * M, "Working cue Marrowfield")])

    body = detail(client, testimony)
    assert (body["title"], body["summary"]) == ("Released title", "Released summary.")
    assert segment_ids(client, testimony) == set() and body["transcripts"] == []
    assert client.json("/api/v1/testimonies/")["results"][0]["title"] == "Released title"
    assert client.json("/api/v1/segments/")["results"] == []
    assert found(client, "Quenwheat") == found(client, "Marrowfield") == set()
    assert found(client, "Working") == set()

    released(testimony)
    body = detail(client, testimony)
    assert body["title"] == "Working title"
    assert segment_ids(client, testimony) == {closed.pk, added.pk}
    assert body["transcripts"][0]["cues"][0]["text"] == "Working cue Marrowfield"
    assert found(client, "Quenwheat") == {("testimony", testimony.pk)}
    assert found(client, "Marrowfield") == {("transcript", transcript.pk)}


def test_closing_changes_reach_every_audience_at_once(public, partner_client):
    testimony = published(OPEN | {"access": "public", "audio": "public"})
    segment = SegmentFactory(testimony=testimony, start=1 * M, end=2 * M, title="Grainlock")
    gone = SegmentFactory(testimony=testimony, start=3 * M, end=4 * M, title="Fernwick")
    transcript = TranscriptFactory(testimony=testimony, text="")
    replace_cues(transcript, [CueData(5 * M, 6 * M, "Hollowmere spoken")])
    MediaFileFactory(testimony=testimony, kind="audio", description="Tape Saltmarsh")
    released(testimony)
    assert "Tape Saltmarsh" in str(detail(public, testimony))

    Segment.objects.filter(pk=segment.pk).update(is_closed=True)
    gone.delete()
    SealedRangeFactory(testimony=testimony, start=5 * M, end=6 * M)
    for client in (public, partner_client):
        assert segment_ids(client, testimony) == set()
        assert found(client, "Grainlock") == found(client, "Fernwick") == set()
        assert "Hollowmere" not in str(detail(client, testimony))
        assert found(client, "Hollowmere") == set()

    new_consent(testimony, access="all_partners", audio="none")
    detail(public, testimony, expect=404)
    assert detail(partner_client, testimony)["media"] == []

    Testimony.objects.filter(pk=testimony.pk).update(status="draft")
    detail(partner_client, testimony, expect=404)
    assert TestimonyListing.objects.get(pk=testimony.pk).release_id is None
    Testimony.objects.filter(pk=testimony.pk).update(status="published")
    detail(partner_client, testimony, expect=404)  # published again, but never re-released


def test_opening_waits_for_a_release(public, partner_client, other_partner_client):
    testimony = published({"access": "named_partners", "partners": [partner_client.partner]})
    closed = SegmentFactory(testimony=testimony, is_closed=True, title="Stilbrook")
    sealed = SealedRangeFactory(testimony=testimony, start=20 * M, end=25 * M)
    inside = SegmentFactory(testimony=testimony, start=21 * M, end=22 * M, title="Inside")
    released(testimony)
    new_consent(
        testimony,
        access="named_partners",
        partners=[partner_client.partner, other_partner_client.partner],
    )
    detail(other_partner_client, testimony, expect=404)
    new_consent(testimony, access="public", partners=[])
    detail(public, testimony, expect=404)
    Segment.objects.filter(pk=closed.pk).update(is_closed=False)
    sealed.delete()
    assert segment_ids(partner_client, testimony) == set()

    released(testimony)
    detail(public, testimony)
    detail(other_partner_client, testimony)
    assert segment_ids(partner_client, testimony) == {closed.pk, inside.pk}


def test_removing_a_partner_from_the_consent_is_at_once(partner_client, other_partner_client):
    both = [partner_client.partner, other_partner_client.partner]
    testimony = published({"access": "named_partners", "partners": both})
    detail(other_partner_client, testimony)
    new_consent(testimony, access="named_partners", partners=[partner_client.partner])
    detail(other_partner_client, testimony, expect=404)
    detail(partner_client, testimony)


def test_a_move_to_a_partners_collection_waits_but_a_move_out_does_not(partner_client):
    mine, other = CollectionFactory(), CollectionFactory()
    partner_client.partner.collections.set([mine])
    inside = published({"access": "all_partners"}, collection=mine)
    outside = published({"access": "all_partners"}, collection=other)
    Testimony.objects.filter(pk=inside.pk).update(collection=other)
    Testimony.objects.filter(pk=outside.pk).update(collection=mine)
    detail(partner_client, inside, expect=404)
    detail(partner_client, outside, expect=404)
    released(outside)
    detail(partner_client, outside)


def test_releasing_runs_as_many_queries_for_200_segments_as_for_2():
    def release_count(segments: int) -> int:
        testimony = published(OPEN)
        for n in range(segments):
            SegmentFactory(testimony=testimony, start=n * M, end=(n + 1) * M)
        testimony.duration = segments * M
        with CaptureQueriesContext(connection) as queries:
            released(testimony)
        return len(queries)

    assert release_count(2) == release_count(200)


def test_each_release_is_recorded_with_its_consent_version():
    testimony = published(OPEN)
    first = Release.objects.get(testimony=testimony)
    consent = new_consent(testimony, access="all_partners")
    second = released(testimony).releases.first()
    assert (first.number, second.number) == (1, 2)
    assert second.consent == consent and first.consent != consent


@pytest.mark.parametrize("audience", ["public", "partner"])
def test_keywords_translations_and_links_leave_as_released(audience, public, partner_client):
    client = public if audience == "public" else partner_client
    testimony = published(OPEN, languages=["ko"])
    segment = SegmentFactory(testimony=testimony, start=M, end=2 * M, keywords=["배", "港"])
    SegmentTranslation.objects.create(
        segment=segment, language="ja", title="出航", synopsis="船の話", keywords=["船"]
    )
    SegmentLink.objects.create(segment=segment, url="https://example.org/ship", text="Ship")
    closed = SegmentFactory(
        testimony=testimony, start=3 * M, end=4 * M, is_closed=True, keywords=["Plumcrest"]
    )
    SegmentTranslation.objects.create(segment=closed, language="ja", title="Plumcrest 訳")
    SegmentLink.objects.create(segment=closed, url="https://example.org/plumcrest", text="x")
    released(testimony)
    segment.keywords = ["Working keyword"]
    segment.save()
    segment.translations.update(title="Working 訳")
    segment.links.update(text="Working link")

    (shown,) = detail(client, testimony)["segments"]
    assert shown["keywords"] == ["배", "港"]
    assert shown["translations"] == [
        {"language": "ja", "title": "出航", "synopsis": "船の話", "keywords": ["船"]}
    ]
    assert shown["links"] == [{"url": "https://example.org/ship", "text": "Ship"}]
    assert client.json("/api/v1/segments/")["results"][0]["keywords"] == ["배", "港"]
    manifest = client.json(f"/api/v1/testimonies/{testimony.pk}/manifest.json")
    assert manifest["structures"][0]["label"] == {"ko": [segment.title], "ja": ["出航"]}
    assert found(client, "船の話") == {("segment", segment.pk)}
    for body in (
        client.get(f"/api/v1/testimonies/{testimony.pk}/").content,
        client.get(f"/api/v1/testimonies/{testimony.pk}/ohms.xml").content,
        client.get(f"/api/v1/testimonies/{testimony.pk}/manifest.json").content,
    ):
        assert b"Plumcrest" not in body and b"Working" not in body
    assert found(client, "Plumcrest") == found(client, "Working") == set()

    released(testimony)
    (shown,) = detail(client, testimony)["segments"]
    assert (shown["keywords"], shown["translations"][0]["title"], shown["links"][0]["text"]) == (
        ["Working keyword"],
        "Working 訳",
        "Working link",
    )
    assert found(client, "Working keyword") == {("segment", segment.pk)}


def test_the_rights_statement_leaves_as_released(public):
    before = "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    after = "http://rightsstatements.org/vocab/NoC-US/1.0/"
    testimony = published(OPEN, rights_statement=before)
    testimony.rights_statement = after
    testimony.save()
    ns = {"o": ohms.NAMESPACE}

    def outward():
        manifest = public.json(f"/api/v1/testimonies/{testimony.pk}/manifest.json")
        xml = etree.fromstring(public.get(f"/api/v1/testimonies/{testimony.pk}/ohms.xml").content)
        oai = public.get(
            "/oai/",
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": oai_identifier(testimony),
            },
        ).content.decode()
        return (
            manifest["rights"],
            xml.findtext("o:record/o:rights", namespaces=ns),
            xml.findtext("o:record/o:usage", namespaces=ns),
            after in oai,
        )

    assert outward() == (before, before, "In Copyright - Educational Use Permitted", False)
    changes = {c.path: (c.before, c.after) for view in compare(testimony) for c in view.changes}
    assert changes["rights"] == (before, after)  # the reviewer sees the change
    released(testimony)
    assert outward() == (after, after, "No Copyright - United States", True)
