"""Time-coded segments of a testimony, indexed by subject, place and person."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.codes import language_field
from catalog.history import track_m2m, tracked
from catalog.models import Person, Place, Subject
from testimony.models.testimonies import Testimony
from testimony.timecodes import TimecodeField, format_timecode


@tracked()
class Segment(models.Model):
    testimony = models.ForeignKey(
        Testimony, on_delete=models.CASCADE, related_name="segments", verbose_name=_("testimony")
    )
    start = TimecodeField(_("start"))
    end = TimecodeField(_("end"))
    title = models.CharField(_("title"), max_length=300)
    synopsis = models.TextField(_("synopsis"), blank=True)
    transcript_excerpt = models.TextField(_("transcript excerpt"), blank=True)
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="segments", verbose_name=_("subjects")
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="segments", verbose_name=_("places")
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="segments", verbose_name=_("people")
    )
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("A closed segment is never disclosed outside.")
    )
    closed_reason = models.CharField(
        _("closed reason"), max_length=300, blank=True, help_text=_("Staff only.")
    )
    keywords = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        verbose_name=_("keywords"),
        help_text=_("Free keywords beside the controlled subjects."),
    )
    ends_at_next = models.BooleanField(
        _("ends where the next begins"),
        default=False,
        help_text=_("The end follows the next segment's start (or the recording's end)."),
    )

    class Meta:
        ordering = ["testimony", "start", "id"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        indexes = [
            # The few closed segments, listed at once by the search's disclosure check.
            models.Index(
                fields=["id"], condition=models.Q(is_closed=True), name="segment_closed_ids"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="segment_ends_after_start",
                violation_error_message=_("A segment must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(start__gte=datetime.timedelta(0)),
                name="segment_start_not_negative",
                violation_error_message=_("A segment cannot start before 00:00:00."),
            ),
        ]

    def __str__(self):
        return f"{format_timecode(self.start)}-{format_timecode(self.end)} {self.title}"

    def clean(self):
        if self.testimony_id:
            self.testimony.check_within_recording(self.end)


track_m2m(Segment.subjects.field, Segment.places.field, Segment.people.field)


@tracked()
class SegmentTranslation(models.Model):
    """A segment's title, synopsis and keywords in another language (OHMS's
    ``title_alt``, ``synopsis_alt`` and ``keywords_alt``). Released with the
    segment, shown outside only with it."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="translations")
    language = language_field()
    title = models.CharField(_("title"), max_length=300)
    synopsis = models.TextField(_("synopsis"), blank=True)
    keywords = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        verbose_name=_("keywords"),
        help_text=_("Free keywords in this language."),
    )

    class Meta:
        ordering = ["segment", "language"]
        verbose_name = _("translation")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "language"],
                name="segment_translation_one_per_language",
                violation_error_message=_(
                    "This segment already has a translation in this language."
                ),
            )
        ]

    def __str__(self):
        return f"{self.language}: {self.title}"


class WebURLField(models.URLField):
    """A link that a reader's browser may follow: http and https only."""

    default_validators = [URLValidator(schemes=["http", "https"])]


@tracked()
class SegmentLink(models.Model):
    """A link from a segment to a page elsewhere (OHMS ``hyperlinks``)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="links")
    url = WebURLField(_("address"), max_length=2000)
    text = models.CharField(_("text"), max_length=300, blank=True)

    class Meta:
        ordering = ["segment", "id"]
        verbose_name = _("link")

    def __str__(self):
        return self.text or self.url
