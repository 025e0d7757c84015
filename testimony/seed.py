"""Load collections, partners and testimonies from the TOML files in ``fixtures/``."""

from catalog.models import Person, Place, Subject
from catalog.seed import _date, lookup, lookup_all, upsert
from testimony.models import (
    Collection,
    ConsentRecord,
    PartnerOrganisation,
    SealedRange,
    Segment,
    Testimony,
    Transcript,
)
from testimony.publication import release
from testimony.services import record_consent
from testimony.timecodes import parse_timecode
from testimony.transcripts.formats import CueData
from testimony.transcripts.services import replace_cues


def load_collections(records):
    for record in records:
        upsert(Collection, {"code": record["code"]}, record)


def load_partners(records):
    for record in records:
        partner = upsert(PartnerOrganisation, {"name": record["name"]}, {})
        partner.collections.set(lookup_all(Collection, record.get("collections"), "code"))


def load_testimonies(records):
    for record in records:
        testimony = upsert(
            Testimony,
            {"catalogue_id": record["catalogue_id"]},
            {
                "title": record["title"],
                "narrator": lookup(Person, record["narrator"], "preferred_name"),
                "recorded": record.get("recorded", ""),
                "place": lookup(Place, record.get("place")),
                "languages": record.get("languages", []),
                "duration": parse_timecode(record["duration"]) if "duration" in record else None,
                "collection": lookup(Collection, record["collection"], "code"),
                "status": record.get("status", Testimony.Status.DRAFT),
                "summary": record.get("summary", ""),
                "is_fictional": True,
            },
        )
        testimony.interviewers.set(lookup_all(Person, record.get("interviewers"), "preferred_name"))
        _load_transcripts(testimony, record.get("transcripts", []))
        _load_segments(testimony, record.get("segments", []))
        _load_sealed_ranges(testimony, record.get("sealed_ranges", []))
        if not testimony.consents.exists():
            for consent in record.get("consents", []):
                partners = lookup_all(PartnerOrganisation, consent.get("partners"))
                values = {key: value for key, value in consent.items() if key != "partners"}
                values["given_on"] = _date(values["given_on"])
                values["embargo_until"] = _date(values.get("embargo_until"))
                record_consent(ConsentRecord(testimony=testimony, **values), partners=partners)
        # The loader stands for the reviewer once: a published record is released
        # when first loaded; loading again changes nothing.
        published = testimony.status == Testimony.Status.PUBLISHED
        if published and testimony.consents.exists() and not testimony.releases.exists():
            release(testimony, note="Released by the loader of the fixtures.")


def _load_transcripts(testimony, records):
    for record in records:
        original = record.get("translation_of")
        transcript = upsert(
            Transcript,
            {"testimony": testimony, "language": record["language"]},
            {
                "text": record.get("text", ""),
                "translator": record.get("translator", ""),
                "translation_of": Transcript.objects.get(testimony=testimony, language=original)
                if original
                else None,
            },
        )
        if "cues" in record:
            cues = [
                CueData(
                    parse_timecode(cue["start"]),
                    parse_timecode(cue["end"]),
                    cue["text"],
                    cue.get("speaker", ""),
                )
                for cue in record["cues"]
            ]
            replace_cues(transcript, cues)


def _load_sealed_ranges(testimony, records):
    for record in records:
        upsert(
            SealedRange,
            {"testimony": testimony, "start": parse_timecode(record["start"])},
            {
                "end": parse_timecode(record["end"]),
                "reason": record["reason"],
                "sealed_from": record.get("sealed_from", SealedRange.SealedFrom.OUTSIDE),
                "reopens_on": _date(record.get("reopens_on")),
            },
        )


def _load_segments(testimony, records):
    for record in records:
        segment = upsert(
            Segment,
            {"testimony": testimony, "start": parse_timecode(record["start"])},
            {
                "end": parse_timecode(record["end"]),
                "title": record["title"],
                "synopsis": record.get("synopsis", ""),
                "is_closed": record.get("is_closed", False),
                "closed_reason": record.get("closed_reason", ""),
            },
        )
        segment.subjects.set(lookup_all(Subject, record.get("subjects"), "label"))
        segment.places.set(lookup_all(Place, record.get("places")))
        segment.people.set(lookup_all(Person, record.get("people"), "preferred_name"))


def load_testimony_records(data: dict) -> None:
    load_collections(data.get("collections", []))
    load_partners(data.get("partners", []))
    load_testimonies(data.get("testimonies", []))
