"""Each released testimony as outside audiences read it: the precomputed,
redacted projection DESIGN.md foresees, and the released state of the
testimony's own fields (see ``testimony.models.releases``).

A release writes the released fields (title, summary, narrator, dates, place,
languages, duration, collection, interviewers, the consent version released);
the database keeps the rest. ``facts`` are the narrower of the released consent
and the current one, field by field (``DisclosureFacts``, plus the name and
media choices), and ``status`` is "published" only while the working testimony
is published too: closing never waits for a release. ``row`` is the JSON
object the API lists, already redacted for every outside audience (the
narrator named, pseudonymous or absent by the effective consent alone).
Whether a row may be seen is decided when it is read, by the disclosure rules
on the copied facts and today's date (embargoes end without a write).

``testimony_listing_refresh(ids)`` (migrations 0012 and 0015) rewrites the
facts and the row; triggers call it in the same transaction as any change to a
testimony's status, its consent, that consent's partners, its narrator's
name, its place's name or its collection, however it is made. A testimony
unpublished or deleted keeps its row, closed, for the change feed's deletions.
Nothing in Python writes this table.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from catalog.edtf import uncertain_date
from testimony.models.facts import DisclosureFacts, derived_reference
from testimony.timecodes import TimecodeField


def _reference(to, **options) -> models.ForeignKey:
    return derived_reference(to, null=True, **options)


class TestimonyListing(DisclosureFacts):
    id = models.BigIntegerField(primary_key=True, help_text="The testimony's id.")
    release = _reference("testimony.Release", db_index=False)
    released_at = models.DateTimeField(null=True, editable=False)
    # The released fields.
    catalogue_id = models.CharField(max_length=40, editable=False)
    title = models.CharField(max_length=300, blank=True, editable=False)
    narrator = _reference("catalog.Person")
    recorded, recorded_earliest, recorded_latest = uncertain_date("recorded")
    place = _reference("catalog.Place")
    languages = ArrayField(models.CharField(max_length=12), default=list, editable=False)
    duration = TimecodeField(null=True, editable=False)
    summary = models.TextField(blank=True, editable=False)
    rights_statement = models.URLField(blank=True, editable=False)
    # The collection as released; ``collection`` (a fact) is it only while the
    # working testimony is still in it: a move reaches a scoped partner on release.
    released_collection = _reference("testimony.Collection")
    interviewers = models.ManyToManyField("catalog.Person", related_name="+")
    consent = _reference("testimony.ConsentRecord", db_index=False)
    released_consent = models.JSONField(
        null=True,
        editable=False,
        help_text="The released consent's choices as they were when released (access, "
        "partners, name, media, embargo, withdrawal): the other side of the narrower.",
    )
    # The effective consent beside DisclosureFacts: the narrower of both.
    name_disclosure = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001
    pseudonym = models.CharField(max_length=200, blank=True, editable=False)
    audio_audience = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001
    video_audience = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001
    transcript_audience = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001
    photo_audience = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001
    public_from = models.DateField(
        null=True,
        editable=False,
        help_text="The first day the public could read it: the public change feed lists "
        "its deletion only from then on.",
    )
    updated_at = models.DateTimeField(editable=False)
    changed_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text="The last change to the testimony or anything that leaves with it "
        "(segments, transcripts, cues, sealed ranges): what the change feed asks.",
    )
    row = models.TextField(editable=False, help_text="The redacted list row, as JSON.")
    # The detail's parts as each outside audience receives them, kept once made
    # (``disclosure.present_testimonies``): people as ids, decided when read.
    # The database empties both, and counts a new version, whenever a release,
    # a closure or a change of the facts could change them; a copy made from an
    # older version is never written (see ``disclosure._keep_details``).
    public_detail = models.TextField(null=True, editable=False)  # noqa: DJ001
    partner_detail = models.TextField(null=True, editable=False)  # noqa: DJ001
    details_until = models.DateField(
        null=True, editable=False, help_text="The kept details hold until this day (a reopening)."
    )
    details_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["updated_at", "id"], name="listing_updated"),
            models.Index(fields=["recorded_earliest", "id"], name="listing_recorded"),
            models.Index(fields=["catalogue_id"], name="listing_catalogue_id"),
            models.Index(fields=["changed_at"], name="listing_changed"),
            models.Index(fields=["narrator"], name="listing_narrator"),
        ]

    def __str__(self):
        return self.catalogue_id
