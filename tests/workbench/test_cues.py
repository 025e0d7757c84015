"""Transcript alignment from the workbench: a cue edited in place, split at
the playhead, merged with the next; a file imported against the recording."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from testimony.models import Cue, Transcript
from tests import factories as f
from tests.workbench.conftest import post, transcript_version, url, version

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
        {"start": "1", "end": "0:09", "speaker": "Narrator", "text": "One two"}
        | {"version": version(cue)},
    )
    assert done.status_code == 200, done.json()
    assert done.json()["cue"]["start_tc"] == "00:00:01"
    assert done.json()["cue"]["version"] == version(cue)
    bad = post(
        cataloguer,
        testimony,
        f"cues/{cue.pk}/",
        {"start": "0:09", "end": "0:02", "text": "", "version": version(cue)},
    )
    assert set(bad.json()["errors"]) == {"end", "text"}
    assert cues(transcript)[0] == (T(seconds=1), T(seconds=9), "One two")


def test_split_at_the_playhead_and_merge_back(cataloguer, testimony, transcript):
    cue = transcript.cues.first()
    split = post(
        cataloguer, testimony, f"cues/{cue.pk}/split/", {"at": "5", "version": version(cue)}
    )
    assert split.status_code == 200, split.json()
    assert cues(transcript) == [
        (T(0), T(seconds=5), "One two"),
        (T(seconds=5), T(seconds=10), "three four"),
        (T(seconds=10), T(seconds=20), "five six"),
    ]
    assert split.json()["cues"][0]["version"] == version(cue)
    outside = post(
        cataloguer, testimony, f"cues/{cue.pk}/split/", {"at": "0:12", "version": version(cue)}
    )
    assert "Split inside the cue" in outside.json()["errors"]["at"][0]
    second = Cue.objects.get(pk=split.json()["cues"][1]["id"])
    merged = post(
        cataloguer,
        testimony,
        f"cues/{cue.pk}/merge/",
        {"version": version(cue), "next_version": version(second)},
    )
    assert merged.status_code == 200, merged.json()
    assert cues(transcript)[0] == (T(0), T(seconds=10), "One two three four")
    last = transcript.cues.order_by("start").last()
    last_merge = post(cataloguer, testimony, f"cues/{last.pk}/merge/", {"version": version(last)})
    assert last_merge.status_code == 400


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
        cataloguer,
        testimony,
        "talk.vtt",
        vtt,
        offset="1:00",
        transcript=transcript.pk,
        version=transcript_version(transcript),
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
        version=transcript_version(transcript),
    )
    assert bad.status_code == 400
    assert "after the recording's end" in bad.json()["errors"]["file"][0]
    pdf = upload(
        cataloguer,
        testimony,
        "x.pdf",
        "x",
        transcript=transcript.pk,
        version=transcript_version(transcript),
    )
    assert pdf.status_code == 400
    no_language = upload(cataloguer, testimony, "a.txt", "Text", transcript="", language="xx")
    assert no_language.json()["errors"] == {"language": ["Choose the language of the transcript."]}
    assert cues(transcript) == before


def test_stale_cue_save_refused_naming_who_nothing_written(
    cataloguer, staff_client, testimony, transcript
):
    cue = transcript.cues.first()
    opened = version(cue)
    other = staff_client("Cataloguer")
    theirs = {"start": "0", "end": "0:10", "text": "Their words", "version": opened}
    assert post(other, testimony, f"cues/{cue.pk}/", theirs).status_code == 200
    mine = {"start": "0", "end": "0:10", "text": "My words", "version": opened}
    refused = post(cataloguer, testimony, f"cues/{cue.pk}/", mine)
    assert refused.status_code == 409
    message = refused.json()["errors"]["__all__"][0]
    assert "This cue was changed by someone else since you opened it" in message
    assert other.user.username in message
    assert "“One two three four” → “Their words”" in message
    assert refused.json()["current"]["text"] == "Their words"
    assert refused.json()["current"]["version"] == version(cue)
    assert cues(transcript)[0][2] == "Their words"
    unversioned = post(cataloguer, testimony, f"cues/{cue.pk}/", mine | {"version": ""})
    assert unversioned.status_code == 409
    assert cues(transcript)[0][2] == "Their words"


def test_stale_split_and_merge_refused(cataloguer, staff_client, testimony, transcript):
    first, second = transcript.cues.order_by("start")
    opened_first, opened_second = version(first), version(second)
    other = staff_client("Cataloguer")
    edit = {"start": "0:10", "end": "0:20", "text": "five six seven", "version": opened_second}
    assert post(other, testimony, f"cues/{second.pk}/", edit).status_code == 200
    merge = {"version": opened_first, "next_version": opened_second}
    refused = post(cataloguer, testimony, f"cues/{first.pk}/merge/", merge)
    assert refused.status_code == 409
    assert other.user.username in refused.json()["errors"]["__all__"][0]
    assert len(cues(transcript)) == 2
    split = post(other, testimony, f"cues/{first.pk}/split/", {"at": "5", "version": opened_first})
    assert split.status_code == 200
    again = post(
        cataloguer, testimony, f"cues/{first.pk}/split/", {"at": "3", "version": opened_first}
    )
    assert again.status_code == 409
    assert len(cues(transcript)) == 3


def test_import_refused_after_a_cue_edit_since_the_page_opened(
    cataloguer, staff_client, testimony, transcript
):
    opened = transcript_version(transcript)
    page = cataloguer.get(url(testimony)).content.decode()
    assert f'data-version="{opened}"' in page
    cue = transcript.cues.first()
    other = staff_client("Cataloguer")
    edit = {"start": "0", "end": "0:10", "text": "Corrected", "version": version(cue)}
    assert post(other, testimony, f"cues/{cue.pk}/", edit).status_code == 200
    vtt = "WEBVTT\n\n00:00.000 --> 00:04.000\nReplacement\n"
    refused = upload(
        cataloguer, testimony, "talk.vtt", vtt, transcript=transcript.pk, version=opened
    )
    assert refused.status_code == 409
    message = refused.json()["errors"]["__all__"][0]
    assert "This transcript was changed by someone else" in message
    assert other.user.username in message and "“Corrected”" in message
    assert cues(transcript)[0][2] == "Corrected"
    existing = upload(cataloguer, testimony, "a.txt", "Text", transcript="", language="ja")
    assert transcript.language == "ja"
    assert existing.status_code == 400 and existing.json()["errors"]["transcript"]


def test_transcript_page_import_refused_after_a_workbench_cue_edit(
    cataloguer, staff_client, testimony, transcript
):
    from tests.admin.forms import form_data

    page = f"/admin/testimony/transcript/{transcript.pk}/change/"
    opened = form_data(cataloguer, page)
    cue = transcript.cues.first()
    other = staff_client("Cataloguer")
    edit = {"start": "0", "end": "0:10", "text": "Corrected", "version": version(cue)}
    assert post(other, testimony, f"cues/{cue.pk}/", edit).status_code == 200
    vtt = SimpleUploadedFile("talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:04.000\nReplacement\n")
    response = cataloguer.post(page, opened | {"cue_file": vtt})
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in response.content.decode()
    assert other.user.username in response.content.decode()
    assert cues(transcript)[0][2] == "Corrected"
    fresh = form_data(cataloguer, page)
    vtt.seek(0)
    assert cataloguer.post(page, fresh | {"cue_file": vtt}).status_code == 302
    assert [row[2] for row in cues(transcript)] == ["Replacement"]
