"""The IIIF manifest as a viewer reads it, and its photo canvases.

A viewer's own parser (``@iiif/parser``, which Clover and Canopy read manifests
with; vendored in ``iiif_viewer/``) runs under node on the manifests served to
the public, a partner and staff: it must parse them and find the recording's
canvas and body, the ranges, the supplementing annotations and the photos.
"""

import datetime
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from testimony.transcripts.formats import CueData
from testimony.transcripts.services import replace_cues
from tests.api.conftest import published, released
from tests.api.test_files import stored
from tests.factories import ConsentFactory, SealedRangeFactory, SegmentFactory, TranscriptFactory
from tests.files import samples
from tests.recordings import signals
from tests.recordings.helpers import made, recording, streamed

pytestmark = pytest.mark.django_db

READER = Path(__file__).with_name("iiif_viewer") / "read_manifest.js"
NODE = shutil.which("node")
S = datetime.timedelta(seconds=1)
OPEN = {"access": "public", "name_disclosure": "real_name", "audio": "public", "photos": "public"}


def read_as_a_viewer(manifest: bytes) -> dict:
    if NODE is None:
        pytest.skip("node is not installed: the IIIF viewer parser runs under node")
    done = subprocess.run(
        [NODE, str(READER)], input=manifest, capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


@pytest.fixture
def interview():
    """A recording with its access copies, an open and a closed segment, a
    range sealed from the public, a transcript and a translation, two photos
    (one 2000 x 1000, larger than the web size) and a document."""
    testimony = published(None, title="청진으로 / 清津へ")
    SegmentFactory(testimony=testimony, start=0 * S, end=1 * S, title="新潟港の出航")
    SegmentFactory(testimony=testimony, start=1 * S, end=2 * S, title="Closed", is_closed=True)
    SealedRangeFactory(testimony=testimony, start=2 * S, end=3 * S, sealed_from="public")
    original = TranscriptFactory(testimony=testimony, text="", language="ko")
    replace_cues(
        original,
        [
            CueData(0 * S, 1 * S, "배에서 보았다", "Kim"),
            CueData(2 * S, 3 * S, "PartnerOnly", "Kim"),
        ],
    )
    english = TranscriptFactory(
        testimony=testimony, text="", language="en", translation_of=original
    )
    replace_cues(english, [CueData(0 * S, 1 * S, "I saw from the ship", "Kim")])
    wide = stored("photo", samples.jpeg((2000, 1000)), "wide.jpg", testimony=testimony)
    small = stored("photo", samples.jpeg((60, 40), color=(1, 2, 3)), "s.jpg", testimony=testimony)
    stored("document", samples.pdf(), "letter.pdf", testimony=testimony)
    ConsentFactory(testimony=testimony, transcript="public", **OPEN)
    audio = recording(testimony, signals.wav(4))  # released with it
    made(audio)
    return testimony, audio, wide, small


def manifest_url(testimony):
    return f"/api/v1/testimonies/{testimony.pk}/manifest.json"


def staff_manifest(staff_client, testimony) -> bytes:
    url = reverse("admin:testimony_testimony_export", args=[testimony.pk])
    response = staff_client("Cataloguer").get(url, {"audience": "staff", "format": "iiif"})
    assert response.status_code == 200
    return response.content


def test_a_viewer_parser_reads_every_audiences_manifest(
    public, partner_client, staff_client, interview
):
    testimony, audio, wide, small = interview
    served = {
        "public": public.get(manifest_url(testimony)).content,
        "partner": partner_client.get(manifest_url(testimony)).content,
        "staff": staff_manifest(staff_client, testimony),
    }
    for audience, content in served.items():
        seen = read_as_a_viewer(content)
        recording_canvas, *photo_canvases = seen["canvases"]
        assert recording_canvas["duration"] == testimony.duration.total_seconds(), audience
        (painting,) = recording_canvas["painting"]
        (body,) = painting["bodies"]
        assert painting["motivation"] == ["painting"] and body["type"] == "Sound"
        if audience == "staff":
            assert body["id"].endswith(audio.file.name)  # staff hear the original
        else:
            assert body["id"] == f"http://testserver/api/v1/media/{audio.pk}/content"
            assert body["format"] == "audio/mp4"
        labels = [r["label"] for r in seen["ranges"]]
        # Segment titles are labelled in the testimony's (first) language.
        language = (testimony.languages or ["none"])[0]
        expected = [{language: ["新潟港の出航"]}]
        if audience == "staff":
            expected.append({language: ["Closed"]})
        assert labels == expected, audience
        first = seen["ranges"][0]["items"][0]
        assert first == {"source": recording_canvas["id"], "selector": "t=0.0,1.0"}
        cues = [b for a in recording_canvas["supplementing"] for b in a["bodies"]]
        assert {a["motivation"][0] for a in recording_canvas["supplementing"]} == {"supplementing"}
        texts = {(b["language"], b["value"]) for b in cues}
        assert ("ko", "Kim: 배에서 보았다") in texts and ("en", "Kim: I saw from the ship") in texts
        assert (("ko", "Kim: PartnerOnly") in texts) == (audience != "public"), audience
        # Photos as image canvases: the web-size derivative, its own size.
        sizes = [(c["width"], c["height"]) for c in photo_canvases]
        assert sizes == [(1600, 800), (60, 40)], audience
        images = [c["painting"][0]["bodies"][0] for c in photo_canvases]
        assert [i["type"] for i in images] == ["Image", "Image"]
        assert (images[0]["width"], images[0]["height"]) == (1600, 800)
        if audience != "staff":
            assert images[0]["id"] == f"http://testserver/api/v1/media/{wide.pk}/web"
        for image, photo in zip(images, (wide, small), strict=True):
            assert photo.file.name not in image["id"]  # never the original


def test_photo_canvases_serve_the_derivative_only(public, interview):
    testimony, _, wide, _ = interview
    manifest = public.json(manifest_url(testimony))
    image = manifest["items"][1]["items"][0]["items"][0]["body"]
    served = public.get(image["id"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    body = streamed(served)
    with Image.open(io.BytesIO(body)) as opened:
        assert opened.size == (1600, 800)
    with wide.file.open("rb") as original:
        assert body != original.read()
    # The document and the original never appear.
    text = json.dumps(manifest)
    assert "letter" not in text and wide.file.name not in text


def test_withheld_photos_are_not_canvases(public, partner_client, interview):
    testimony, _, wide, _ = interview

    def photos(client):
        manifest = client.json(manifest_url(testimony))
        return [c["id"].rsplit("/", 1)[-1] for c in manifest["items"][1:]]

    assert photos(public) == [str(wide.pk), str(wide.pk + 1)]
    # Photos opened to partners only: the public's manifest has none, and the
    # lasting address of one answers 404 to the public.
    ConsentFactory(testimony=testimony, transcript="public", **(OPEN | {"photos": "partners"}))
    released(testimony)
    assert photos(public) == []
    assert photos(partner_client) == [str(wide.pk), str(wide.pk + 1)]
    assert public.get(f"/api/v1/media/{wide.pk}/web").status_code == 404
    assert partner_client.get(f"/api/v1/media/{wide.pk}/web").status_code == 200
    # A photo added after the release waits for the next one.
    stored("photo", samples.jpeg((30, 30), color=(9, 9, 9)), "new.jpg", testimony=testimony)
    assert len(photos(partner_client)) == 2
    # Withdrawn: the manifest and every photo are gone at once.
    ConsentFactory(testimony=testimony, access="closed", withdrawn=True)
    for client in (public, partner_client):
        assert client.get(manifest_url(testimony)).status_code == 404
        assert client.get(f"/api/v1/media/{wide.pk}/web").status_code == 404


def test_a_pseudonymous_testimony_never_shows_the_narrators_photos(public):
    testimony = published(OPEN | {"name_disclosure": "pseudonym", "pseudonym": "Sora"})
    own = stored("photo", samples.jpeg((50, 50), color=(5, 5, 5)), "own.jpg", testimony=testimony)
    portrait = stored(
        "photo", samples.jpeg((40, 40), color=(6, 6, 6)), "p.jpg", person=testimony.narrator
    )
    released(testimony)
    manifest = public.json(manifest_url(testimony))
    text = json.dumps(manifest)
    assert f"/media/{own.pk}/web" in text
    assert f"/media/{portrait.pk}/" not in text
    assert testimony.narrator.preferred_name not in text
    # The narrator's portrait is not theirs to see by its lasting address either.
    assert public.get(f"/api/v1/media/{portrait.pk}/web").status_code == 404
