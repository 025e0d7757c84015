"""Staff-only delivery of private files (recordings, photos, consent scans)."""

import mimetypes

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404

from testimony.files.responses import file_response
from testimony.models.media import private_storage

# What a staff member needs to see the files under each folder of the private storage.
FOLDER_PERMISSIONS = {
    "testimony": "testimony.view_mediafile",
    "person": "testimony.view_mediafile",
    "article": "testimony.view_mediafile",
    "derived": "testimony.view_mediafile",
    "consent": "testimony.view_consentrecord",
}


@staff_member_required
def staff_file(request, path: str):
    permission = FOLDER_PERMISSIONS.get(path.split("/", 1)[0])
    if permission is None or not request.user.has_perm(permission):
        raise Http404("No such file.")
    try:
        if not private_storage.exists(path):
            raise Http404("No such file.")
    except SuspiciousFileOperation as exc:
        raise Http404("No such file.") from exc
    filename = path.rsplit("/", 1)[-1]
    # Staff previews play recordings and show images inline; anything else downloads.
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    inline = content_type.split("/")[0] in {"image", "audio", "video"}
    return file_response(
        request, private_storage, path, content_type, filename, attachment=not inline
    )
