"""Releases: what outside audiences read is the state of a testimony a reviewer
released, never the working copy (DESIGN.md rule 9).

A release copies the working testimony, its segments with their tags, its
transcripts with their cues, its sealed ranges, its files' descriptions and
its interviewers into the released tables below (one SQL function,
``testimony_release``, migration 0015), where the disclosure rules read them.
The list row of the testimony (``TestimonyListing``) holds its released fields.

Closing does not wait: a withdrawal, a narrower consent, a closed segment, a
sealed range, an unpublished testimony, a removed partner or a deleted record
take effect at once, because the rules also read the live state and take the
narrower of the two (see ``testimony.disclosure``). Only what would show more
waits for the next release.

Released rows keep the ids of the working rows they copy, so that an outside
reference stays the same across releases. Nothing in Python writes them.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from testimony.models.consent import ConsentRecord
from testimony.models.facts import derived_reference
from testimony.models.listing import TestimonyListing
from testimony.models.testimonies import Testimony
from testimony.timecodes import TimecodeField


@tracked()
class Release(models.Model):
    testimony = models.ForeignKey(
        Testimony, on_delete=models.CASCADE, related_name="releases", verbose_name=_("testimony")
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    consent = models.ForeignKey(
        ConsentRecord,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("consent"),
        help_text=_("The consent version current when released."),
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released at"), default=timezone.now, editable=False)
    note = models.TextField(_("note"), blank=True, help_text=_("Staff only: the reviewer's note."))
    overrides = models.JSONField(
        _("overrides"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Names the guard found and the reviewer released anyway, with the reason."),
    )

    class Meta:
        ordering = ["testimony", "-number"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["testimony", "number"],
                name="release_number_unique",
                violation_error_message=_("This release number already exists."),
            )
        ]

    def __str__(self):
        return f"Release {self.number} of {self.testimony.catalogue_id}"


@tracked()
class SendBack(models.Model):
    """A reviewer's answer to a working copy that is not to be released as it is."""

    testimony = models.ForeignKey(
        Testimony,
        on_delete=models.CASCADE,
        related_name="send_backs",
        verbose_name=_("testimony"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)
    note = models.TextField(
        _("note"), help_text=_("Staff only: what to change before the release.")
    )

    class Meta:
        ordering = ["testimony", "-sent_at"]
        verbose_name = _("working copy sent back")
        verbose_name_plural = _("working copies sent back")

    def __str__(self):
        return f"{self.testimony.catalogue_id} sent back {self.sent_at:%Y-%m-%d}"


class ReleasedSegment(models.Model):
    id = models.BigIntegerField(primary_key=True, help_text="The working segment's id.")
    testimony = derived_reference(TestimonyListing, "released_segments")
    start = TimecodeField()
    end = TimecodeField()
    title = models.CharField(max_length=300)
    synopsis = models.TextField(blank=True)
    transcript_excerpt = models.TextField(blank=True)
    is_closed = models.BooleanField(default=False)
    keywords = ArrayField(models.CharField(max_length=100), default=list)
    # The segment's translations and links as released, each a list of objects
    # ({language, title, synopsis, keywords}; {url, text}): read with the segment.
    translations = models.JSONField(default=list)
    links = models.JSONField(default=list)
    subjects = models.ManyToManyField("catalog.Subject", related_name="+")
    places = models.ManyToManyField("catalog.Place", related_name="+")
    people = models.ManyToManyField("catalog.Person", related_name="+")

    class Meta:
        ordering = ["testimony", "start", "id"]
        indexes = [models.Index(fields=["testimony", "start"], name="released_segment_testimony")]

    def __str__(self):
        return self.title


class ReleasedTranscript(models.Model):
    id = models.BigIntegerField(primary_key=True, help_text="The working transcript's id.")
    testimony = derived_reference(TestimonyListing, "released_transcripts")
    language = models.CharField(max_length=12)
    translation_of = models.BigIntegerField(null=True)
    translator = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["testimony", "translation_of", "language"]
        indexes = [models.Index(fields=["testimony"], name="released_transcript_testimony")]

    def __str__(self):
        return self.language

    @property
    def translation_of_id(self):
        return self.translation_of


class ReleasedCue(models.Model):
    id = models.BigIntegerField(primary_key=True, help_text="The working cue's id.")
    transcript = derived_reference(ReleasedTranscript, "cues")
    start = TimecodeField()
    end = TimecodeField()
    speaker = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["transcript", "start", "id"]
        indexes = [models.Index(fields=["transcript", "start"], name="released_cue_transcript")]

    def __str__(self):
        return self.text[:60]


class ReleasedSealedRange(models.Model):
    id = models.BigIntegerField(primary_key=True, help_text="The working range's id.")
    testimony = derived_reference(TestimonyListing, "released_sealed_ranges")
    start = TimecodeField()
    end = TimecodeField()
    sealed_from = models.CharField(max_length=10)
    reopens_on = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["testimony"], name="released_sealed_testimony")]

    def __str__(self):
        return f"{self.start}-{self.end}"


class ReleasedMedia(models.Model):
    """A file as released: its description, and the checksum of the bytes that
    may leave (a file replaced since waits for the next release)."""

    id = models.BigIntegerField(primary_key=True, help_text="The working file's id.")
    testimony = derived_reference(TestimonyListing, "released_media")
    kind = models.CharField(max_length=10)
    description = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["testimony"], name="released_media_testimony")]

    def __str__(self):
        return f"{self.kind} {self.id}"
