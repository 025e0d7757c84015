"""What an export may show: the testimony detail the API gives an audience.

Exports never read the models: they read the dict ``disclosure.present_testimonies``
makes for the audience (released state, closed ranges cut, pseudonyms unlinked,
protected relatives unnamed), so every format shows exactly what the JSON API
shows, and nothing else.
"""

from __future__ import annotations

import datetime

from testimony import disclosure
from testimony.disclosure import Audience
from testimony.timecodes import parse_timecode


def testimony_record(audience: Audience, pk: int) -> dict | None:
    """The audience's detail of one testimony (with its ``rights``), or None
    where the API answers 404."""
    row = disclosure.detail_row(audience, pk)
    if row is None:
        return None
    return with_rights(disclosure.present_testimonies(audience, [row]))[0]


def testimony_records(audience: Audience, rows) -> list[dict]:
    """Details of many list rows from ``disclosure.testimonies(audience)``, in a
    fixed number of queries (OAI-PMH pages)."""
    return with_rights(disclosure.present_testimonies(audience, rows))


def segment_record(audience: Audience, pk: int) -> dict | None:
    """One segment as the API's segment list gives it, or None (404)."""
    found = (
        disclosure.segments(audience)
        .filter(pk=pk)
        .select_related("testimony")
        .prefetch_related("subjects", "places", "people")
    )
    rows = disclosure.present_segments(audience, found)
    return rows[0] if rows else None


def timedelta(timecode: str | None) -> datetime.timedelta | None:
    """A time from the API's ``hh:mm:ss[.mmm]`` timecodes."""
    return parse_timecode(timecode) if timecode else None


def seconds(timecode: str | None) -> float | None:
    value = timedelta(timecode)
    return None if value is None else value.total_seconds()


def narrator_name(record: dict) -> str | None:
    """The narrator as the audience may see them: a real name, a pseudonym, or None."""
    narrator = record.get("narrator")
    return narrator["name"] if narrator else None


def original_transcript(record: dict) -> dict | None:
    """The first transcript sent that is not a translation."""
    for transcript in record.get("transcripts") or []:
        if transcript["translation_of"] is None:
            return transcript
    return None


def translations(record: dict) -> list[dict]:
    return [t for t in record.get("transcripts") or [] if t["translation_of"] is not None]


def with_rights(records: list[dict]) -> list[dict]:
    """Each record with its testimony's RightsStatements.org URI as released
    (``rights``, or None), read in one query: a cataloguer's change reaches
    outside audiences with the next release. Public by nature: no rule withholds it."""
    from testimony.models import TestimonyListing

    found = dict(
        TestimonyListing.objects.filter(pk__in=[r["id"] for r in records]).values_list(
            "pk", "rights_statement"
        )
    )
    return [r | {"rights": found.get(r["id"]) or None} for r in records]
