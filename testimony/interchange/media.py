"""The recording an export points to, for an audience.

One function, so that every export (OHMS ``media_url``, the IIIF manifest's
painting annotation) asks the same question in one place: today it answers
with what the API's testimony detail gives the audience for its recording.
"""

from __future__ import annotations

from dataclasses import dataclass

from testimony.disclosure import Audience

PREFERRED = ("video", "audio")


@dataclass(frozen=True)
class Recording:
    url: str
    kind: str  # "audio" or "video"
    content_type: str | None
    duration: str | None  # hh:mm:ss


def audience_recording_url(audience: Audience, record: dict, request=None) -> Recording | None:
    """The recording of ``record`` (a detail from ``source.testimony_record``)
    that ``audience`` may play: the API detail's first video, else its first
    audio, as the signed link the detail holds; None when none may leave."""
    del audience  # the detail was made for the audience; kept for its callers' sake
    for kind in PREFERRED:
        for media in record.get("media") or []:
            links = media.get("links") or {}
            if media["kind"] != kind or not links:
                continue
            url = next(iter(links.values()))
            if request is not None:
                url = request.build_absolute_uri(url)
            return Recording(url, kind, media.get("content_type"), media.get("duration"))
    return None
