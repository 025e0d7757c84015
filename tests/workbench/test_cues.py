"""Transcript alignment from the workbench: a cue edited in place, split at
the playhead, merged with the next; a file imported against the recording."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from testimony.models import Cue, Transcript
from tests import factories as f
from tests.workbench.conftest import post, url

pytestmark = pytest.mark.django_db
T = datetime.timedelta


@pytest.fixture
def transcript(testimony):
    transcript = f.TranscriptFactory(testimony=testimony, text="")
    Cue.objects.create(
        transcript=transcript, start=T(0), end=T(seconds=10), text="One two three four"
    )
    Cue.objects.create(
        transcript=transcript, start=T(seconds=10), end=T(seconds=20), text="five six"
    )
    return transcript


def cues(transcript):
    return list(transcript.cues.order_by("start").values_list("start", "end", "text"))


def test_edit_in_place_with_errors_at_the_field(cataloguer, testimony, transcript):
    cue = transcript.cues.first()
    done = post(
        cataloguer,
        testimony,
        f"cues/{cue.pk}/",
        {"start": "1", "end": "0:09", "speaker": "Narrator", "text": "One two"},
    )
    assert done.status_code == 200
    assert done.json()["cue"]["start_tc"] == "00:00:01"
    bad = post(
        cataloguer, testimony, f"cues/{cue.pk}/", {"start": "0:09", "end": "0:02", "text": ""}
    )
    assert set(bad.json()["errors"]) == {"end", "text"}
    assert cues(transcript)[0] == (T(seconds=1), T(seconds=9), "One two")


def test_split_at_the_playhead_and_merge_back(cataloguer, testimony, transcript):
    cue = transcript.cues.first()
    split = post(cataloguer, testimony, f"cues/{cue.pk}/split/", {"at": "5"})
    assert split.status_code == 200, split.json()
    assert cues(transcript) == [
        (T(0), T(seconds=5), "One two"),
        (T(seconds=5), T(seconds=10), "three four"),
        (T(seconds=10), T(seconds=20), "five six"),
    ]
    outside = post(cataloguer, testimony, f"cues/{cue.pk}/split/", {"at": "0:12"})
    assert "Split inside the cue" in outside.json()["errors"]["at"][0]
    merged = post(cataloguer, testimony, f"cues/{cue.pk}/merge/", {})
    assert merged.status_code == 200
    assert cues(transcript)[0] == (T(0), T(seconds=10), "One two three four")
    last = transcript.cues.order_by("start").last()
    assert post(cataloguer, testimony, f"cues/{last.pk}/merge/", {}).status_code == 400


def test_cue_of_another_testimony_is_not_found(cataloguer, testimony, transcript):
    elsewhere = f.CueFactory()
    response = post(
        cataloguer, testimony, f"cues/{elsewhere.pk}/", {"start": "0", "end": "1", "text": "x"}
    )
    assert response.status_code == 404


def upload(client, testimony, name, content, **fields):
    return client.post(
        url(testimony, "import/"),
        {"file": SimpleUploadedFile(name, content.encode()), **fields},
    )


def test_import_webvtt_placed_at_an_offset(cataloguer, testimony, transcript):
    vtt = "WEBVTT\n\n00:00.000 --> 00:04.000\n<v Kim>Hello\n\n00:04.000 --> 00:09.000\nAgain\n"
    response = upload(
        cataloguer, testimony, "talk.vtt", vtt, offset="1:00", transcript=transcript.pk
    )
    assert response.json() == {"imported": 2, "transcript": transcript.pk}
    assert cues(transcript) == [
        (T(minutes=1), T(minutes=1, seconds=4), "Hello"),
        (T(minutes=1, seconds=4), T(minutes=1, seconds=9), "Again"),
    ]


def test_plain_text_spread_over_the_recording_into_a_new_transcript(cataloguer, testimony):
    text = "First paragraph here.\n\nSecond, twice as long paragraph.\n"
    response = upload(cataloguer, testimony, "plain.txt", text, language="ko", transcript="")
    assert response.status_code == 200, response.json()
    created = Transcript.objects.get(testimony=testimony, language="ko")
    rows = cues(created)
    assert [r[2] for r in rows] == ["First paragraph here.", "Second, twice as long paragraph."]
    assert rows[0][0] == T(0) and rows[-1][1] == testimony.duration
    assert rows[0][1] == rows[1][0]


def test_refused_import_changes_nothing(cataloguer, testimony, transcript):
    before = cues(transcript)
    bad = upload(
        cataloguer,
        testimony,
        "talk.vtt",
        "WEBVTT\n\n00:00.000 --> 09:00:00.000\nToo long\n",
        transcript=transcript.pk,
    )
    assert bad.status_code == 400
    assert "after the recording's end" in bad.json()["errors"]["file"][0]
    assert upload(cataloguer, testimony, "x.pdf", "x", transcript=transcript.pk).status_code == 400
    no_language = upload(cataloguer, testimony, "a.txt", "Text", transcript="", language="xx")
    assert no_language.json()["errors"] == {"language": ["Choose the language of the transcript."]}
    assert cues(transcript) == before
