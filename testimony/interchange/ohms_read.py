"""Reading OHMS XML (5.x and 6.0) into plain data, safely.

lxml parses with entities left unresolved, no network, no huge trees and no
DTD: a document that declares one (external entities, entity expansion bombs)
is refused, as is one larger than ``OHMS_IMPORT_MAX_BYTES``. Nothing here
writes; ``ohms_import`` plans and applies what was read.

5.x holds a whole ``transcript`` with a ``sync`` map (``interval:|line(word)|...``:
after the interval in minutes, for each interval mark the line and word, both
counted from 1, at which it falls); 6.0 holds ``vtt_transcript`` and
``vtt_transcript_alt`` WebVTT blocks with ``<v Speaker>`` voices.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from lxml import etree

from testimony.timecodes import parse_timecode
from testimony.transcripts.formats import CueData, read_webvtt


class Refused(ValueError):
    """The document cannot be imported; ``problems`` says why, each in a sentence."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass
class Gps:
    text: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class Link:
    url: str
    text: str = ""


@dataclass
class Point:
    start: datetime.timedelta
    end: datetime.timedelta | None
    title: str
    title_alt: str = ""
    partial_transcript: str = ""
    partial_transcript_alt: str = ""
    synopsis: str = ""
    synopsis_alt: str = ""
    keywords: list[str] = field(default_factory=list)
    keywords_alt: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    gps: list[Gps] = field(default_factory=list)
    hyperlinks: list[Link] = field(default_factory=list)


@dataclass
class OhmsRecord:
    version: str
    identifier: str
    title: str
    recorded: str
    duration: datetime.timedelta | None
    collection_id: str
    collection_name: str
    interviewees: list[str]
    interviewers: list[str]
    languages: list[str]
    summary: str
    rights: str
    points: list[Point]
    cues: list[CueData]
    untimed: str
    alt_language: str
    alt_cues: list[CueData]


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(parent, name: str) -> list:
    return [child for child in parent if _local(child) == name]


def _text(parent, name: str) -> str:
    found = _children(parent, name)
    return (found[0].text or "").strip() if found else ""


DTD_REFUSED = gettext_lazy(
    "The file declares a DTD (<!DOCTYPE ...>), which can hold entities that read other "
    "files or expand without end; OHMS files have none. Nothing was imported."
)


