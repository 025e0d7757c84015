"""Fetching a file by its signed link: consent is asked again on every fetch.
A forged, expired or no longer allowed link is a 404, like any unseen record."""

from testimony import disclosure
from testimony.api.errors import not_found_json, preparing_json
from testimony.files import links
from testimony.files.responses import file_response
from testimony.files.store import ensure_derivatives


def signed_file(request, token: str):
    try:
        pk, copy, audience = links.resolve(token)
    except links.BadLink:
        return not_found_json(request)
    media = disclosure.deliverable_files(audience).filter(pk=pk).first()
    if media is None or copy not in links.copies(media):
        return not_found_json(request)
    if copy == links.RECORDING:
        # Never the original: the access copy made for the closure state of now.
        access = disclosure.access_copies(audience, [media]).get(media.pk)
        if access is None:
            return preparing_json()
        stored, content_type = access.file, access.content_type
    else:
        ensure_derivatives(media)
        stored, content_type = getattr(media, copy), "image/jpeg"
    extension = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "bin"
    return file_response(
        request,
        stored.storage,
        stored.name,
        content_type,
        f"file-{media.pk}-{copy}.{extension}",
    )
