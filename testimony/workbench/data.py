"""What the workbench page and its answers show, read in a constant number of
queries however many segments and cues a testimony has."""

from django.db import connection
from django.db.models import Exists, F, OuterRef

from testimony.models import Cue, MediaFile, Segment, Transcript
from testimony.timecodes import format_timecode
from testimony.workbench import stale

SEGMENT_FIELDS = [
    "id",
    "start",
    "end",
    "title",
    "synopsis",
    "transcript_excerpt",
    "is_closed",
    "closed_reason",
    "keywords",
    "ends_at_next",
]

TAG_LABELS = """
    SELECT 'subjects', x.segment_id, t.id, t.label FROM testimony_segment_subjects x
    JOIN catalog_subject t ON t.id = x.subject_id
    JOIN testimony_segment s ON s.id = x.segment_id WHERE s.testimony_id = %(t)s
    UNION ALL
    SELECT 'places', x.segment_id, t.id, t.name FROM testimony_segment_places x
    JOIN catalog_place t ON t.id = x.place_id
    JOIN testimony_segment s ON s.id = x.segment_id WHERE s.testimony_id = %(t)s
    UNION ALL
    SELECT 'people', x.segment_id, t.id, t.preferred_name FROM testimony_segment_people x
    JOIN catalog_person t ON t.id = x.person_id
    JOIN testimony_segment s ON s.id = x.segment_id WHERE s.testimony_id = %(t)s
"""


def seconds(value) -> float | None:
    return None if value is None else round(value.total_seconds(), 3)


def timed(row: dict) -> dict:
    """A row with its start and end as seconds (for the player) and as timecodes."""
    row["start_tc"], row["end_tc"] = format_timecode(row["start"]), format_timecode(row["end"])
    row["start"], row["end"] = seconds(row["start"]), seconds(row["end"])
    return row


def segment_rows(testimony_id: int, only=None) -> list[dict]:
    """The testimony's segments (or the one ``only``) with their tags as
    ``{"id": ..., "label": ...}``, in two queries."""
    segments = Segment.objects.filter(testimony_id=testimony_id)
    if only is not None:
        segments = segments.filter(pk=only)
    rows = [timed(row) for row in segments.order_by("start", "id").values(*SEGMENT_FIELDS)]
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        row.update(subjects=[], places=[], people=[])
    sql = TAG_LABELS
    params: dict = {"t": testimony_id}
    if only is not None:
        sql = f"SELECT * FROM ({TAG_LABELS}) tags WHERE segment_id = %(s)s"
        params["s"] = only
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 4", params)
        for relation, segment_id, pk, label in cursor.fetchall():
            if segment_id in by_id:
                by_id[segment_id][relation].append({"id": pk, "label": label})
    return rows


def transcripts(testimony_id: int) -> list[dict]:
    has_cues = Exists(Cue.objects.filter(transcript=OuterRef("pk")))
    return list(
        Transcript.objects.filter(testimony_id=testimony_id)
        .annotate(timed=has_cues, original=F("translation_of__language"))
        .order_by(F("translation_of").asc(nulls_first=True), "language")
        .values("id", "language", "original", "timed", "text")
    )


def cue_rows(transcript_id: int) -> list[dict]:
    cues = Cue.objects.filter(transcript_id=transcript_id).order_by("start", "id")
    return [timed(row) for row in cues.values("id", "start", "end", "speaker", "text")]


def cue_row(cue: Cue) -> dict:
    return timed(
        {"id": cue.pk, "start": cue.start, "end": cue.end, "speaker": cue.speaker, "text": cue.text}
    )


def cue_rows_of(cues: list[Cue]) -> list[dict]:
    """Rows of cues just saved, with their new versions (in one query)."""
    versions = stale.cue_versions(Cue.objects.filter(pk__in=[c.pk for c in cues]).values("pk"))
    return [cue_row(cue) | {"version": versions[cue.pk]} for cue in cues]


def current_row(record) -> dict | None:
    """The row of a record as it is now, with its version, for a refused save."""
    if isinstance(record, Segment):
        rows = segment_rows(record.testimony_id, only=record.pk)
        if rows:
            rows[0]["version"] = stale.segment_versions(
                Segment.objects.filter(pk=record.pk).values("pk")
            )[record.pk]
        return rows[0] if rows else None
    if isinstance(record, Cue):
        found = Cue.objects.filter(pk=record.pk).first()
        return cue_rows_of([found])[0] if found else None
    return None


def recording(testimony_id: int) -> MediaFile | None:
    """The staff copy the workbench plays: the longest recording of the testimony."""
    return (
        MediaFile.objects.filter(
            testimony_id=testimony_id, kind__in=[MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO]
        )
        .order_by(F("duration").desc(nulls_last=True), "id")
        .first()
    )
