"""Cataloguers import, export and edit timed transcripts, and seal ranges, in the admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from testimony.models import Cue, SealedRange, Testimony
from testimony.transcripts.formats import CueData, read_webvtt
from testimony.transcripts.services import replace_cues
from tests.admin.forms import add_inline_form, form_data
from tests.factories import MediaFileFactory, TestimonyFactory, TranscriptFactory

pytestmark = pytest.mark.django_db
S = datetime.timedelta(seconds=1)

VTT = b"""WEBVTT

00:00:01.000 --> 00:00:04.000
<v Interviewer>When did you leave? (fictional)

00:00:05.000 --> 00:00:09.500
<v Narrator>In May 1960. (fictional)
"""


def transcript_url(transcript):
    return reverse("admin:testimony_transcript_change", args=[transcript.pk])


def test_a_webvtt_file_becomes_the_transcripts_cues(staff_client):
    client = staff_client("Cataloguer")
    transcript = TranscriptFactory(testimony=TestimonyFactory(duration=60 * S), text="")
    url = transcript_url(transcript)
    data = form_data(client, url) | {"cue_file": SimpleUploadedFile("interview.vtt", VTT)}
    response = client.post(url, data, follow=True)
    assert "2 cues imported" in response.content.decode()
    assert list(transcript.cues.values_list("start", "speaker")) == [
        (1 * S, "Interviewer"),
        (5 * S, "Narrator"),
    ]
    page = client.get(url).content.decode()
    assert "In May 1960. (fictional)" in page and "edit cues one by one" in page


def test_a_refused_file_names_the_problem_and_keeps_the_old_cues(staff_client):
    client = staff_client("Cataloguer")
    transcript = TranscriptFactory(testimony=TestimonyFactory(duration=6 * S), text="")
    replace_cues(transcript, [CueData(0 * S, 2 * S, "Kept (fictional)")])
    url = transcript_url(transcript)
    data = form_data(client, url) | {"cue_file": SimpleUploadedFile("interview.vtt", VTT)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Cue 2 (00:00:05) ends at 00:00:09.500, after the recording&#x27;s end" in (
        response.content.decode()
    )
    assert "“interview.vtt” was not imported:" in response.content.decode()
    assert list(transcript.cues.values_list("text", flat=True)) == ["Kept (fictional)"]


def test_staff_export_every_cue_as_webvtt_and_text(staff_client):
    client = staff_client("Cataloguer")
    transcript = TranscriptFactory(testimony=TestimonyFactory(catalogue_id="T-9"), text="")
    cues = read_webvtt(VTT.decode())
    replace_cues(transcript, cues)
    export = reverse("admin:testimony_transcript_export", args=[transcript.pk, "vtt"])
    response = client.get(export)
    assert response["Content-Type"].startswith("text/vtt")
    assert 'filename="T-9-ja.vtt"' in response["Content-Disposition"]
    assert read_webvtt(response.content.decode()) == cues
    text = client.get(export.replace("export.vtt", "export.txt")).content.decode()
    assert text.startswith("[00:00:01] When did you leave? (fictional)\n")


def test_a_cue_edited_on_its_own_is_checked_against_the_recording(staff_client):
    client = staff_client("Cataloguer")
    transcript = TranscriptFactory(testimony=TestimonyFactory(duration=10 * S), text="")
    replace_cues(transcript, [CueData(0 * S, 2 * S, "Before (fictional)")])
    cue = transcript.cues.get()
    url = reverse("admin:testimony_cue_change", args=[cue.pk])
    data = form_data(client, url) | {"end": "00:00:12"}
    response = client.post(url, data)
    assert "The recording is only 00:00:10 long." in response.content.decode()
    data["end"], data["text"] = "00:00:03", "After (fictional)"
    assert client.post(url, data).status_code == 302
    assert Cue.objects.get(pk=cue.pk).text == "After (fictional)"


def test_sealing_a_range_in_the_testimony_page_records_who_sealed_it(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory(duration=3600 * S)
    url = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    data = form_data(client, url)
    add_inline_form(
        data,
        "sealed_ranges",
        start="00:10:00",
        end="00:12:00",
        sealed_from="outside",
        reason="Names a relative in North Korea (fictional).",
    )
    assert client.post(url, data).status_code == 302
    sealed = SealedRange.objects.get(testimony=testimony)
    assert sealed.created_by == client.user and sealed.end == 720 * S
    data = form_data(client, url)
    add_inline_form(data, "sealed_ranges", start="00:59:00", end="01:01:00", reason="x")
    assert "The recording is only 01:00:00 long." in client.post(url, data).content.decode()


def test_the_duration_is_read_from_the_recording_not_typed(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory(duration=None)
    url = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    page = client.get(url).content.decode()
    assert 'name="duration"' not in page and "Read from the recording" in page
    MediaFileFactory(testimony=testimony, kind="audio", duration=754 * S)
    MediaFileFactory(testimony=testimony, kind="video", duration=750 * S)
    MediaFileFactory(testimony=testimony, kind="photo")
    assert Testimony.objects.get(pk=testimony.pk).duration == 754 * S
    assert "00:12:34" in client.get(url).content.decode()
