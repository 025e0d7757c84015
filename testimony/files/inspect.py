"""What an uploaded file really is, found before anything is stored.

One streamed pass computes the SHA-256 and looks for markup (an image that is also
an HTML page is refused); the type comes from the content's signature, checked
against the kind's allowed list and the file's own extension; images are decoded
in a guarded step; recordings are measured with mutagen. Any failure raises a
ValidationError with a message for the cataloguer, and nothing is stored.
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import timedelta

import filetype
import mutagen
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from testimony.files import images
from testimony.files.kinds import ALLOWED, BY_MIME, IMAGES, FileType, allowed_labels

CHUNK = 1024 * 1024
# Markup a browser could run, were the file ever taken for a page.
MARKUP = (b"<html", b"<script", b"<!doctype html", b"<iframe", b"<body", b"<svg", b"<?php")
LONGEST_MARKER = max(len(m) for m in MARKUP)


@dataclass
class FileFacts:
    file_type: FileType
    size: int
    sha256: str
    duration: timedelta | None = None
    width: int | None = None
    height: int | None = None
    derivatives: dict[str, bytes] = field(default_factory=dict)


def inspect_upload(upload, kind: str) -> FileFacts:
    limit = settings.MEDIA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    file_type = _detect(upload, kind)
    checksum, markup = _stream(upload, scan=file_type in IMAGES)
    if markup:
        raise ValidationError(
            _(
                "The file holds web-page markup as well as an image (a polyglot file); "
                "it is refused. Export the image again from the original."
            ),
            code="polyglot",
        )
    facts = FileFacts(file_type, upload.size, checksum)
    if file_type.pillow_format:
        _check_image(upload, facts)
    elif kind in ("audio", "video"):
        facts.duration = _duration(upload, file_type)
    upload.seek(0)
    return facts


def _detect(upload, kind: str) -> FileType:
    upload.seek(0)
    guess = filetype.guess(upload.read(8192))
    upload.seek(0)
    mime = guess.mime if guess else None
    file_type = BY_MIME.get(mime)
    if file_type is None or file_type not in ALLOWED[kind]:
        found = f"{guess.extension.upper()} ({mime})" if guess else _("of no recognised type")
        raise ValidationError(
            _("The file's content is %(found)s; %(kind)s files must be one of: %(allowed)s.")
            % {"found": found, "kind": kind, "allowed": allowed_labels(kind)},
            code="type",
        )
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in file_type.extensions:
        raise ValidationError(
            _(
                "The file is named %(extension)s but its content is %(type)s; rename it "
                "(%(extensions)s) if that is right."
            )
            % {
                "extension": extension or _("without an extension"),
                "type": file_type.label,
                "extensions": ", ".join(file_type.extensions),
            },
            code="extension",
        )
    return file_type


def _stream(upload, scan: bool) -> tuple[str, bool]:
    """SHA-256 of the whole file, and whether it holds markup, reading it once."""
    digest = hashlib.sha256()
    tail = b""
    found = False
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
        if scan and not found:
            window = (tail + chunk).lower()
            found = any(marker in window for marker in MARKUP)
            tail = window[-LONGEST_MARKER:]
    upload.seek(0)
    return digest.hexdigest(), found


def _check_image(upload, facts: FileFacts) -> None:
    file_type = facts.file_type
    try:
        facts.width, facts.height = images.check_image(
            upload, file_type.pillow_format, file_type.label
        )
        facts.derivatives = {
            name: images.derivative(upload, file_type.pillow_format, side)
            for name, side in (("web", images.WEB_SIDE), ("thumbnail", images.THUMBNAIL_SIDE))
        }
    except images.UnsafeImage as exc:
        raise ValidationError(str(exc), code="image") from exc
    except (OSError, ValueError) as exc:
        raise ValidationError(
            _("The image could not be converted for the web (%(error)s).") % {"error": exc},
            code="image",
        ) from exc


def _duration(upload, file_type: FileType) -> timedelta | None:
    upload.seek(0)
    try:
        parsed = mutagen.File(upload)
    except mutagen.MutagenError as exc:
        raise ValidationError(
            _("The %(type)s recording cannot be read (%(error)s).")
            % {"type": file_type.label, "error": exc},
            code="recording",
        ) from exc
    finally:
        upload.seek(0)
    length = getattr(getattr(parsed, "info", None), "length", None)
    return timedelta(seconds=round(length, 3)) if length else None
