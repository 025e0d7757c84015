"""Saving one segment of the workbench: checked, locked, written with its tags
in a constant number of queries, and the open ends of its neighbours kept in
step (a segment without a set end ends where the next begins)."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from testimony.models import Segment, Testimony
from testimony.search.signals import resplit_transcripts
from testimony.timecodes import format_timecode
from testimony.workbench.forms import SegmentForm
from testimony.workbench.stale import lock_current, stamp

TAGS = {
    # relation -> (through table, its column for the tag, the tag's table)
    "subjects": ("testimony_segment_subjects", "subject_id", "catalog_subject"),
    "places": ("testimony_segment_places", "place_id", "catalog_place"),
    "people": ("testimony_segment_people", "person_id", "catalog_person"),
}
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


def _missing_tags(cleaned) -> dict:
    """Errors for tag ids that name no record, found in one query."""
    parts, params = [], []
    for relation, (_through, _column, table) in TAGS.items():
        if cleaned[relation]:
            parts.append(
                f"SELECT %s, x FROM unnest(%s::bigint[]) x "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = x)"
            )
            params += [relation, cleaned[relation]]
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        missing = cursor.fetchall()
    errors: dict = {}
    for relation, pk in missing:
        errors.setdefault(relation, []).append(_("No record with id %(id)s.") % {"id": pk})
    return errors


def _set_tags(segment_id: int, cleaned) -> None:
    """Put the segment's subjects, places and people in place in one statement
    (the history triggers on the link tables record each add and remove)."""
    statements, params = [], []
    for relation, (through, column, _table) in TAGS.items():
        ids = cleaned[relation]
        statements.append(
            f"d_{relation} AS (DELETE FROM {through} WHERE segment_id = %s "
            f"AND NOT ({column} = ANY(%s::bigint[])) RETURNING 1)"
        )
        statements.append(
            f"i_{relation} AS (INSERT INTO {through} (segment_id, {column}) "
            f"SELECT %s, x FROM unnest(%s::bigint[]) x ON CONFLICT DO NOTHING RETURNING 1)"
        )
        params += [segment_id, ids, segment_id, ids]
    sql = "WITH " + ", ".join(statements) + " SELECT 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _open_end(testimony: Testimony, segment_id, start):
    """Where a segment starting at ``start`` ends when its end is not set."""
    following = (
        Segment.objects.filter(testimony=testimony, start__gt=start)
        .exclude(pk=segment_id)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    return following if following is not None else testimony.duration


def follow_open_ends(testimony_id: int) -> dict[int, object]:
    """Every segment whose end is not set ends where the next begins, or with
    the recording; a closed segment so moved closes a new range at once.
    Returns the new ends by segment id."""
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
            WHERE s.id = n.id AND n.next_end > s.start AND s."end" <> n.next_end
            RETURNING s.id, s."end", s.is_closed
            """,
            [testimony_id],
        )
        moved = cursor.fetchall()
    if any(is_closed for _id, _end, is_closed in moved):
        resplit_transcripts(testimony_id)
    return {pk: end for pk, end, _closed in moved}


@transaction.atomic
def save_segment(testimony: Testimony, data: dict, user, segment_id=None) -> Segment:
    """Create (no ``segment_id``) or update one segment from ``data``; Refused
    with the errors by field when nothing may be saved."""
    if segment_id is not None:
        queryset = Segment.objects.filter(testimony=testimony)
        try:
            segment = lock_current(queryset, segment_id, data.get("version"))
        except Segment.DoesNotExist as exc:
            raise Refused({"__all__": [_("This segment no longer exists.")]}, 404) from exc
    else:
        segment = Segment(testimony=testimony)
    form = SegmentForm(data)
    if not form.is_valid():
        raise Refused({field: list(messages) for field, messages in form.errors.items()})
    cleaned = form.cleaned_data
    if errors := _missing_tags(cleaned):
        raise Refused(errors)
    end = cleaned["end"]
    segment.ends_at_next = end is None
    if end is None:
        end = _open_end(testimony, segment_id, cleaned["start"])
        if end is None or end <= cleaned["start"]:
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
    check_within_recording(testimony.duration, end)
    segment.start, segment.end = cleaned["start"], end
    for field in TEXT_FIELDS:
        setattr(segment, field, cleaned[field])
    if not segment.is_closed:
        segment.closed_reason = ""
    is_new = segment.pk is None
    stamp(segment, user)
    if is_new:
        segment.version = 1
        segment.save()
        _set_tags(segment.pk, cleaned)
    else:
        _set_tags(segment.pk, cleaned)  # before the save, whose search entry reads them
        segment.save()
    segment.moved_ends = follow_open_ends(testimony.pk)
    segment.tag_ids = {relation: cleaned[relation] for relation in TAGS}
    return segment
