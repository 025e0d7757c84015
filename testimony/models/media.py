"""Files: recordings, photos and documents, stored privately."""

import os
import uuid
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.core.validators import RegexValidator
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from testimony.models.testimonies import Testimony
from testimony.timecodes import TimecodeField


class PrivateFileSystemStorage(FileSystemStorage):
    """Files outside every publicly served path; their only URL is a staff-only view."""

    def url(self, name):
        return reverse("staff-file", args=[name])


class PrivateStorage(LazyObject):
    """A private folder by default; S3-compatible object storage when configured."""

    def _setup(self):
        if settings.PRIVATE_STORAGE_S3:
            from testimony.files.s3 import PrivateS3Storage

            self._wrapped = PrivateS3Storage(**settings.PRIVATE_STORAGE_S3)
        else:
            self._wrapped = PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(setting, **kwargs):
    if setting in ("PRIVATE_MEDIA_ROOT", "PRIVATE_STORAGE_S3"):
        private_storage._wrapped = empty


def get_private_storage():
    """Callable storage: migrations record this function, not a machine's path."""
    return private_storage


def media_path(instance, filename: str) -> str:
    """Stored under the owner's folder (the staff file view checks permissions by
    folder) with a random name: the original name is kept in the record only."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"{instance.owner_folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def derivative_path(instance, filename: str) -> str:
    return f"derived/{timezone.now():%Y/%m}/{filename}"


OWNERS = ("testimony", "person", "article", "consent")


def _only_owner(owner: str) -> models.Q:
    return models.Q(**{f"{other}__isnull": other != owner for other in OWNERS})


def _owner(to, verbose_name, related_name: str = "media_files") -> models.ForeignKey:
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        related_name=related_name,
        null=True,
        blank=True,
        verbose_name=verbose_name,
    )


def _derivative_field(verbose_name) -> models.FileField:
    return models.FileField(
        verbose_name,
        storage=get_private_storage,
        upload_to=derivative_path,
        max_length=300,
        blank=True,
        editable=False,
    )


@tracked()
class MediaFile(models.Model):
    """A file of a testimony, a person (photos), an article (images, scans) or a
    consent record (the scanned form, staff only)."""

    class Kind(models.TextChoices):
        AUDIO = "audio", _("audio")
        VIDEO = "video", _("video")
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    class Fixity(models.TextChoices):
        UNCHECKED = "", _("not yet verified")
        OK = "ok", _("intact")
        CHANGED = "changed", _("changed: checksum differs")
        MISSING = "missing", _("missing from storage")

    testimony = _owner(Testimony, _("testimony"))
    person = _owner("catalog.Person", _("person"))
    article = _owner("catalog.SourceArticle", _("article"))
    consent = _owner("testimony.ConsentRecord", _("consent"), related_name="scans")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(
        _("file"), storage=get_private_storage, upload_to=media_path, max_length=300
    )
    original_name = models.CharField(_("original name"), max_length=300, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True, editable=False)
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("A SHA-256 checksum is 64 hex digits."))],
    )
    duration = TimecodeField(_("duration"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    web = _derivative_field(_("web-size copy"))
    thumbnail = _derivative_field(_("thumbnail"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    verified_at = models.DateTimeField(
        _("last fixity check"), null=True, blank=True, editable=False
    )
    fixity = models.CharField(
        _("fixity"),
        max_length=10,
        choices=Fixity.choices,
        blank=True,
        default="",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("media file")
        verbose_name_plural = _("media files")
        constraints = [
            models.CheckConstraint(
                condition=reduce(or_, (_only_owner(owner) for owner in OWNERS)),
                name="media_file_one_owner",
                violation_error_message=_("A file belongs to exactly one record."),
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(kind="photo"),
                name="media_file_person_photos",
                violation_error_message=_("A person's files are photos."),
            ),
            models.CheckConstraint(
                condition=models.Q(consent__isnull=True) | models.Q(kind="document"),
                name="media_file_consent_documents",
                violation_error_message=_("A consent record's files are scanned documents."),
            ),
        ]

    def __str__(self):
        return self.original_name or self.file.name

    @property
    def owner_folder(self) -> str:
        for owner in OWNERS:
            if getattr(self, f"{owner}_id", None):
                return owner
        return "unfiled"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
