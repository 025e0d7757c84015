"""Testimonies (recorded interviews) and their transcripts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.codes import LanguageListField, language_field
from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import track_m2m, tracked
from catalog.models import Person, Place
from catalog.models.base import TimestampedModel
from testimony.models.collections import Collection
from testimony.timecodes import TimecodeField, format_timecode

RIGHTS_STATEMENTS = [
    (f"http://rightsstatements.org/vocab/{code}/1.0/", label)
    for code, label in (
        ("InC", "In Copyright"),
        ("InC-OW-EU", "In Copyright - EU Orphan Work"),
        ("InC-EDU", "In Copyright - Educational Use Permitted"),
        ("InC-NC", "In Copyright - Non-Commercial Use Permitted"),
        ("InC-RUU", "In Copyright - Rights-holder(s) Unlocatable or Unidentifiable"),
        ("NoC-CR", "No Copyright - Contractual Restrictions"),
        ("NoC-NC", "No Copyright - Non-Commercial Use Only"),
        ("NoC-OKLR", "No Copyright - Other Known Legal Restrictions"),
        ("NoC-US", "No Copyright - United States"),
        ("CNE", "Copyright Not Evaluated"),
        ("UND", "Copyright Undetermined"),
        ("NKC", "No Known Copyright"),
    )
]


@tracked()
class Testimony(UncertainDatesModel, TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", pgettext_lazy("testimony status", "published")

    catalogue_id = models.CharField(
        _("catalogue identifier"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9./-]*$",
                _("Use capital letters, digits, dots, slashes and hyphens, e.g. RPT-2024-0001."),
            )
        ],
        error_messages={"unique": _("Another testimony already has this catalogue identifier.")},
    )
    title = models.CharField(_("title"), max_length=300)
    narrator = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="testimonies", verbose_name=_("narrator")
    )
    interviewers = models.ManyToManyField(
        Person, blank=True, related_name="interviews_conducted", verbose_name=_("interviewers")
    )
    recorded, recorded_earliest, recorded_latest = uncertain_date(_("recorded"))
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="testimonies_recorded",
        verbose_name=_("place of recording"),
    )
    languages = LanguageListField(verbose_name=_("languages"))
    duration = TimecodeField(
        _("duration"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Read from the recording: the longest audio or video file of the testimony."),
    )
    summary = models.TextField(_("summary"), blank=True)
    collection = models.ForeignKey(
        Collection,
        on_delete=models.PROTECT,
        related_name="testimonies",
        verbose_name=_("collection"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    is_fictional = models.BooleanField(_("fictional (demo record)"), default=False)
    rights_statement = models.URLField(
        _("rights statement"),
        choices=RIGHTS_STATEMENTS,
        blank=True,
        help_text=_(
            "The RightsStatements.org statement the narrator's consent allows, "
            "sent with every export (IIIF rights, OHMS rights)."
        ),
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

    class Meta:
        ordering = ["catalogue_id"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        permissions = [("publish_testimony", "Can publish a testimony or take it back")]

    def __str__(self):
        return f"{self.catalogue_id}: {self.title}"

    def check_within_recording(self, end, field: str = "end") -> None:
        """Refuse a time past the end of the recording, when its length is known."""
        if self.duration is not None and end is not None and end > self.duration:
            message = _("The recording is only %(duration)s long.")
            raise ValidationError({field: message % {"duration": format_timecode(self.duration)}})


@tracked()
class Transcript(TimestampedModel):
    testimony = models.ForeignKey(
        Testimony,
        on_delete=models.CASCADE,
        related_name="transcripts",
        verbose_name=_("testimony"),
    )
    language = language_field()
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("Leave empty for the transcript in the language spoken."),
    )
    translator = models.CharField(_("translator"), max_length=300, blank=True)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Untimed text. A transcript with cues is sent outside as its cues only; "
            "an untimed one never leaves while any range of its testimony is closed."
        ),
    )

    class Meta:
        ordering = ["testimony", "translation_of_id", "language"]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        constraints = [
            models.UniqueConstraint(
                fields=["testimony", "language"],
                name="transcript_one_per_language",
                violation_error_message=_(
                    "This testimony already has a transcript in this language."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(translation_of=models.F("id")),
                name="transcript_not_own_translation",
                violation_error_message=_("A transcript cannot be a translation of itself."),
            ),
        ]

    def __str__(self):
        kind = "translation" if self.translation_of_id else "transcript"
        return f"{self.language} {kind} of {self.testimony.catalogue_id}"

    def clean(self):
        original = self.translation_of
        if original is not None and original.testimony_id != self.testimony_id:
            raise ValidationError(
                {
                    "translation_of": _(
                        "A translation must be of a transcript of the same testimony."
                    )
                }
            )
        if original is not None and original.language == self.language:
            raise ValidationError(
                {
                    "translation_of": _(
                        "A translation must be in another language than its original."
                    )
                }
            )


track_m2m(Testimony.interviewers.field)
