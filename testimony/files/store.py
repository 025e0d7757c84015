"""Storing an inspected upload with its facts and derivatives, and rebuilding
derivatives that have gone missing."""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from testimony.files import images
from testimony.files.inspect import FileFacts, inspect_upload
from testimony.files.kinds import BY_MIME
from testimony.models import MediaFile


def check_upload(upload, kind: str, instance: MediaFile | None = None) -> FileFacts:
    """Inspect an upload and refuse a file the catalogue already holds."""
    facts = inspect_upload(upload, kind)
    duplicate = MediaFile.objects.filter(sha256=facts.sha256)
    if instance is not None and instance.pk:
        duplicate = duplicate.exclude(pk=instance.pk)
    existing = duplicate.first()
    if existing is not None:
        raise ValidationError(
            _(
                "This file is already in the catalogue as “%(existing)s” (file %(id)s, "
                "attached to the %(owner)s record); it was not stored twice."
            )
            % {"existing": existing, "id": existing.pk, "owner": existing.owner_folder},
            code="duplicate",
        )
    return facts


def apply_facts(media: MediaFile, upload, facts: FileFacts) -> None:
    """Set the file and what was learnt of it; writes the derivatives to storage.
    The original is written when ``media`` is saved (streamed by the storage)."""
    media.file = upload
    media.original_name = os.path.basename(upload.name or "")[:300]
    media.content_type = facts.file_type.mime
    media.size = facts.size
    media.sha256 = facts.sha256
    media.width, media.height = facts.width, facts.height
    if facts.duration is not None:
        media.duration = facts.duration
    media.fixity, media.verified_at = MediaFile.Fixity.UNCHECKED, None
    for name, data in facts.derivatives.items():
        getattr(media, name).save(f"{name}.jpg", ContentFile(data), save=False)


def ensure_derivatives(media: MediaFile) -> bool:
    """Rebuild an image's web copy and thumbnail when either is missing.
    Returns whether anything was rebuilt."""
    file_type = BY_MIME.get(media.content_type)
    if file_type is None or not file_type.pillow_format:
        return False
    sides = {"web": images.WEB_SIDE, "thumbnail": images.THUMBNAIL_SIDE}
    missing = [
        name
        for name in sides
        if not getattr(media, name)
        or not getattr(media, name).storage.exists(getattr(media, name).name)
    ]
    if not missing:
        return False
    with media.file.open("rb") as original:
        for name in missing:
            data = images.derivative(original, file_type.pillow_format, sides[name])
            getattr(media, name).save(f"{name}.jpg", ContentFile(data), save=False)
    MediaFile.objects.filter(pk=media.pk).update(
        **{name: getattr(media, name).name for name in missing}
    )
    return True
