"""Sealed ranges: stretches of a recording that staff close beside closed segments.

What a narrator closes is time. A closed segment closes its own range; a sealed
range closes any other, from everyone outside or from the public only, until an
optional date when it reopens by itself (no write needed, as with embargoes).
``testimony.disclosure.closed_ranges`` is the one answer to "which ranges of
this recording are closed to this audience today".
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from testimony.models.testimonies import Testimony
from testimony.timecodes import TimecodeField, format_timecode


@tracked()
class SealedRange(models.Model):
    class SealedFrom(models.TextChoices):
        OUTSIDE = "outside", _("everyone outside (public and partners)")
        PUBLIC = "public", _("the public (partners may hear it)")

    testimony = models.ForeignKey(
        Testimony,
        on_delete=models.CASCADE,
        related_name="sealed_ranges",
        verbose_name=_("testimony"),
    )
    start = TimecodeField(_("start"))
    end = TimecodeField(_("end"))
    reason = models.CharField(
        _("reason"), max_length=300, help_text=_("Staff only: why the range is sealed.")
    )
    sealed_from = models.CharField(
        _("sealed from"), max_length=10, choices=SealedFrom.choices, default=SealedFrom.OUTSIDE
    )
    reopens_on = models.DateField(
        _("reopens on"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep it sealed until staff reopen it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["testimony", "start", "id"]
        verbose_name = _("sealed range")
        verbose_name_plural = _("sealed ranges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="sealed_range_ends_after_start",
                violation_error_message=_("A sealed range must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(start__gte=datetime.timedelta(0)),
                name="sealed_range_start_not_negative",
                violation_error_message=_("A sealed range cannot start before 00:00:00."),
            ),
        ]

    def __str__(self):
        return f"sealed {format_timecode(self.start)}-{format_timecode(self.end)}"

    def clean(self):
        if self.testimony_id:
            self.testimony.check_within_recording(self.end)
