"""Citations of testimonies and segments (Chicago text, CSL-JSON, BibTeX).

Made from the audience's testimony detail, so that the narrator is cited as
the audience may see them: by name, by the pseudonym they chose (never linked
to a person), or as an anonymous narrator. A segment's time range is the
locator.
"""

from __future__ import annotations

import re

from django.urls import reverse

from catalog.citations import _bibtex_escape, citation_date
from testimony.interchange.source import narrator_name

ANONYMOUS = "Anonymous narrator"


def _narrator(record: dict) -> str:
    return narrator_name(record) or ANONYMOUS


def _interviewers(record: dict) -> list[str]:
    return [i["name"] for i in record.get("interviewers") or [] if i.get("name")]


def _url(request, name: str, pk: int) -> str:
    path = reverse(f"v1:{name}", args=[pk])
    return request.build_absolute_uri(path) if request is not None else path


def _locator(segment: dict | None) -> str | None:
    return f"{segment['start']}–{segment['end']}" if segment else None


def chicago(record: dict, segment: dict | None = None, url: str = "") -> str:
    """E.g. Kim Min-su. Interview by Tanaka Hiroshi. “Title.” Recorded 1998.
    Collection, RPT-0001, 00:10:00–00:15:00. URL."""
    parts = [f"{_narrator(record).rstrip('.')}."]
    if interviewers := _interviewers(record):
        parts.append(f"Interview by {' and '.join(interviewers)}.")
    else:
        parts.append("Interview.")
    if segment:
        parts.append(f"“{segment['title'].rstrip('.')},” in")
    parts.append(f"“{record['title'].rstrip('.')}.”")
    recorded = (record.get("recorded") or {}).get("edtf")
    if recorded:
        place = (record.get("place") or {}).get("name")
        parts.append(f"Recorded {citation_date(recorded)}{', ' + place if place else ''}.")
    archive = [record["collection"]["name"], record["catalogue_id"]]
    if locator := _locator(segment):
        archive.append(locator)
    parts.append(", ".join(archive) + ".")
    if url:
        parts.append(f"{url}.")
    return " ".join(parts)


def _issued(record: dict) -> dict | None:
    recorded = record.get("recorded") or {}
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", recorded.get("edtf") or "")
    if match:
        return {"date-parts": [[int(part) for part in match.groups() if part]]}
    return {"literal": recorded["edtf"]} if recorded.get("edtf") else None


def csl_json(record: dict, segment: dict | None = None, url: str = "") -> dict:
    """A CSL-JSON ``interview`` item; a segment's time range as a timestamp locator."""
    item = {
        "id": f"testimony-{record['id']}" + (f"-segment-{segment['id']}" if segment else ""),
        "type": "interview",
        "title": record["title"],
        "author": [{"literal": _narrator(record)}],
        "genre": "Oral history interview",
        "archive": record["collection"]["name"],
        "archive_location": record["catalogue_id"],
        "language": ", ".join(record.get("languages") or []),
    }
    if interviewers := _interviewers(record):
        item["interviewer"] = [{"literal": name} for name in interviewers]
    if issued := _issued(record):
        item["issued"] = issued
    if segment:
        item["container-title"] = record["title"]
        item["title"] = segment["title"]
        item["locator"] = _locator(segment)
        item["label"] = "timestamp"
    if url:
        item["URL"] = url
    return item


def bibtex(record: dict, segment: dict | None = None, url: str = "") -> str:
    """A BibTeX ``@misc`` entry."""
    key = re.sub(r"[^A-Za-z0-9]+", "", record["catalogue_id"]) + (
        f"s{segment['id']}" if segment else ""
    )
    interviewers = _interviewers(record)
    fields = {
        "author": _narrator(record),
        "title": segment["title"] if segment else record["title"],
        "howpublished": "Oral history interview"
        + (f" by {' and '.join(interviewers)}" if interviewers else ""),
        "year": ((_issued(record) or {}).get("date-parts") or [[None]])[0][0],
        "note": ", ".join(
            part
            for part in (
                f"In “{record['title']}”" if segment else None,
                record["collection"]["name"],
                record["catalogue_id"],
                _locator(segment),
            )
            if part
        ),
        "url": url or None,
    }
    lines = [
        f"  {name} = {{{_bibtex_escape(str(value))}}}"
        for name, value in fields.items()
        if value is not None
    ]
    return f"@misc{{{key},\n" + ",\n".join(lines) + "\n}"


def _all(record: dict, segment: dict | None, url: str) -> dict:
    return {
        "chicago": chicago(record, segment, url),
        "csl_json": csl_json(record, segment, url),
        "bibtex": bibtex(record, segment, url),
    }


def for_testimony(record: dict, request=None) -> dict:
    return _all(record, None, _url(request, "testimony-detail", record["id"]))


def for_segment(record: dict, segment: dict, request=None) -> dict:
    return _all(record, segment, _url(request, "segment-detail", segment["id"]))
