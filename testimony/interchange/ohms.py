"""OHMS XML export, version 6.0, per audience.

Written from the audience's testimony detail (``source.testimony_record``):
one ``index/point`` per segment the audience may see, the audience's
transcript as ``vtt_transcript`` (cues touching a closed range already cut),
and one chosen translation as the ``_alt`` fields and ``vtt_transcript_alt``.
Elements follow the order and nesting of the OHMS schema
(``ohms.xsd`` beside this module, which the tests validate against).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from catalog.models import Place
from testimony import disclosure
from testimony.disclosure import Audience
from testimony.interchange import vtt
from testimony.interchange.media import audience_recording_url
from testimony.interchange.source import (
    narrator_name,
    original_transcript,
    seconds,
    translations,
)
from testimony.models.testimonies import RIGHTS_STATEMENTS

NAMESPACE = "https://www.weareavp.com/nunncenter/ohms"
VERSION = "6.0"
SCHEMA_PATH = Path(__file__).with_name("ohms.xsd")

# record's children in schema order; each is written (empty when unknown), the
# repeated ones (subject, keyword, interviewee, interviewer, format) as many times as needed.
RECORD_ORDER = (
    "version date date_nonpreferred_format cms_record_id title accession duration "
    "collection_id collection_name series_id series_name repository funding repository_url "
    "subject keyword interviewee interviewer format file_name sync sync_alt "
    "transcript_alt_lang translate media_id media_url mediafile kembed language user_notes "
    "index type description rel vtt_transcript vtt_transcript_alt rights fmt usage "
    "userestrict xmllocation xmlfilename collection_link series_link"
).split()
RIGHTS_LABELS = dict(RIGHTS_STATEMENTS)
REPEATED = {"subject", "keyword", "interviewee", "interviewer", "format"}


class NoSuchTranslation(ValueError):
    pass


def _element(parent, name: str, text=None, **attributes):
    child = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}", **attributes)
    if text is not None:
        child.text = str(text)
    return child


def _hms(value: float | None) -> str:
    if value is None:
        return ""
    whole = round(value)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _alt_language(record: dict, language: str | None) -> str | None:
    """The language of the ``_alt`` fields: the one asked for, else the first
    translated transcript sent, else the first language a segment is translated
    into; None if nothing is translated."""
    transcripts = [t["language"] for t in translations(record) if t.get("cues")]
    segments = [t["language"] for s in record["segments"] for t in s["translations"]]
    if language is None:
        return next(iter(transcripts + segments), None)
    open_languages = dict.fromkeys([t["language"] for t in translations(record)] + segments)
    if language in open_languages:
        return language
    raise NoSuchTranslation(
        f"No translation in “{language}” is open to you; "
        f"open: {', '.join(open_languages) or 'none'}."
    )


def _translation(record: dict, language: str | None) -> dict | None:
    """The translated transcript in ``language`` sent, if any."""
    return next((t for t in translations(record) if t["language"] == language), None)


def _points(
    index, audience: Audience, record: dict, language: str | None, translation: dict | None
) -> None:
    places = disclosure.reference(Place, audience).filter(
        pk__in=[p["id"] for s in record["segments"] for p in s["places"]], latitude__isnull=False
    )
    coordinates = {
        pk: (lat, lon) for pk, lat, lon in places.values_list("pk", "latitude", "longitude")
    }
    alt_cues = (translation or {}).get("cues") or []
    for segment in record["segments"]:
        alt = next((t for t in segment["translations"] if t["language"] == language), {})
        point = _element(index, "point")
        _element(point, "time", int(seconds(segment["start"])))
        _element(point, "title", segment["title"])
        _element(point, "title_alt", alt.get("title", ""))
        _element(point, "partial_transcript", segment["transcript_excerpt"] or "")
        start, end = seconds(segment["start"]), seconds(segment["end"])
        within = [c["text"] for c in alt_cues if start <= seconds(c["start"]) < end]
        _element(point, "partial_transcript_alt", " ".join(within))
        _element(point, "synopsis", segment["synopsis"] or "")
        _element(point, "synopsis_alt", alt.get("synopsis", ""))
        _element(point, "keywords", ";".join(segment["keywords"]))
        _element(point, "keywords_alt", ";".join(alt.get("keywords", [])))
        _element(point, "subjects", ";".join(s["label"] for s in segment["subjects"]))
        _element(point, "subjects_alt", "")
        for place in segment["places"]:
            gps = _element(point, "gpspoints")
            latitude, longitude = coordinates.get(place["id"], (None, None))
            _element(gps, "gps", f"{latitude}, {longitude}" if latitude is not None else "")
            _element(gps, "gps_zoom", "12")
            _element(gps, "gps_text", place["name"])
            _element(gps, "gps_text_alt", "")
        for link in segment["links"]:
            hyperlinks = _element(point, "hyperlinks")
            _element(hyperlinks, "hyperlink", link["url"])
            _element(hyperlinks, "hyperlink_text", link["text"])
            _element(hyperlinks, "hyperlink_text_alt", "")


def export(
    audience: Audience, record: dict, translation_language: str | None = None, request=None
) -> str:
    """The OHMS 6.0 document of ``record`` for ``audience``; the ``_alt`` fields
    (transcript and points) in ``translation_language`` (see ``_alt_language``);
    ``request`` makes the recording's lasting address absolute."""
    language = _alt_language(record, translation_language)
    translation = _translation(record, language)
    transcript = original_transcript(record)
    recording = audience_recording_url(audience, record, request)
    root = etree.Element(f"{{{NAMESPACE}}}ROOT", nsmap={None: NAMESPACE})
    attributes = {"id": record["catalogue_id"], "dt": record["updated_at"][:10]}
    node = _element(root, "record", **attributes)
    recorded = (record.get("recorded") or {}).get("edtf") or ""
    interviewers = [i["name"] for i in record.get("interviewers") or [] if i.get("name")]
    values = {
        "version": VERSION,
        "date_nonpreferred_format": recorded,
        "cms_record_id": record["catalogue_id"],
        "title": record["title"],
        "accession": record["catalogue_id"],
        "duration": _hms(seconds(record.get("duration"))),
        "collection_id": record["collection"]["code"],
        "collection_name": record["collection"]["name"],
        "interviewee": [name] if (name := narrator_name(record)) else [],
        "interviewer": interviewers,
        "format": [recording.content_type] if recording and recording.content_type else [],
        "transcript_alt_lang": language or "",
        "translate": "1" if language else "0",
        "media_url": recording.url if recording else "",
        "language": ", ".join(record.get("languages") or []),
        "description": record.get("summary") or "",
        "type": "Oral history interview",
        "vtt_transcript": vtt.captions(transcript) or "" if transcript else "",
        "vtt_transcript_alt": vtt.captions(translation) or "" if translation else "",
        "rights": record.get("rights") or "",
        "usage": str(RIGHTS_LABELS.get(record.get("rights"), "")),
        "xmlfilename": f"{record['catalogue_id']}.xml",
    }
    for name in RECORD_ORDER:
        if name == "date":
            _element(node, "date", value=recorded, format="yyyy-mm-dd")
        elif name == "mediafile":
            media = _element(node, "mediafile")
            _element(media, "host", "Other")
            _element(media, "host_account_id", "")
            _element(media, "host_player_id", "")
            _element(media, "host_clip_id", "")
            _element(media, "clip_format", recording.kind if recording else "")
        elif name == "index":
            _points(_element(node, "index"), audience, record, language, translation)
        elif name in REPEATED:
            for value in values.get(name, []):
                _element(node, name, value)
        else:
            _element(node, name, values.get(name, ""))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()


def schema() -> etree.XMLSchema:
    """The OHMS schema this export is written to (6.0; 5.x reads the same)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), parser))
