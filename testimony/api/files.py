"""Fetching a file: consent is asked again on every fetch.

Two ways in, one answer. A signed link (``files/<token>/``, in the API's
details) names the file, the copy and the audience, and lasts
``MEDIA_LINK_SECONDS``. A lasting address (``media/<id>/<copy>``, in the
exports, which are kept for years by the archives that harvest them) names the
file and the copy, and speaks for the caller's audience as every API route
does (a partner sends its token). A forged, expired or no longer allowed link,
like a file the audience may not see, is a 404, like any unseen record.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from testimony import disclosure
from testimony.api.auth import audience_for
from testimony.api.errors import not_found_json, preparing_json
from testimony.files import links
from testimony.files.responses import file_response
from testimony.files.store import ensure_derivatives


def signed_file(request, token: str):
    try:
        pk, copy, audience = links.resolve(token)
    except links.BadLink:
        return not_found_json(request)
    return serve(request, audience, pk, copy)


def serve(request, audience: disclosure.Audience, pk: int, copy: str):
    """The ``copy`` of file ``pk`` as ``audience`` may receive it now."""
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
        if not stored:  # an image no derivative could be made of
            return not_found_json(request)
    extension = stored.name.rsplit(".", 1)[-1] if "." in stored.name else "bin"
    return file_response(
        request,
        stored.storage,
        stored.name,
        content_type,
        f"file-{media.pk}-{copy}.{extension}",
    )


@extend_schema(exclude=True)
class LastingFileView(APIView):
    """``media/<id>/content`` (a recording's access copy), ``media/<id>/web`` and
    ``media/<id>/thumbnail`` (an image's derivatives) for the caller's audience."""

    def get(self, request, pk: int, copy: str):
        return serve(request._request, audience_for(request), pk, links.LASTING[copy])
