"""Media files of a testimony: recordings, photos and documents, stored privately."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import LazyObject

from catalog.history import tracked
from testimony.models.testimonies import Testimony
from testimony.timecodes import TimecodeField


class PrivateFileSystemStorage(FileSystemStorage):
    """Files outside every publicly served path; their only URL is a staff-only view."""

    def url(self, name):
        return reverse("staff-file", args=[name])


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()


def get_private_storage():
    """Callable storage: migrations record this function, not a machine's path."""
    return private_storage


@tracked()
class MediaFile(models.Model):
    class Kind(models.TextChoices):
        AUDIO = "audio", "audio"
        VIDEO = "video", "video"
        PHOTO = "photo", "photo"
        DOCUMENT = "document", "document"

    testimony = models.ForeignKey(Testimony, on_delete=models.PROTECT, related_name="media_files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(
        storage=get_private_storage, upload_to="testimony/%Y/%m/", max_length=300
    )
    original_name = models.CharField(max_length=300, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", "A SHA-256 checksum is 64 hex digits.")],
    )
    duration = TimecodeField(null=True, blank=True)
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["testimony", "kind", "id"]

    def __str__(self):
        return self.original_name or self.file.name
