"""Refusing a save made from a stale copy: the admin's rule, one record at a time.

A record's version is read from its history events (``catalog.admin.history``):
a segment's own events and those of its subject, place and person links; a
cue's events; a transcript's events with those of its cues. The admin's pages
compare the same versions, so a segment saved on the testimony's admin page
makes the workbench's copy stale and the other way round. A save names the
version it was made from; the rows are locked (the parent first, as the admin
does), the version read again, and a stale save is refused in the admin's
words, naming who changed what since.
"""

from django.core.exceptions import ValidationError

from catalog.admin import history
from catalog.admin.stale import check
from testimony.models import Cue, Segment, Transcript


class StaleCopy(Exception):
    """The record changed since the copy being saved was read."""

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current


def _cue_rows():
    return [(Cue, Cue._meta.get_field("transcript"))]


def segment_sources(pk) -> list[history.Source]:
    return history.record_sources(Segment, pk)


def cue_sources(pk) -> list[history.Source]:
    return history.record_sources(Cue, pk)


def transcript_sources(pk) -> list[history.Source]:
    """A transcript with its cues (the transcript's admin page compares this too)."""
    return history.sources(Transcript, pk, _cue_rows())


def refuse_if_stale(found: list[history.Source], seen, model, current=None) -> None:
    """StaleCopy, in the admin's words, unless ``seen`` is the current version."""
    try:
        check(found, str(seen or ""), model)
    except ValidationError as exc:
        raise StaleCopy(" ".join(exc.messages), current) from exc


def page_versions(testimony_id: int, transcript_id) -> tuple[dict, dict, dict]:
    """The versions of a testimony's segments, of one transcript's cues and of
    each of its transcripts (with their cues), in one query."""
    segments = Segment.objects.filter(testimony_id=testimony_id).values("pk")
    cues = Cue.objects.filter(transcript_id=transcript_id or 0).values("pk")
    transcripts = Transcript.objects.filter(testimony_id=testimony_id).values("pk")
    return tuple(
        history.versions(
            (Segment, segments, []), (Cue, cues, []), (Transcript, transcripts, _cue_rows())
        )
    )


def segment_versions(ids) -> dict:
    """The versions of the segments ``ids`` (a queryset of ids), in one query."""
    return history.versions((Segment, ids, []))[0]


def cue_versions(ids) -> dict:
    return history.versions((Cue, ids, []))[0]
