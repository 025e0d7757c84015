"""Closing is by time range (DESIGN.md rule 8): what a closed segment or a
sealed range covers leaves by no route, for the public and partners, and stays
within reach of staff. Reopening on its date needs no write."""

import datetime

import pytest
from django.utils import timezone

from testimony.disclosure import Audience, closed_ranges
from testimony.models import SealedRange, Segment
from testimony.search import query as search_query
from testimony.transcripts.formats import CueData
from testimony.transcripts.services import replace_cues
from tests.api.conftest import published, released
from tests.factories import SealedRangeFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

OPEN = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}
M = datetime.timedelta(minutes=1)


def cue(start_min: float, end_min: float, text: str, speaker: str = "") -> CueData:
    return CueData(start_min * M, end_min * M, text, speaker)


def timed(testimony, cues, **fields):
    transcript = TranscriptFactory(testimony=testimony, text="", **fields)
    replace_cues(transcript, cues)
    return transcript


def detail(client, testimony):
    return client.json(f"/api/v1/testimonies/{testimony.pk}/")


def cue_texts(body) -> set[str]:
    return {c["text"] for t in body["transcripts"] or [] for c in t["cues"] or []}


def found(client, q) -> set[tuple[str, int]]:
    return {(r["type"], r["id"]) for r in client.json("/api/v1/search/", q=q)["results"]}


def staff_finds(q) -> bool:
    staff = Audience.staff()
    return search_query.run(staff, search_query.prepare(staff, q)).exists()


@pytest.fixture
def interview():
    """A public testimony: a closed segment (10-20 min), a range sealed from everyone
    (30-32) and one sealed from the public only (40-41), with a timed transcript
    and its timed translation whose words inside those ranges are canaries."""
    testimony = published(OPEN)
    SegmentFactory(testimony=testimony, start=10 * M, end=20 * M, is_closed=True)
    SealedRangeFactory(testimony=testimony, start=30 * M, end=32 * M)
    SealedRangeFactory(testimony=testimony, start=40 * M, end=41 * M, sealed_from="public")
    cues = [
        cue(1, 2, "Opening words Harbourlight"),
        cue(12, 13, "Closedsegmentword spoken"),
        cue(9.5, 10.5, "Straddlingword across the edge"),
        cue(31, 31.5, "Sealedrangeword spoken"),
        cue(40.2, 40.4, "Partnersonlyword spoken"),
        cue(50, 51, "Closing words Lanternfield"),
    ]
    cues.sort(key=lambda c: c.start)
    original = timed(testimony, cues, language="ja")
    translated = timed(
        testimony,
        [cue(c.start / M, c.end / M, f"{c.text} translated") for c in cues],
        language="en",
        translation_of=original,
    )
    released(testimony)
    return testimony, original, translated


CLOSED_TO_ALL = ("Closedsegmentword", "Straddlingword", "Sealedrangeword")


def test_cues_in_closed_ranges_are_withheld_whole_in_transcripts_and_translations(
    interview, public, partner_client
):
    testimony, _, _ = interview
    for client, partner_word_seen in ((public, False), (partner_client, True)):
        body = detail(client, testimony)
        texts = cue_texts(body)
        assert "Opening words Harbourlight" in texts
        assert "Closing words Lanternfield translated" in texts
        for word in CLOSED_TO_ALL:
            assert word not in str(body), (client, word)
        assert ("Partnersonlyword" in str(body)) is partner_word_seen
        for transcript in body["transcripts"]:
            assert transcript["timed"] is True and transcript["withheld"] is None
            assert transcript["text"] == "\n".join(c["text"] for c in transcript["cues"])


def test_a_word_spoken_only_in_a_closed_range_is_found_by_staff_alone(
    interview, public, partner_client
):
    testimony, original, translated = interview
    for word in CLOSED_TO_ALL:
        assert found(public, word) == found(partner_client, word) == set(), word
        assert staff_finds(word), word
    assert found(public, "Partnersonlyword") == set()
    assert found(partner_client, "Partnersonlyword") == {
        ("transcript", original.pk),
        ("transcript", translated.pk),
    }
    assert found(public, "Lanternfield") == {
        ("transcript", original.pk),
        ("transcript", translated.pk),
    }
    (hit,) = [
        r
        for r in public.json("/api/v1/search/", q="Harbourlight")["results"]
        if r["id"] == original.pk
    ]
    assert (hit["start"], hit["testimony"]) == ("00:01:00", testimony.pk)
    assert "«Harbourlight»" in hit["snippet"]


def test_reopening_on_its_date_needs_no_write(interview, public, monkeypatch):
    testimony, _, _ = interview
    sealed = SealedRange.objects.get(testimony=testimony, start=30 * M)
    sealed.reopens_on = timezone.localdate() + datetime.timedelta(days=3)
    sealed.save()
    released(testimony)
    assert "Sealedrangeword" not in str(detail(public, testimony))
    assert found(public, "Sealedrangeword") == set()
    later = timezone.localdate() + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "Sealedrangeword spoken" in cue_texts(detail(public, testimony))
    assert found(public, "Sealedrangeword")
    assert "Closedsegmentword" not in str(detail(public, testimony))


