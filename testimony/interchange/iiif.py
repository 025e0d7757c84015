"""IIIF Presentation 3 manifest per audience.

One Canvas with the recording's duration, painted with the audience's
recording (``media.audience_recording_url``, a lasting address) as a ``Sound``
or ``Video`` body; segments as Ranges; each transcript's cues as
``supplementing`` annotations in their language; the photos the audience may
see as image Canvases (``media.audience_photos``: their web-size derivative,
never the original, with the derivative's size). All from the audience's
testimony detail.
"""

from __future__ import annotations

from django.urls import reverse

from testimony.disclosure import Audience
from testimony.interchange.media import audience_photos, audience_recording_url
from testimony.interchange.source import narrator_name, seconds

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
BODY_TYPE = {"audio": "Sound", "video": "Video"}


def _label(text: str, language: str = "none") -> dict:
    return {language: [text]}


def _metadata(label: str, value: str) -> dict:
    return {"label": _label(label, "en"), "value": _label(value)}


def _duration(record: dict) -> float:
    """The recording's length; else the end of the last segment or cue sent."""
    ends = [seconds(record.get("duration")) or 0.0]
    ends += [seconds(s["end"]) for s in record.get("segments") or []]
    for transcript in record.get("transcripts") or []:
        ends += [seconds(c["end"]) for c in transcript.get("cues") or []]
    return max(ends) or 1.0


def _painting(canvas_id: str, body: dict) -> dict:
    """The annotation page that paints ``body`` on a canvas."""
    return {
        "id": f"{canvas_id}/page",
        "type": "AnnotationPage",
        "items": [
            {
                "id": f"{canvas_id}/page/painting",
                "type": "Annotation",
                "motivation": "painting",
                "body": body,
                "target": canvas_id,
            }
        ],
    }


def manifest(audience: Audience, record: dict, request) -> dict:
    base = request.build_absolute_uri(reverse("v1:testimony-manifest", args=[record["id"]]))
    canvas_id = f"{base}/canvas/recording"
    duration = _duration(record)
    canvas = {"id": canvas_id, "type": "Canvas", "duration": duration, "items": []}
    recording = audience_recording_url(audience, record, request)
    if recording is not None:
        body = {"id": recording.url, "type": BODY_TYPE[recording.kind], "duration": duration}
        if recording.content_type:
            body["format"] = recording.content_type
        canvas["items"].append(_painting(canvas_id, body))
    pages = []
    for transcript in record.get("transcripts") or []:
        cues = transcript.get("cues") or []
        if not cues:
            continue
        page_id = f"{canvas_id}/transcript/{transcript['id']}"
        pages.append(
            {
                "id": page_id,
                "type": "AnnotationPage",
                "items": [
                    {
                        "id": f"{page_id}/cue/{number}",
                        "type": "Annotation",
                        "motivation": "supplementing",
                        "body": {
                            "type": "TextualBody",
                            "value": f"{cue['speaker']}: {cue['text']}"
                            if cue["speaker"]
                            else cue["text"],
                            "format": "text/plain",
                            "language": transcript["language"],
                        },
                        "target": f"{canvas_id}#t={seconds(cue['start'])},{seconds(cue['end'])}",
                    }
                    for number, cue in enumerate(cues, start=1)
                ],
            }
        )
    if pages:
        canvas["annotations"] = pages
    items = [canvas, *_photo_canvases(audience, record, base, request)]
    result = {
        "@context": CONTEXT,
        "id": base,
        "type": "Manifest",
        "label": _label(record["title"]),
        "metadata": [
            _metadata("Catalogue identifier", record["catalogue_id"]),
            _metadata("Collection", record["collection"]["name"]),
        ],
        "items": items,
    }
    if name := narrator_name(record):
        result["metadata"].append(_metadata("Narrator", name))
    if recorded := (record.get("recorded") or {}).get("edtf"):
        result["metadata"].append(_metadata("Recorded", recorded))
    if record.get("summary"):
        result["summary"] = _label(record["summary"])
    if rights := record.get("rights"):
        result["rights"] = rights
    if record.get("segments"):
        language = (record.get("languages") or ["none"])[0]
        result["structures"] = [
            {
                "id": f"{base}/range/{segment['id']}",
                "type": "Range",
                "label": _segment_label(segment, language),
                "items": [
                    {
                        "id": f"{canvas_id}#t={seconds(segment['start'])},"
                        f"{seconds(segment['end'])}",
                        "type": "Canvas",
                    }
                ],
            }
            for segment in record["segments"]
        ]
    return result


def _segment_label(segment: dict, language: str) -> dict:
    """The segment's title in the testimony's language, and in each translation's."""
    label = _label(segment["title"], language)
    for translation in segment["translations"]:
        label.setdefault(translation["language"], []).append(translation["title"])
    return label


def _photo_canvases(audience: Audience, record: dict, base: str, request) -> list[dict]:
    canvases = []
    for photo in audience_photos(audience, record, request):
        canvas_id = f"{base}/canvas/photo/{photo.id}"
        image = {
            "id": photo.url,
            "type": "Image",
            "format": "image/jpeg",
            "width": photo.width,
            "height": photo.height,
        }
        canvas = {
            "id": canvas_id,
            "type": "Canvas",
            "width": photo.width,
            "height": photo.height,
            "items": [_painting(canvas_id, image)],
        }
        if photo.description:
            canvas["label"] = _label(photo.description)
        canvases.append(canvas)
    return canvases