def parse_document(content: bytes):
    """The document's root element, or ``Refused``: too large, not XML, a DTD."""
    limit = settings.OHMS_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise Refused(
            [
                gettext(
                    "The file is %(size)s MB; OHMS files of up to %(limit)s MB are read "
                    "(OHMS_IMPORT_MAX_BYTES). Nothing was imported."
                )
                % {"size": f"{len(content) / 1024**2:.1f}", "limit": f"{limit / 1024**2:.0f}"}
            ]
        )
    try:
        root = etree.fromstring(content, safe_parser())
    except etree.XMLSyntaxError as exc:
        # libxml2 stops an entity expansion bomb itself; say why in the DTD's terms.
        if b"<!doctype" in content[:65536].lower():
            raise Refused([str(DTD_REFUSED)]) from exc
        raise Refused(
            [
                gettext("This is not well-formed XML (%(error)s). Nothing was imported.")
                % {"error": exc}
            ]
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise Refused([str(DTD_REFUSED)])
    if _local(root) != "ROOT" or not _children(root, "record"):
        raise Refused(
            [gettext("This is not an OHMS file: no <ROOT><record>. Nothing was imported.")]
        )
    return root


def _seconds(value: str) -> datetime.timedelta:
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return datetime.timedelta(seconds=float(value))
    return parse_timecode(value)


def _languages(value: str) -> list[str]:
    from catalog.codes import language_name

    codes = []
    for part in re.split(r"[;,]", value):
        part = part.strip()
        if not part:
            continue
        code = _language_code(part)
        if code and language_name(code):
            codes.append(code)
    return codes


def _language_code(value: str) -> str | None:
    import pycountry

    value = value.strip()
    if re.fullmatch(r"[a-z]{2,3}", value):
        return value
    found = pycountry.languages.get(name=value.title())
    return getattr(found, "alpha_2", None) or getattr(found, "alpha_3", None) if found else None


def _points(record, duration, problems: list[str]) -> list[Point]:
    points: list[Point] = []
    index = _children(record, "index")
    for number, element in enumerate(_children(index[0], "point") if index else [], start=1):
        raw = _text(element, "time")
        try:
            start = _seconds(raw)
        except (ValueError, ValidationError):
            problems.append(
                gettext("Point %(number)s: its time “%(raw)s” is not a number of seconds.")
                % {"number": number, "raw": raw}
            )
            continue
        if points and start <= points[-1].start:
            problems.append(
                gettext(
                    "Point %(number)s starts at %(raw)s s, not after the point before it; "
                    "points must be in time order."
                )
                % {"number": number, "raw": raw}
            )
        if duration is not None and start >= duration:
            problems.append(
                gettext("Point %(number)s starts at %(raw)s s, after the recording's end.")
                % {"number": number, "raw": raw}
            )
        gps = []
        for group in _children(element, "gpspoints"):
            text, where = _text(group, "gps_text"), _text(group, "gps")
            latitude = longitude = None
            if where:
                try:
                    latitude, longitude = _coordinates(where)
                except ValueError:
                    problems.append(
                        gettext(
                            "Point %(number)s: the GPS point “%(where)s” is not “latitude, "
                            "longitude” (latitude -90 to 90, longitude -180 to 180)."
                        )
                        % {"number": number, "where": where}
                    )
            if text or where:
                gps.append(Gps(text, latitude, longitude))
        points.append(
            Point(
                start=start,
                end=None,
                title=_text(element, "title") or f"Point {number}",
                title_alt=_text(element, "title_alt"),
                partial_transcript=_text(element, "partial_transcript"),
                partial_transcript_alt=_text(element, "partial_transcript_alt"),
                synopsis=_text(element, "synopsis"),
                synopsis_alt=_text(element, "synopsis_alt"),
                keywords=_split(_text(element, "keywords")),
                keywords_alt=_split(_text(element, "keywords_alt")),
                subjects=_split(_text(element, "subjects")),
                gps=gps,
                hyperlinks=[
                    Link(_text(group, "hyperlink"), _text(group, "hyperlink_text"))
                    for group in _children(element, "hyperlinks")
                    if _text(group, "hyperlink")
                ],
            )
        )
    for point, following in itertools.pairwise(points):
        point.end = following.start
    if points:
        points[-1].end = duration
        if duration is None:
            problems.append(
                gettext(
                    "The last point needs the recording's length to end: give <duration>, or "
                    "upload the recording first."
                )
            )
    return points


def _coordinates(value: str) -> tuple[float, float]:
    """``"lat, long"`` as two numbers within the globe; ValueError otherwise."""
    latitude, longitude = (float(part) for part in value.split(","))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(value)
    return latitude, longitude


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _synced(text: str, sync: str, problems: list[str]) -> list[CueData]:
    """A 5.x transcript cut into cues at its sync marks (see the module's docstring)."""
    interval_text, _, marks = sync.partition(":")
    try:
        interval = datetime.timedelta(minutes=int(interval_text or 1))
    except ValueError:
        problems.append(
            gettext("The sync map “%(sync)s” does not start with its interval.")
            % {"sync": sync[:40]}
        )
        return []
    lines = text.splitlines()
    positions = [(0, 0)]
    for number, mark in enumerate(marks.split("|")[1:], start=1):
        found = re.fullmatch(r"\s*(\d+)\((\d+)\)\s*", mark)
        if not found:
            if mark.strip():
                problems.append(
                    gettext("Sync mark %(number)s “%(mark)s” is not line(word).")
                    % {"number": number, "mark": mark}
                )
            positions.append(None)
            continue
        positions.append((int(found.group(1)) - 1, int(found.group(2)) - 1))
    words = [line.split() for line in lines]
    cues = []
    marked = [(i, p) for i, p in enumerate(positions) if p is not None]
    for (index, (line, word)), following in zip(marked, [*marked[1:], None], strict=False):
        end_line, end_word = following[1] if following else (len(words), 0)
        chunk = []
        for n in range(line, min(end_line + 1, len(words))):
            first = word if n == line else 0
            last = end_word if n == end_line else len(words[n])
            chunk += words[n][first:last]
        if chunk:
            end = interval * following[0] if following else None
            cues.append(CueData(interval * index, end, " ".join(chunk)))
    return cues


def _vtt(text: str, label: str, problems: list[str]) -> list[CueData]:
    try:
        return read_webvtt(text)
    except ValidationError as exc:
        problems.append(label % {"problem": " ".join(exc.messages)})
        return []


def read(content: bytes) -> OhmsRecord:
    """An OHMS 5.x or 6.0 document as plain data; ``Refused`` with every problem found."""
    root = parse_document(content)
    record = _children(root, "record")[0]
    problems: list[str] = []
    duration = None
    if raw := _text(record, "duration"):
        try:
            duration = _seconds(raw)
        except (ValueError, ValidationError):
            problems.append(
                gettext("The duration “%(raw)s” is neither h:mm:ss nor seconds.") % {"raw": raw}
            )
    points = _points(record, duration, problems)
    cues, untimed = [], ""
    if vtt := _text(record, "vtt_transcript"):
        cues = _vtt(vtt, gettext("The WebVTT transcript: %(problem)s"), problems)
    elif text := _text(record, "transcript"):
        sync = _text(record, "sync")
        cues = _synced(text, sync, problems) if sync else []
        untimed = "" if cues else text
    alt_cues = []
    if vtt := _text(record, "vtt_transcript_alt"):
        alt_cues = _vtt(vtt, gettext("The WebVTT translation: %(problem)s"), problems)
    elif (text := _text(record, "transcript_alt")) and (sync := _text(record, "sync_alt")):
        alt_cues = _synced(text, sync, problems)
    date = _children(record, "date")
    recorded = (date[0].get("value") or "").strip() if date else ""
    if problems:
        raise Refused([*problems, gettext("Nothing was imported.")])
    return OhmsRecord(
        version=_text(record, "version"),
        identifier=record.get("id") or _text(record, "accession"),
        title=_text(record, "title"),
        recorded=recorded or _text(record, "date_nonpreferred_format"),
        duration=duration,
        collection_id=_text(record, "collection_id"),
        collection_name=_text(record, "collection_name"),
        interviewees=[(e.text or "").strip() for e in _children(record, "interviewee")],
        interviewers=[(e.text or "").strip() for e in _children(record, "interviewer")],
        languages=_languages(_text(record, "language")),
        summary=_text(record, "description"),
        rights=_text(record, "rights"),
        points=points,
        cues=cues,
        untimed=untimed,
        alt_language=_language_code(_text(record, "transcript_alt_lang")) or "",
        alt_cues=alt_cues,
    )
