"""Writing a transcript's cues: checked against each other and the recording,
then put in place of the old ones in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from testimony.models import Cue, Transcript
from testimony.models.search import SearchEntry
from testimony.search.index import reindex
from testimony.timecodes import format_timecode
from testimony.transcripts import formats

FORMATS = {".vtt": formats.read_webvtt, ".txt": formats.read_marked_text}


def check_cues(cues: list[formats.CueData], duration) -> list[formats.CueData]:
    """Cues in order, each ending after it starts and within the recording.

    A cue without an end (the last of a marked text) ends with the recording.
    Every problem is named with the cue's number, all at once."""
    errors = []
    checked = []
    previous_start = None
    for number, cue in enumerate(cues, start=1):
        at = {"number": number, "start": format_timecode(cue.start)}
        end = cue.end if cue.end is not None else duration
        if end is None:
            errors.append(
                _(
                    "Cue %(number)s (%(start)s) has no end: add a last [hh:mm:ss] marker after "
                    "it, or upload the recording first so that its length is known."
                )
                % at
            )
            continue
        if previous_start is not None and cue.start < previous_start:
            errors.append(
                _(
                    "Cue %(number)s (%(start)s) starts before the cue above it; cues must be "
                    "in time order."
                )
                % at
            )
        if end <= cue.start:
            errors.append(
                _("Cue %(number)s (%(start)s) ends at %(end)s, not after it starts.")
                % {**at, "end": format_timecode(end)}
            )
        if duration is not None and end > duration:
            errors.append(
                _(
                    "Cue %(number)s (%(start)s) ends at %(end)s, after the recording's end "
                    "(%(length)s)."
                )
                % {**at, "end": format_timecode(end), "length": format_timecode(duration)}
            )
        if not cue.text.strip():
            errors.append(_("Cue %(number)s (%(start)s) has no text.") % at)
        previous_start = cue.start
        checked.append(formats.CueData(cue.start, end, cue.text.strip(), cue.speaker[:200]))
    if errors:
        raise ValidationError(errors)
    return checked


def read_cues(name: str, content: bytes) -> list[formats.CueData]:
    """Cues from an uploaded file, by its extension: .vtt or .txt."""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    reader = FORMATS.get(extension)
    if reader is None:
        raise ValidationError(
            _("“%(name)s” is neither WebVTT (.vtt) nor text with [hh:mm:ss] markers (.txt).")
            % {"name": name},
            code="cue_format",
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("“%(name)s” is not UTF-8 text.") % {"name": name}, code="encoding"
        ) from exc
    return reader(text)


@transaction.atomic
def replace_cues(transcript: Transcript, cues: list[formats.CueData]) -> int:
    """Put ``cues`` in place of the transcript's cues; returns how many."""
    checked = check_cues(cues, transcript.testimony.duration)
    Transcript.objects.select_for_update().filter(pk=transcript.pk).exists()
    transcript.cues.all().delete()
    Cue.objects.bulk_create(
        Cue(
            transcript=transcript,
            start=cue.start,
            end=cue.end,
            speaker=cue.speaker,
            text=cue.text,
        )
        for cue in checked
    )
    reindex(SearchEntry.Kind.TRANSCRIPT, [transcript.pk])
    return len(checked)
