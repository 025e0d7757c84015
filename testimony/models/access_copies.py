"""Access copies: what outside audiences receive instead of a recording.

A copy is made for one closure state of one file, and is keyed by it: a hash of
the ranges closed to the audience, the testimony's current consent and the
file's checksum. Whatever changes one of these changes the key the API looks
for, so the old copy is no longer served from that moment, with no write.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from testimony.models.media import MediaFile, get_private_storage


def access_copy_path(instance, filename: str) -> str:
    return f"access/{instance.media_file_id}/{filename}"


class AccessCopy(models.Model):
    media_file = models.ForeignKey(
        MediaFile,
        on_delete=models.CASCADE,
        related_name="access_copies",
        verbose_name=_("media file"),
    )
    key = models.CharField(
        _("key"), max_length=64, help_text=_("Hash of the closure state it was made for.")
    )
    closed = models.JSONField(
        _("closed ranges"),
        default=list,
        help_text=_("The ranges silenced in it, in seconds ([start, end]; end null: to the end)."),
    )
    file = models.FileField(
        _("file"), storage=get_private_storage, upload_to=access_copy_path, max_length=300
    )
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    duration = models.FloatField(_("duration"), help_text=_("Seconds."))
    seconds_to_make = models.FloatField(_("seconds to make"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("access copy")
        verbose_name_plural = _("access copies")
        ordering = ["media_file", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["media_file", "key"], name="access_copy_one_per_state")
        ]

    def __str__(self):
        return f"Access copy of file {self.media_file_id} ({self.key[:12]})"
