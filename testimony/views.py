"""Staff-only delivery of private files (recordings, photos, consent scans)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404

from testimony.models.media import private_storage

# What a staff member needs to see the files under each folder of the private storage.
FOLDER_PERMISSIONS = {
    "testimony": "testimony.view_mediafile",
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
        handle = private_storage.open(path, "rb")
    except SuspiciousFileOperation as exc:
        raise Http404("No such file.") from exc
    response = FileResponse(handle, as_attachment=True, filename=path.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
