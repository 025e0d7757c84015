"""Exports per audience (issue 15): OHMS XML, WebVTT captions and chapters, the
IIIF manifest and citations show what the API shows the caller, nothing more."""

import datetime

import pytest
from iiif_prezi3 import Manifest
from lxml import etree

from testimony.interchange import ohms
from testimony.models import SegmentLink, SegmentTranslation
from testimony.transcripts.formats import CueData, read_webvtt
from testimony.transcripts.services import replace_cues
from tests.api.conftest import published, released
from tests.factories import (
    ConsentFactory,
    MediaFileFactory,
    PlaceFactory,
    SealedRangeFactory,
    SegmentFactory,
    SubjectFactory,
    TranscriptFactory,
)
from tests.recordings import signals
from tests.recordings.helpers import made, recording, streamed

pytestmark = pytest.mark.django_db

M = datetime.timedelta(minutes=1)
OPEN = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}


def timed(testimony, cues, **fields):
    transcript = TranscriptFactory(testimony=testimony, text="", **fields)
    replace_cues(transcript, [CueData(a * M, b * M, text, speaker) for a, b, text, speaker in cues])
    return transcript


@pytest.fixture
def interview():
    """Open segments and words, a closed segment (10-20 min), a range sealed from
    everyone (30-32) and one from the public only (40-41); Korean, Japanese."""
    testimony = published(
        None,
        title="청진으로 / 清津へ",
        rights_statement="http://rightsstatements.org/vocab/InC-EDU/1.0/",
    )
    place = PlaceFactory(name="Chongjin", latitude="41.795556", longitude="129.775833")
    segment = SegmentFactory(
        testimony=testimony,
        start=1 * M,
        end=5 * M,
        title="新潟港の出航",
        synopsis="Leaving from Niigata.",
        subjects=[SubjectFactory(label="Departure")],
        places=[place],
        keywords=["배", "港"],
    )
    SegmentTranslation.objects.create(
        segment=segment, language="en", title="Leaving Niigata", keywords=["ship"]
    )
    SegmentTranslation.objects.create(
        segment=segment, language="ko", title="니가타 출항", synopsis="니가타를 떠나다"
    )
    SegmentLink.objects.create(segment=segment, url="https://example.org/港", text="港の写真")
    closed = SegmentFactory(
        testimony=testimony,
        start=10 * M,
        end=20 * M,
        is_closed=True,
        title="ClosedSegmentTitle",
        keywords=["ClosedSegmentKeyword"],
    )
    SegmentTranslation.objects.create(segment=closed, language="en", title="ClosedSegmentAlt")
    SegmentLink.objects.create(segment=closed, url="https://example.org/ClosedSegmentLink")
    SealedRangeFactory(testimony=testimony, start=30 * M, end=32 * M)
    SealedRangeFactory(testimony=testimony, start=40 * M, end=41 * M, sealed_from="public")
    original = timed(
        testimony,
        [
            (2, 2.5, "배에서 보았다 OpenWord", "Kim"),
            (12, 12.5, "ClosedSegmentWord", "Kim"),
            (31, 31.5, "SealedWord", "Kim"),
            (40.2, 40.5, "PartnerOnlyWord", "Kim"),
        ],
        language="ko",
    )
    timed(
        testimony,
        [(2, 2.5, "I saw from the ship OpenTranslated", "Kim"), (31, 31.5, "SealedTranslated", "")],
        language="en",
        translation_of=original,
    )
    MediaFileFactory(testimony=testimony, kind="audio", duration=60 * M)
    ConsentFactory(testimony=testimony, audio="public", **OPEN)
    released(testimony)
    return testimony


def url(testimony, tail):
    return f"/api/v1/testimonies/{testimony.pk}/{tail}"