def test_an_untimed_transcript_is_withheld_while_any_range_is_closed(public, partner_client):
    testimony = published(OPEN | {"transcript": "partners"})
    TranscriptFactory(testimony=testimony, text="Untimed words Moonquarry.")
    released(testimony)
    (transcript,) = detail(partner_client, testimony)["transcripts"]
    assert transcript["text"] == "Untimed words Moonquarry." and transcript["withheld"] is None
    assert found(partner_client, "Moonquarry")
    SealedRangeFactory(testimony=testimony, sealed_from="public")
    assert detail(partner_client, testimony)["transcripts"][0]["text"] is not None
    SegmentFactory(testimony=testimony, is_closed=True)
    (transcript,) = detail(partner_client, testimony)["transcripts"]
    assert transcript == transcript | {
        "timed": False,
        "cues": None,
        "text": None,
        "withheld": "untimed_with_closed_ranges",
    }
    assert "Moonquarry" not in str(detail(partner_client, testimony))
    assert found(partner_client, "Moonquarry") == set()
    assert staff_finds("Moonquarry")


def test_segments_inside_closed_time_and_excerpts_touching_it_are_withheld(
    interview, public, partner_client
):
    testimony, _, _ = interview
    inside = SegmentFactory(
        testimony=testimony, start=30 * M, end=31 * M, title="Inside Sealedtitle"
    )
    across = SegmentFactory(
        testimony=testimony,
        start=29 * M,
        end=35 * M,
        title="Across the seal",
        transcript_excerpt="Excerptword from the sealed minutes",
    )
    clear = SegmentFactory(
        testimony=testimony, start=2 * M, end=5 * M, transcript_excerpt="Clear excerpt"
    )
    released(testimony)
    for client in (public, partner_client):
        segments = {s["id"]: s for s in detail(client, testimony)["segments"]}
        assert inside.pk not in segments
        assert segments[across.pk]["transcript_excerpt"] is None
        assert segments[clear.pk]["transcript_excerpt"] == "Clear excerpt"
        listed = {s["id"] for s in client.json("/api/v1/segments/")["results"]}
        assert inside.pk not in listed and across.pk in listed
        client.json(f"/api/v1/segments/{inside.pk}/", expect=404)
        assert found(client, "Sealedtitle") == found(client, "Excerptword") == set()
    assert found(public, "Across seal") == {("segment", across.pk)}
    assert staff_finds("Sealedtitle") and staff_finds("Excerptword")


def test_closing_without_the_models_closes_search_at_once(interview, public):
    """A bulk update or a row written with no signal: the database's copies of the
    closures still judge every passage by its span (fail closed)."""
    testimony, original, _ = interview
    assert ("transcript", original.pk) in found(public, "Harbourlight")
    SealedRange.objects.bulk_create(
        [SealedRange(testimony=testimony, start=0 * M, end=3 * M, reason="bulk")]
    )
    assert found(public, "Harbourlight") == set()
    assert ("transcript", original.pk) in found(public, "Lanternfield")
    SealedRange.objects.filter(testimony=testimony, reason="bulk").delete()
    Segment.objects.filter(testimony=testimony, is_closed=True).update(start=45 * M, end=55 * M)
    assert found(public, "Lanternfield") == set()
    assert "Lanternfield" not in str(detail(public, testimony))


def test_closed_ranges_is_the_one_answer_per_audience_and_day(interview):
    testimony, _, _ = interview
    spans = {
        kind: closed_ranges(audience, [testimony.pk])[testimony.pk].spans
        for kind, audience in (("public", Audience.public()), ("staff", Audience.staff()))
    }
    assert spans["public"] == ((10 * M, 20 * M), (30 * M, 32 * M), (40 * M, 41 * M))
    assert spans["staff"] == ()


def test_the_change_feed_lists_a_testimony_whose_passages_closed_or_reopened(
    interview, public, partner_client, monkeypatch
):
    testimony, _, _ = interview
    since = timezone.now()
    assert public.json("/api/v1/changes/", since=since.isoformat())["changes"] == []
    SealedRangeFactory(testimony=testimony, start=50 * M, end=51 * M)
    for client in (public, partner_client):
        changes = client.json("/api/v1/changes/", since=since.isoformat())["changes"]
        assert ("testimony", testimony.pk, "upsert") in {
            (c["type"], c["id"], c["action"]) for c in changes
        }
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    SealedRange.objects.filter(start=40 * M).update(reopens_on=tomorrow)
    released(testimony)
    since = timezone.now()
    assert public.json("/api/v1/changes/", since=since.isoformat())["changes"] == []
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    changes = public.json("/api/v1/changes/", since=since.isoformat())["changes"]
    assert ("testimony", testimony.pk) in {(c["type"], c["id"]) for c in changes}
