"""The files an export points to, for an audience, at addresses that last.

One module, so that every export (OHMS ``media_url``, the IIIF manifest's
painting annotations) asks the same question in one place. The API detail's
signed links expire after ``MEDIA_LINK_SECONDS``; an export is kept for years
by whoever harvested it, so it names each file by its lasting address
(``/api/v1/media/<id>/content``, ``.../web``), which asks the disclosure rules
again on every fetch and answers for the caller's audience (a partner sends
its token). Staff exports point to the staff file route, which asks for a
staff sign-in and its permission instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from testimony.disclosure import Audience
from testimony.files import links
from testimony.files.images import derivative_size
from testimony.files.store import ensure_derivatives
from testimony.models import MediaFile

PREFERRED = ("video", "audio")


@dataclass(frozen=True)
class Recording:
    url: str
    kind: str  # "audio" or "video"
    content_type: str | None
    duration: str | None  # hh:mm:ss


@dataclass(frozen=True)
class Photo:
    id: int
    url: str  # the web-size derivative, never the original
    width: int
    height: int
    description: str | None


def _address(audience: Audience, media_id: int, copy: str, request, stored=None) -> str:
    if audience.is_staff:
        if stored is None:
            stored = MediaFile.objects.get(pk=media_id).file
        path = reverse("staff-file", args=[stored.name])
        return request.build_absolute_uri(path) if request is not None else path
    return links.lasting(media_id, copy, request)


def audience_recording_url(audience: Audience, record: dict, request=None) -> Recording | None:
    """The recording of ``record`` (a detail from ``source.testimony_record``)
    that ``audience`` may play: the API detail's first video, else its first
    audio, once its access copy is ready (the detail gives it a link); None
    when none may leave."""
    for kind in PREFERRED:
        for media in record.get("media") or []:
            if media["kind"] != kind or not media.get("links"):
                continue
            url = _address(audience, media["id"], links.RECORDING, request)
            return Recording(url, kind, media.get("content_type"), media.get("duration"))
    return None


def audience_photos(audience: Audience, record: dict, request=None) -> list[Photo]:
    """The photos of ``record`` that ``audience`` may see (those the API detail
    lists, so the disclosure rules already chose them), as their web-size
    derivatives with the derivative's own width and height."""
    listed = {
        m["id"]: m
        for m in record.get("media") or []
        if m["kind"] == MediaFile.Kind.PHOTO and (m.get("links") or {}).get(links.WEB)
    }
    files = MediaFile.objects.in_bulk(list(listed))
    photos = []
    for media_file in (files[pk] for pk in listed if pk in files):
        try:
            ensure_derivatives(media_file)
            width, height = derivative_size(media_file.web)
        except (OSError, ValueError):  # no derivative can be made: no canvas either
            continue
        url = _address(audience, media_file.pk, links.WEB, request, media_file.web)
        description = listed[media_file.pk].get("description")
        photos.append(Photo(media_file.pk, url, width, height, description))
    return photos