def test_ohms_export_validates_and_cuts_closed_time(public, partner_client, interview):
    schema = ohms.schema()
    for client, absent, present in (
        (public, ["ClosedSegment", "Sealed", "PartnerOnlyWord"], ["OpenWord"]),
        (partner_client, ["ClosedSegment", "Sealed"], ["OpenWord", "PartnerOnlyWord"]),
    ):
        response = client.get(url(interview, "ohms.xml"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        body = response.content.decode()
        for word in absent:
            assert word not in body
        for word in present:
            assert word in body
        document = etree.fromstring(response.content)
        schema.assertValid(document)
        ns = {"o": ohms.NAMESPACE}
        assert document.findtext("o:record/o:version", namespaces=ns) == "6.0"
        points = document.findall("o:record/o:index/o:point", ns)
        assert [p.findtext("o:title", namespaces=ns) for p in points] == ["新潟港の出航"]
        assert points[0].findtext("o:time", namespaces=ns) == "60"
        gps = points[0].findtext("o:gpspoints/o:gps", namespaces=ns)
        assert gps.startswith("41.795556, 129.775833")
        assert document.findtext("o:record/o:transcript_alt_lang", namespaces=ns) == "en"
        alt = document.findtext("o:record/o:vtt_transcript_alt", namespaces=ns)
        assert "OpenTranslated" in alt and "SealedTranslated" not in alt
        assert document.findtext("o:record/o:rights", namespaces=ns).endswith("InC-EDU/1.0/")
        point = {child.tag.split("}")[1]: child for child in points[0]}
        assert (
            point["keywords"].text,
            point["title_alt"].text,
            point["keywords_alt"].text,
            point["synopsis_alt"].text,
        ) == ("배;港", "Leaving Niigata", "ship", None)
        link = points[0].find("o:hyperlinks", ns)
        assert link.findtext("o:hyperlink", namespaces=ns) == "https://example.org/港"
        assert link.findtext("o:hyperlink_text", namespaces=ns) == "港の写真"


def test_ohms_export_order_is_the_schemas(public, interview):
    document = etree.fromstring(public.get(url(interview, "ohms.xml")).content)
    names = [etree.QName(child).localname for child in document[0]]
    assert names == [n for n in ohms.RECORD_ORDER if n in names]
    assert names.index("index") < names.index("vtt_transcript") < names.index("rights")


def test_ohms_translation_choice_and_errors(public, interview):
    response = public.get(url(interview, "ohms.xml"), {"translation": "fr"})
    assert response.status_code == 400
    assert "translation" in response.json()["error"]["detail"]
    # Korean: no translated transcript, but a translated point.
    document = etree.fromstring(
        public.get(url(interview, "ohms.xml"), {"translation": "ko"}).content
    )
    ohms.schema().assertValid(document)
    ns = {"o": ohms.NAMESPACE}
    assert document.findtext("o:record/o:transcript_alt_lang", namespaces=ns) == "ko"
    assert not document.findtext("o:record/o:vtt_transcript_alt", namespaces=ns)
    point = document.find("o:record/o:index/o:point", ns)
    assert point.findtext("o:title_alt", namespaces=ns) == "니가타 출항"
    assert point.findtext("o:synopsis_alt", namespaces=ns) == "니가타를 떠나다"
    assert public.get(url(interview, "ohms.xml"), {"bogus": 1}).status_code == 400
    assert public.get("/api/v1/testimonies/999999/ohms.xml").status_code == 404


def test_captions_per_transcript_and_chapters(public, partner_client, interview):
    detail = public.json(url(interview, ""))
    links = detail["exports"]
    assert links["ohms"].endswith("/ohms.xml") and links["chapters"].endswith("/chapters.vtt")
    korean = next(c for c in links["captions"] if c["language"] == "ko")
    response = public.get(korean["url"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    cues = read_webvtt(response.content.decode())
    assert [(c.text, c.speaker) for c in cues] == [("배에서 보았다 OpenWord", "Kim")]
    partner = read_webvtt(partner_client.get(korean["url"]).content.decode())
    assert [c.text for c in partner] == ["배에서 보았다 OpenWord", "PartnerOnlyWord"]
    chapters = read_webvtt(public.get(links["chapters"]).content.decode())
    assert [(c.start, c.end, c.text) for c in chapters] == [(1 * M, 5 * M, "新潟港の出航")]
    assert public.get(url(interview, "transcripts/999999.vtt")).status_code == 404


def test_iiif_manifest_is_valid_presentation_3(public, interview):
    response = public.get(url(interview, "manifest.json"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sealed" not in body and "ClosedSegment" not in body and "PartnerOnly" not in body
    data = response.json()
    Manifest(**data)  # the IIIF library's models accept it
    assert data["rights"] == "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    canvas = data["items"][0]
    assert canvas["duration"] == 3600.0
    # No access copy made yet: the canvas points to no recording (never the original).
    assert not canvas["items"] or not canvas["items"][0]["items"]
    supplementing = [a for page in canvas["annotations"] for a in page["items"]]
    assert {a["motivation"] for a in supplementing} == {"supplementing"}
    assert {a["body"]["language"] for a in supplementing} == {"ko", "en"}
    assert [r["label"] for r in data["structures"]] == [
        {"ja": ["新潟港の出航"], "en": ["Leaving Niigata"], "ko": ["니가타 출항"]}
    ]
    assert data["structures"][0]["items"][0]["id"].endswith("#t=60.0,300.0")


def test_citations_of_testimony_and_segment(public, interview):
    body = public.json(url(interview, "citation/"))
    narrator = interview.narrator.preferred_name
    assert body["chicago"].startswith(f"{narrator}.")
    assert body["csl_json"]["type"] == "interview"
    assert body["bibtex"].startswith("@misc{")
    segment = public.json(url(interview, ""))["segments"][0]
    cited = public.json(f"/api/v1/segments/{segment['id']}/citation/")
    assert "00:01:00–00:05:00" in cited["chicago"]
    assert cited["csl_json"]["locator"] == "00:01:00–00:05:00"
    closed = interview.segments.get(is_closed=True)
    assert public.get(f"/api/v1/segments/{closed.pk}/citation/").status_code == 404


def test_pseudonymous_narrator_cited_by_pseudonym_only(public):
    testimony = published({**OPEN, "name_disclosure": "pseudonym", "pseudonym": "Sora"})
    real = testimony.narrator.preferred_name
    for tail in ("citation/", "ohms.xml", "manifest.json"):
        body = public.get(url(testimony, tail)).content.decode()
        assert real not in body and "Sora" in body


def test_iiif_manifest_points_to_the_access_copy_once_made(public):
    testimony = published({"access": "public", "audio": "public"})
    media = recording(testimony, signals.wav(3))
    made(media)
    data = public.json(url(testimony, "manifest.json"))
    Manifest(**data)
    painting = data["items"][0]["items"][0]["items"][0]
    assert painting["body"]["type"] == "Sound"
    served = public.get(painting["body"]["id"])
    assert served.status_code == 200
    assert streamed(served)[4:8] == b"ftyp"  # the M4A access copy, not the WAV original
