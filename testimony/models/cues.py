"""Timed transcripts: each transcript (and each translation) as a sequence of cues.

A cue is a stretch of speech with its start, end and optional speaker. Closing
a passage closes time, not a record: a cue that overlaps a closed range is
withheld whole (see ``testimony.disclosure.closed_ranges``).
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from testimony.models.testimonies import Transcript
from testimony.timecodes import TimecodeField, format_timecode


@tracked()
class Cue(models.Model):
    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="cues", verbose_name=_("transcript")
    )
    start = TimecodeField(_("start"))
    end = TimecodeField(_("end"))
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["transcript", "start", "id"]
        verbose_name = _("cue")
        verbose_name_plural = _("cues")
        indexes = [models.Index(fields=["transcript", "start"], name="cue_transcript_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="cue_ends_after_start",
                violation_error_message=_("A cue must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(start__gte=datetime.timedelta(0)),
                name="cue_start_not_negative",
                violation_error_message=_("A cue cannot start before 00:00:00."),
            ),
        ]

    def __str__(self):
        return f"{format_timecode(self.start)}-{format_timecode(self.end)} {self.text[:60]}"

    def clean(self):
        if self.transcript_id:
            self.transcript.testimony.check_within_recording(self.end)
