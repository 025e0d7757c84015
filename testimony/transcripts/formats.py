"""Cues read from and written as WebVTT and as text with [hh:mm:ss] markers.

WebVTT is read by webvtt-py (a maintained parser: cue timings, settings, voice
spans, NOTE blocks, STYLE and REGION blocks), not by hand. Speakers travel as
voice tags (``<v Kim Min-su>``); NOTE blocks are ignored. Text with markers is
the transcriber's plain form: each ``[hh:mm:ss]`` starts a cue that ends where
the next begins; a last marker on a line of its own ends the last cue, which
otherwise ends with the recording.
"""

import html
import io
import re
from dataclasses import dataclass
from datetime import timedelta

import webvtt
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from testimony.timecodes import format_timecode


@dataclass(frozen=True)
class CueData:
    start: timedelta
    end: timedelta | None
    text: str
    speaker: str = ""


def _seconds(timestamp) -> timedelta:
    return timedelta(
        hours=timestamp.hours,
        minutes=timestamp.minutes,
        seconds=timestamp.seconds,
        milliseconds=timestamp.milliseconds,
    )


TIMING = re.compile(r"^\s*(?:\d+:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}")
NOT_CUES = ("NOTE", "STYLE", "REGION")


def _blocks_without_timing(content: str) -> list[int]:
    """Line numbers of blocks after the header that are neither notes, styles
    nor regions and have no valid timing line: the parser skips them silently,
    and a cue must never be lost without a word."""
    lines = content.splitlines()
    starts, previous_blank = [], True
    for number, line in enumerate(lines):
        if line.strip() and previous_blank:
            starts.append(number)
        previous_blank = not line.strip()
    bad = []
    for start in starts[1:]:
        block = []
        for line in lines[start:]:
            if not line.strip():
                break
            block.append(line)
        if block[0].split(" ", 1)[0] in NOT_CUES:
            continue
        if not any(TIMING.match(line) for line in block[:2]):
            bad.append(start + 1)
    return bad


def read_webvtt(content: str) -> list[CueData]:
    content = content.lstrip("\ufeff")
    try:
        document = webvtt.from_buffer(io.StringIO(content))
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise ValidationError(
            _("This is not a WebVTT file that can be read (%(error)s).")
            % {"error": exc or _("no WEBVTT header")},
            code="webvtt",
        ) from exc
    if bad := _blocks_without_timing(content):
        raise ValidationError(
            _(
                "This WebVTT file has a block without a valid cue timing at line %(line)s "
                "(hh:mm:ss.ttt --> hh:mm:ss.ttt); nothing was imported."
            )
            % {"line": bad[0]},
            code="webvtt",
        )
    return [
        CueData(
            start=_seconds(caption.start_time),
            end=_seconds(caption.end_time),
            text=html.unescape(caption.text).strip(),
            speaker=html.unescape(caption.voice or "").strip(),
        )
        for caption in document.captions
    ]


def _vtt_time(value: timedelta) -> str:
    total = round(value.total_seconds() * 1000)
    seconds, millis = divmod(total, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _vtt_text(text: str) -> str:
    """Cue text as WebVTT holds it: markup escaped, no blank line inside a cue."""
    escaped = html.escape(text, quote=False)
    return "\n".join(line for line in escaped.splitlines() if line.strip()) or " "


def write_webvtt(cues, *, speakers: bool = True) -> str:
    """A WebVTT file of ``cues`` (anything with start, end, text and speaker)."""
    document = webvtt.WebVTT()
    for cue in cues:
        text = _vtt_text(cue.text)
        voice = cue.speaker.replace(">", "").strip() if speakers and cue.speaker else ""
        if voice:
            text = f"<v {html.escape(voice, quote=False)}>{text}"
        document.captions.append(webvtt.Caption(_vtt_time(cue.start), _vtt_time(cue.end), text))
    return document.content


MARKER = re.compile(r"^\s*\[(\d{1,2}:\d{2}:\d{2}(?:\.\d{1,3})?)\]\s*(.*)$")


def read_marked_text(content: str) -> list[CueData]:
    """Cues from text whose lines start with [hh:mm:ss] markers; text before
    the first marker is refused (it has no time)."""
    from testimony.timecodes import parse_timecode

    cues: list[list] = []
    for number, line in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
        match = MARKER.match(line)
        if match:
            cues.append([parse_timecode(match.group(1)), match.group(2).strip()])
        elif line.strip():
            if not cues:
                raise ValidationError(
                    _(
                        "Line %(number)s has text before the first [hh:mm:ss] marker; "
                        "every passage needs a start time."
                    )
                    % {"number": number},
                    code="untimed_line",
                )
            cues[-1][1] = f"{cues[-1][1]}\n{line.strip()}".strip()
    if not cues:
        raise ValidationError(
            _(
                "No [hh:mm:ss] markers were found: start each passage with its time, "
                "e.g. [00:01:05] Text."
            ),
            code="no_markers",
        )
    result = []
    for index, (start, text) in enumerate(cues):
        end = cues[index + 1][0] if index + 1 < len(cues) else None
        if text or end is None:
            result.append(CueData(start=start, end=end, text=text))
    # A last marker with no text only closes the cue before it.
    if result and not result[-1].text and len(result) > 1:
        closing = result.pop()
        result[-1] = CueData(result[-1].start, closing.start, result[-1].text)
    return result


def write_marked_text(cues) -> str:
    """Text with a [hh:mm:ss] marker before each cue, and one after the last."""
    lines = []
    last_end = None
    for cue in cues:
        if last_end is not None and cue.start > last_end:
            lines.append(f"[{format_timecode(last_end)}]")
        lines.append(f"[{format_timecode(cue.start)}] {cue.text}")
        last_end = cue.end
    if last_end is not None:
        lines.append(f"[{format_timecode(last_end)}]")
    return "\n".join(lines) + "\n"
