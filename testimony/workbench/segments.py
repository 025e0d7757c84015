"""Saving one segment of the workbench: checked, locked, written with its tags
in a constant number of queries, and the open ends of its neighbours kept in
step (a segment without a set end ends where the next begins)."""

import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from catalog.admin import history
from testimony.models import Segment, Testimony
from testimony.search.signals import resplit_transcripts
from testimony.timecodes import format_timecode
from testimony.workbench.forms import SegmentForm
from testimony.workbench.stale import refuse_if_stale, segment_sources, segment_versions

TAGS = {
    # relation -> (through table, its column for the tag, the tag's table)
    "subjects": ("testimony_segment_subjects", "subject_id", "catalog_subject"),
    "places": ("testimony_segment_places", "place_id", "catalog_place"),
    "people": ("testimony_segment_people", "person_id", "catalog_person"),
}
OPEN_END_PLACEHOLDER = datetime.timedelta(milliseconds=1)
TEXT_FIELDS = ["title", "synopsis", "transcript_excerpt", "is_closed", "closed_reason", "keywords"]


class Refused(Exception):
    """A save that changed nothing: ``errors`` by field ("__all__" for the record)."""

    def __init__(self, errors: dict, status: int = 400, current=None):
        super().__init__(errors)
        self.errors = errors
        self.status = status
        self.current = current


def check_within_recording(duration, end) -> None:
    """Refused at the end field when ``end`` lies past the recording's end."""
    if duration is not None and end > duration:
        raise Refused(
            {
                "end": [
                    _("The recording is only %(length)s long.")
                    % {"length": format_timecode(duration)}
                ]
            }
        )


def _set_tags(segment_id: int, cleaned, found=None) -> str | None:
    """Put the segment's subjects, places and people in place in one statement
    (the history triggers on the link tables record each add and remove);
    Refused, by field, when an id names no record.

    With ``found`` (the segment's history sources) the same statement reads the
    segment's version as it was before this save, and returns it: the save's
    caller holds the testimony's lock, so no other save comes in between."""
    statements, params, missing = [], [], []
    if found:
        version_sql, version_params = history.version_query(found).query.sql_with_params()
        statements.append(f"v AS ({version_sql})")
        params += list(version_params)
        missing.append("SELECT 'version', source, events, last FROM v")
    for relation, (through, column, table) in TAGS.items():
        ids = cleaned[relation]
        statements += [
            f"m_{relation} AS (SELECT %s AS relation, x FROM unnest(%s::bigint[]) x "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = x))",
            f"d_{relation} AS (DELETE FROM {through} WHERE segment_id = %s "
            f"AND NOT ({column} = ANY(%s::bigint[])) RETURNING 1)",
            f"i_{relation} AS (INSERT INTO {through} (segment_id, {column}) "
            f"SELECT %s, x FROM unnest(%s::bigint[]) x JOIN {table} t ON t.id = x "
            f"ON CONFLICT DO NOTHING RETURNING 1)",
        ]
        params += [relation, ids, segment_id, ids, segment_id, ids]
        missing.append(f"SELECT relation, x, NULL::bigint, NULL::bigint FROM m_{relation}")
    sql = "WITH " + ", ".join(statements) + " " + " UNION ALL ".join(missing)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    errors: dict = {}
    for relation, pk, _events, _last in rows:
        if relation != "version":
            errors.setdefault(relation, []).append(_("No record with id %(id)s.") % {"id": pk})
    if errors:
        raise Refused(errors)  # the transaction is rolled back: nothing is kept
    if not found:
        return None
    counted = [row[1:] for row in rows if row[0] == "version"]
    return history.version_of_rows(counted, len(found))


