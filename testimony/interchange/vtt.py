"""WebVTT per audience: captions for each transcript and translation (speakers
as voices), chapters for the segments (titles as cue text).

Both are written from the audience's testimony detail, so they hold the cues
and segments the API sends and nothing else: cues touching a closed range are
already gone, closed segments never were there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from testimony.interchange.source import timedelta as parse
from testimony.transcripts.formats import write_webvtt


@dataclass(frozen=True)
class _Cue:
    start: timedelta
    end: timedelta
    text: str
    speaker: str = ""


def captions(transcript: dict) -> str | None:
    """A transcript entry of the detail as WebVTT captions; None when the
    audience receives no timed cues for it (untimed, or withheld)."""
    if not transcript.get("timed") or transcript.get("cues") is None:
        return None
    cues = [
        _Cue(parse(c["start"]), parse(c["end"]), c["text"], c["speaker"] or "")
        for c in transcript.get("cues") or []
    ]
    return write_webvtt(cues)


def chapters(record: dict) -> str:
    """The segments the audience may see as WebVTT chapters."""
    cues = [
        _Cue(parse(s["start"]), parse(s["end"]), s["title"]) for s in record.get("segments") or []
    ]
    return write_webvtt(cues, speakers=False)
