"""Cues read and written as WebVTT and as text with [hh:mm:ss] markers, checked
against each other and the recording, and split into passages at closures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from testimony.timeline import Closures
from testimony.transcripts import formats, passages
from testimony.transcripts.formats import CueData
from testimony.transcripts.services import check_cues, read_cues


def s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


VTT = """\ufeffWEBVTT - an interview (fictional)

NOTE The transcriber's note: never imported.
It spans two lines.

intro
00:00:01.000 --> 00:00:04.500 align:start
<v Kim Min-su>Hello &amp; welcome
to the second line

00:00:05.000 --> 00:00:06.250
<v.loud Park Jeong-hee>おはようございます</v>

00:00:07.000 --> 00:00:08.000
No speaker here: 3 &lt; 4
"""


def test_webvtt_speakers_notes_settings_and_entities():
    cues = formats.read_webvtt(VTT)
    assert cues == [
        CueData(s(1), s(4.5), "Hello & welcome\nto the second line", "Kim Min-su"),
        CueData(s(5), s(6.25), "おはようございます", "Park Jeong-hee"),
        CueData(s(7), s(8), "No speaker here: 3 < 4", ""),
    ]
    assert all("transcriber" not in cue.text for cue in cues)


def test_webvtt_round_trip_keeps_times_text_and_voices():
    cues = formats.read_webvtt(VTT)
    written = formats.write_webvtt(cues)
    assert written.startswith("WEBVTT")
    assert "<v Kim Min-su>Hello &amp; welcome" in written
    assert formats.read_webvtt(written) == cues


@pytest.mark.parametrize(
    "content",
    [
        "",
        "Just some text",
        "WEBVTT\n\n00:01 -> 00:02\nbroken arrow\n",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03,000 --> 00:00:04,000\nSRT\n",
    ],
)
def test_unreadable_webvtt_is_refused_clearly(content):
    with pytest.raises(ValidationError) as error:
        formats.read_webvtt(content)
    assert "WebVTT" in str(error.value)


def test_marked_text_reads_markers_continuations_and_a_closing_marker():
    text = "[00:00:02] First passage\ncontinues here\n[00:00:10] Second\n[00:00:15.5]\n"
    assert formats.read_marked_text(text) == [
        CueData(s(2), s(10), "First passage\ncontinues here"),
        CueData(s(10), s(15.5), "Second"),
    ]


def test_marked_text_without_a_closing_marker_ends_with_the_recording():
    cues = formats.read_marked_text("[00:00:02] Only one")
    assert cues == [CueData(s(2), None, "Only one")]
    assert check_cues(cues, s(60)) == [CueData(s(2), s(60), "Only one")]
    with pytest.raises(ValidationError, match="no end"):
        check_cues(cues, None)


def test_marked_text_round_trip_keeps_gaps():
    cues = [CueData(s(0), s(5), "a"), CueData(s(9), s(12), "b\nmore")]
    assert formats.read_marked_text(formats.write_marked_text(cues)) == cues


def test_text_before_the_first_marker_is_refused():
    with pytest.raises(ValidationError, match="Line 1"):
        formats.read_marked_text("Untimed preface\n[00:00:01] text")
    with pytest.raises(ValidationError, match="No \\[hh:mm:ss\\] markers"):
        formats.read_marked_text("\n  \n")


def test_every_bad_cue_is_named_at_once():
    cues = [
        CueData(s(10), s(12), "fine"),
        CueData(s(5), s(6), "out of order"),
        CueData(s(20), s(19), "ends before it starts"),
        CueData(s(30), s(90), "past the end"),
        CueData(s(40), s(41), "   "),
    ]
    with pytest.raises(ValidationError) as error:
        check_cues(cues, s(60))
    messages = error.value.messages
    assert len(messages) == 4
    assert "Cue 2 (00:00:05) starts before" in messages[0]
    assert "Cue 3 (00:00:20) ends at 00:00:19" in messages[1]
    assert "Cue 4 (00:00:30) ends at 00:01:30, after the recording's end" in messages[2]
    assert "Cue 5 (00:00:40) has no text" in messages[3]


def test_files_are_read_by_extension_and_encoding():
    assert read_cues("a.VTT", b"WEBVTT\n\n00:00.000 --> 00:01.000\nx\n")[0].text == "x"
    assert read_cues("a.txt", b"[00:00:01] x\n[00:00:02]")[0].end == s(2)
    with pytest.raises(ValidationError, match="neither WebVTT"):
        read_cues("a.srt", b"1\n00:00:01,000 --> 00:00:02,000\nx\n")
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_cues("a.txt", "[00:00:01] 清津".encode("shift_jis"))


class Cue:
    def __init__(self, start, end, text):
        self.start, self.end, self.text = s(start), s(end), text


def test_passages_split_at_closures_and_a_straddling_cue_goes_with_the_closure():
    cues = [Cue(0, 4, "a"), Cue(4, 9, "b"), Cue(9, 12, "straddles"), Cue(12, 14, "c")]
    cues += [Cue(16, 18, "after a closure no cue touches"), Cue(30, 31, "d")]
    closures = [(s(10), s(12)), (s(14.5), s(15.5))]
    split = passages.split(cues, closures)
    assert [p.text for p in split] == [
        "a\nb",
        "straddles",
        "c",
        "after a closure no cue touches\nd",
    ]
    assert (split[1].start, split[1].end) == (s(9), s(12))
    closed = Closures.of(closures)
    assert [closed.touches(p.start, p.end) for p in split] == [False, True, False, False]


def test_closures_merge_touch_and_cover():
    closed = Closures.of([(s(10), s(20)), (s(20), s(30)), (s(5), s(8))])
    assert closed.spans == ((s(5), s(8)), (s(10), s(30)))
    assert closed.covers(s(12), s(28)) and not closed.covers(s(8), s(12))
    assert closed.touches(s(29), s(40)) and not closed.touches(s(30), s(40))
    assert closed.touches(s(0), None)  # untimed: everything
    assert not Closures().touches(s(0), None)