def follow_open_ends(testimony_id: int, include=None) -> dict[int, object]:
    """Every segment whose end is not set ends where the next begins, or with
    the recording; a closed segment so moved closes a new range at once.
    Returns the new ends by segment id (``include`` is returned even when its
    end did not move)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE testimony_segment s SET "end" = n.next_end
            FROM (
                SELECT s2.id, COALESCE(
                    (SELECT min(o.start) FROM testimony_segment o
                     WHERE o.testimony_id = s2.testimony_id AND o.start > s2.start),
                    t.duration) AS next_end
                FROM testimony_segment s2 JOIN testimony_testimony t ON t.id = s2.testimony_id
                WHERE s2.testimony_id = %s AND s2.ends_at_next
            ) n
            WHERE s.id = n.id AND n.next_end > s.start AND (s."end" <> n.next_end OR s.id = %s)
            RETURNING s.id, s."end", s.is_closed
            """,
            [testimony_id, include],
        )
        moved = cursor.fetchall()
    if any(is_closed for _id, _end, is_closed in moved):
        resplit_transcripts(testimony_id)
    return {pk: end for pk, end, _closed in moved}


def lock_segment(testimony_id: int, segment_id: int) -> Segment:
    """The segment with its testimony, whose row is locked until the transaction
    ends: every save of a segment (here and on the admin's pages) locks the
    testimony first, so the versions read after this are the latest. The
    segment's fields read here may predate a save this one waited for: a save
    rewrites them all, and compares versions read afresh."""
    segment = (
        Segment.objects.select_related("testimony")
        .select_for_update(of=("testimony",))
        .filter(testimony_id=testimony_id, pk=segment_id)
        .first()
    )
    if segment is None:
        raise Refused({"__all__": [_("This segment no longer exists.")]}, 404)
    return segment


class _Stale(Exception):
    """Raised inside the save's transaction, so that it is rolled back before
    the refusal reads what changed."""


def save_segment(testimony_id: int, data: dict, segment_id=None) -> Segment:
    """Create (no ``segment_id``) or update one segment of the testimony from
    ``data``; Refused with the errors by field when nothing may be saved, and
    StaleCopy when the segment changed since the version ``data`` names."""
    try:
        return _save_segment(testimony_id, data, segment_id)
    except _Stale:
        current = Segment.objects.filter(pk=segment_id).first()
        refuse_if_stale(segment_sources(segment_id), data.get("version"), Segment, current)
        raise Refused({"__all__": [_("Nothing was saved: save again.")]}, 409) from None


@transaction.atomic
def _save_segment(testimony_id: int, data: dict, segment_id) -> Segment:
    if segment_id is not None:
        segment = lock_segment(testimony_id, segment_id)
        testimony = segment.testimony
    else:
        testimony = Testimony.objects.select_for_update(of=("self",)).filter(pk=testimony_id)
        testimony = testimony.first()
        if testimony is None:
            raise Refused({"__all__": [_("This testimony no longer exists.")]}, 404)
        segment = Segment(testimony=testimony)
    form = SegmentForm(data)
    if not form.is_valid():
        raise Refused({field: list(messages) for field, messages in form.errors.items()})
    cleaned = form.cleaned_data
    start, end = cleaned["start"], cleaned["end"]
    segment.ends_at_next = end is None
    if end is not None:
        check_within_recording(testimony.duration, end)
    segment.start = start
    # An open end is set where the next segment begins, once this one is in place.
    segment.end = end if end is not None else start + OPEN_END_PLACEHOLDER
    for field in TEXT_FIELDS:
        setattr(segment, field, cleaned[field])
    if not segment.is_closed:
        segment.closed_reason = ""
    if segment.pk is None:
        segment.save()
        _set_tags(segment.pk, cleaned)
    else:
        # Before the save, whose search entry reads them; the same statement
        # reads the segment's version.
        if _set_tags(segment.pk, cleaned, segment_sources(segment.pk)) != data.get("version"):
            raise _Stale
        segment.save()
    segment.moved_ends = follow_open_ends(testimony.pk, include=segment.pk)
    if segment.ends_at_next:
        if segment.pk not in segment.moved_ends:
            raise Refused(
                {
                    "end": [
                        _(
                            "Give an end: no segment follows this one and the recording's "
                            "length is not known yet."
                        )
                    ]
                }
            )
        segment.end = segment.moved_ends[segment.pk]
    segment.tag_ids = {relation: cleaned[relation] for relation in TAGS}
    # The new versions of the segment and of the neighbours whose ends moved.
    changed = Segment.objects.filter(pk__in=[segment.pk, *segment.moved_ends]).values("pk")
    segment.versions = segment_versions(changed)
    return segment
