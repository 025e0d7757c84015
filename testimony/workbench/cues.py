"""Aligning a transcript in the workbench: a cue's text and times edited in
place, a cue split at the playhead or merged with the next, and a file (WebVTT,
text with markers, or plain text) placed against the recording."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from testimony.models import Cue, Transcript
from testimony.models.search import SearchEntry
from testimony.search.index import reindex
from testimony.timecodes import format_timecode
from testimony.transcripts import formats
from testimony.transcripts.services import read_cues, replace_cues
from testimony.workbench.forms import CueForm
from testimony.workbench.segments import Refused, check_within_recording
from testimony.workbench.stale import cue_sources, refuse_if_stale, transcript_sources


def lock_cue(testimony_id: int, cue_id: int, version) -> Cue:
    """The cue of the testimony, with its transcript's row locked (as the admin's
    cue and transcript pages lock it, so an import and a cue edit queue on one
    lock); StaleCopy unless the cue is still at ``version``, read once the lock
    is held. Called inside the transaction of the change."""
    cue = (
        Cue.objects.select_related("transcript__testimony")
        .select_for_update(of=("transcript",))
        .filter(pk=cue_id, transcript__testimony_id=testimony_id)
        .first()
    )
    if cue is None:
        raise Refused({"__all__": [_("This cue no longer exists.")]}, 404)
    refuse_if_stale(cue_sources(cue.pk), version, Cue, current=cue)
    return cue


def lock_transcript(transcript: Transcript, version) -> None:
    """Lock the transcript; StaleCopy unless it and its cues are at ``version``."""
    list(Transcript.objects.select_for_update(of=("self",)).filter(pk=transcript.pk).values("pk"))
    refuse_if_stale(transcript_sources(transcript.pk), version, Transcript)


def edit_cue(cue: Cue, data: dict) -> Cue:
    """Called with ``cue`` locked (``lock_cue``), inside its transaction."""
    form = CueForm(data)
    if not form.is_valid():
        raise Refused({field: list(messages) for field, messages in form.errors.items()})
    cleaned = form.cleaned_data
    check_within_recording(cue.transcript.testimony.duration, cleaned["end"])
    for field in ("start", "end", "speaker", "text"):
        setattr(cue, field, cleaned[field])
    cue.save()
    reindex(SearchEntry.Kind.TRANSCRIPT, [cue.transcript_id])
    return cue


def _split_offset(text: str, share: float) -> int:
    """Where to cut ``text`` for a split at ``share`` of the cue's time: the word
    boundary nearest to that share of its characters."""
    target = round(len(text) * share)
    cuts = [m.start() for m in re.finditer(r"\s+", text)] or [target]
    return min(cuts, key=lambda cut: abs(cut - target))


def split_cue(cue: Cue, at: datetime.timedelta, offset=None) -> tuple[Cue, Cue]:
    """Cut ``cue`` in two at the time ``at``; its text at ``offset`` (a character
    position), or at the word nearest to where ``at`` falls."""
    if not cue.start < at < cue.end:
        raise Refused(
            {
                "at": [
                    _("Split inside the cue: between %(start)s and %(end)s.")
                    % {"start": format_timecode(cue.start), "end": format_timecode(cue.end)}
                ]
            }
        )
    if offset is None:
        offset = _split_offset(cue.text, (at - cue.start) / (cue.end - cue.start))
    first, second = cue.text[:offset].strip(), cue.text[offset:].strip()
    if not first or not second:
        raise Refused({"offset": [_("Each part of a split cue needs some text.")]})
    new = Cue(transcript=cue.transcript, start=at, end=cue.end, speaker=cue.speaker, text=second)
    cue.end, cue.text = at, first
    cue.save()
    new.save()
    reindex(SearchEntry.Kind.TRANSCRIPT, [cue.transcript_id])
    return cue, new


def merge_with_next(cue: Cue, next_version) -> tuple[Cue, int]:
    """Join ``cue`` (locked) and the cue after it into one, unless the cue after
    it is not at ``next_version`` (the one the page showed); returns the
    merged cue and the id removed."""
    following = (
        Cue.objects.select_for_update()
        .filter(transcript_id=cue.transcript_id, start__gte=cue.start)
        .exclude(pk=cue.pk)
        .order_by("start", "id")
        .first()
    )
    if following is None:
        raise Refused({"__all__": [_("This is the last cue: there is none to merge it with.")]})
    refuse_if_stale(cue_sources(following.pk), next_version, Cue, current=following)
    if following.speaker != cue.speaker:
        raise Refused(
            {"__all__": [_("The next cue has another speaker; cues of two speakers stay apart.")]}
        )
    cue.end = max(cue.end, following.end)
    cue.text = f"{cue.text} {following.text}".strip()
    removed = following.pk
    following.delete()
    cue.save()
    reindex(SearchEntry.Kind.TRANSCRIPT, [cue.transcript_id])
    return cue, removed


def spread_paragraphs(text: str, start, duration) -> list[formats.CueData]:
    """Plain text with no times: one cue per paragraph, laid across the
    recording from ``start`` in proportion to its length, to be set exactly
    from the player afterwards."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.lstrip("\ufeff")) if p.strip()]
    if not paragraphs:
        raise ValidationError(_("The file holds no text."), code="empty")
    if duration is None:
        raise ValidationError(
            _("Plain text is placed against the recording: upload the recording first."),
            code="no_duration",
        )
    span = duration - start
    if span <= datetime.timedelta(0):
        raise ValidationError(_("Start before the recording's end."), code="offset")
    total = sum(len(p) for p in paragraphs)
    cues, at = [], start
    for index, paragraph in enumerate(paragraphs):
        end = duration if index == len(paragraphs) - 1 else at + span * (len(paragraph) / total)
        end = datetime.timedelta(milliseconds=round(end.total_seconds() * 1000))
        cues.append(formats.CueData(at, end, paragraph))
        at = end
    return cues


def _plain_text(name: str, content: bytes) -> bool:
    """A .txt file with no [hh:mm:ss] marker at the start of any line."""
    if not name.lower().endswith(".txt"):
        return False
    try:
        lines = content.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return False  # read_cues names the encoding
    return not any(formats.MARKER.match(line) for line in lines)


@transaction.atomic
def import_cues(transcript: Transcript, name: str, content: bytes, offset) -> int:
    """Cues of an uploaded file, shifted by ``offset`` (where the file's 0:00
    falls in the recording), in place of the transcript's cues."""
    duration = transcript.testimony.duration
    if _plain_text(name, content):
        cues = spread_paragraphs(content.decode("utf-8"), offset, duration)
        offset = datetime.timedelta(0)
    else:
        cues = read_cues(name, content)
    if offset:
        cues = [
            formats.CueData(
                cue.start + offset,
                None if cue.end is None else cue.end + offset,
                cue.text,
                cue.speaker,
            )
            for cue in cues
        ]
    return replace_cues(transcript, cues)
