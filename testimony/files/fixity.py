"""Fixity: does each stored file still match the checksum taken on upload?"""

import hashlib

from django.utils import timezone

from testimony.models import MediaFile

CHUNK = 1024 * 1024


def sha256_of(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify(media: MediaFile) -> str:
    """Check one file, record the outcome on it, and return it (a Fixity value).
    A file stored before checksums were kept gets its first one recorded."""
    storage, name = media.file.storage, media.file.name
    update = {"verified_at": timezone.now()}
    if not name or not storage.exists(name):
        update["fixity"] = MediaFile.Fixity.MISSING
    else:
        actual = sha256_of(storage, name)
        if not media.sha256:
            update["sha256"] = actual
            update["size"] = storage.size(name)
        ok = actual == (media.sha256 or actual)
        update["fixity"] = MediaFile.Fixity.OK if ok else MediaFile.Fixity.CHANGED
    MediaFile.objects.filter(pk=media.pk).update(**update)
    return update["fixity"]


def verify_and_repair(media: MediaFile) -> tuple[str, bool]:
    """Verify one file; when it is intact, rebuild its missing derivatives.
    Returns the outcome and whether anything was rebuilt."""
    from testimony.files.store import ensure_derivatives

    outcome = verify(media)
    return outcome, outcome == MediaFile.Fixity.OK and ensure_derivatives(media)
