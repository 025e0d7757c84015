"""Recordings attached to testimonies, and their access copies made as a
worker makes them."""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile

from testimony.models import MediaFile
from testimony.recordings.copies import bring_up_to_date
from tests.api.conftest import released
from tests.factories import MediaFileFactory


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def recording(testimony, data: bytes, kind: str = "audio", release: bool = True) -> MediaFile:
    name, content_type = {
        "audio": ("interview.wav", "audio/x-wav"),
        "video": ("interview.mp4", "video/mp4"),
    }[kind]
    media = MediaFileFactory(
        testimony=testimony,
        kind=kind,
        content_type=content_type,
        file=ContentFile(data, name=name),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if release:
        released(testimony)
    return media


def made(media: MediaFile):
    """Run what the access-copy job runs, in this process."""
    return bring_up_to_date(media.pk)


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)
