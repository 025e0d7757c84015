"""The search index: one row per searchable record, derived from the catalogue.

Rows hold only the record's own text, never a consent-dependent choice (a
narrator's name is found through the person's own row, which the disclosure
rules show or hide when the search runs). Text a consent can withhold on a
visible record, a transcript, sits in its own column, searched only where the
rules open transcripts to the audience.

Testimonies, segments and transcripts are indexed as released (what outside
audiences search: the text a reviewer released) and as the working copy (what
staff search). Released entries also carry a copy of the facts the disclosure
rules read (from the testimony's list row: its effective status, collection
and consent; whether the segment is closed, live or as released), so that a
search checks each match by its own columns. The database keeps the copy: a
trigger fills it whenever an entry is written, and triggers on the list rows,
segments and closures rewrite the entries concerned, in the same transaction
as the change (migrations 0008, 0013 and 0015). Nothing in Python writes these
columns.
"""

from django.contrib.postgres.fields import ArrayField, DecimalRangeField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from testimony.models.facts import DisclosureFacts, NumericMultirangeField
from testimony.models.testimonies import Testimony


class SearchEntry(DisclosureFacts):
    class Kind(models.TextChoices):
        TESTIMONY = "testimony", _("testimony")
        SEGMENT = "segment", _("segment")
        PERSON = "person", _("person")
        PLACE = "place", _("place")
        ORGANISATION = "organisation", _("organisation")
        ARTICLE = "article", _("article")
        TRANSCRIPT = "transcript", _("transcript passage")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    record_id = models.BigIntegerField()
    # A transcript is indexed in passages split at every closed range's edges,
    # so that each passage is open or closed whole: ``part`` numbers them.
    part = models.PositiveIntegerField(default=0)
    # Testimonies, segments and transcripts are indexed twice: as released (what
    # outside audiences search) and as the working copy (what staff search).
    # People, places, organisations and articles have one entry, marked released.
    released = models.BooleanField(default=True)
    testimony = models.ForeignKey(
        Testimony, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "catalog.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    names = models.TextField(blank=True, help_text="Folded name variants, one per line.")
    name_keys = ArrayField(
        models.TextField(), default=list, blank=True, help_text="The same, for exact look-up."
    )
    title_document = SearchVectorField(null=True, help_text="The title alone, ranked first.")
    document = SearchVectorField(null=True)
    transcript_document = SearchVectorField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Kept by the database (see the module's docstring and DisclosureFacts); NULL
    # where not a testimony's or segment's entry.
    transcript_audience = models.CharField(max_length=8, null=True, editable=False)  # noqa: DJ001
    segment_closed = models.BooleanField(null=True, editable=False)
    # Where in the recording a segment or transcript passage lies (seconds; an
    # untimed transcript spans everything), and the testimony's closed ranges:
    # those closed to every outside audience for good, and whether others exist
    # that depend on the audience or the day (see ``disclosure.closed_ranges``).
    span = DecimalRangeField(null=True, editable=False)
    closed_for_all = NumericMultirangeField(null=True, editable=False)
    closures_vary = models.BooleanField(null=True, editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "part", "released"], name="search_entry_unique"
            )
        ]
        indexes = [
            # No pending list: each change is in the index when its transaction
            # commits, and the planner never has a backlog to price in.
            GinIndex(fields=["document"], name="search_document_gin", fastupdate=False),
            GinIndex(fields=["title_document"], name="search_title_gin", fastupdate=False),
            GinIndex(
                fields=["transcript_document"], name="search_transcript_gin", fastupdate=False
            ),
            GinIndex(
                OpClass("names", name="gin_trgm_ops"), name="search_names_trgm", fastupdate=False
            ),
            GinIndex(fields=["name_keys"], name="search_name_keys_gin", fastupdate=False),
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}"


class SearchText(models.Model):
    """An entry's text as written, read only for the snippets of a page of
    results. Kept apart so that the entries a common word matches, all ranked
    on every search, sit in as few pages as their text vectors allow."""

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="body"
    )
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    transcript = models.TextField(blank=True)

    def __str__(self):
        return self.title
