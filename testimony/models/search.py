"""The search index: one row per searchable record, derived from the catalogue.

Rows hold only the record's own text, never a consent-dependent choice (a
narrator's name is found through the person's own row, which the disclosure
rules show or hide when the search runs). Text a consent can withhold on a
visible record, a transcript, sits in its own column, searched only where the
rules open transcripts to the audience.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from testimony.models.testimonies import Testimony


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        TESTIMONY = "testimony", "testimony"
        SEGMENT = "segment", "segment"
        PERSON = "person", "person"
        PLACE = "place", "place"
        ORGANISATION = "organisation", "organisation"
        ARTICLE = "article", "article"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    record_id = models.BigIntegerField()
    testimony = models.ForeignKey(
        Testimony, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "catalog.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    transcript = models.TextField(blank=True)
    names = models.TextField(blank=True, help_text="Folded name variants, one per line.")
    document = SearchVectorField(null=True)
    transcript_document = SearchVectorField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="search_entry_unique")
        ]
        indexes = [
            # No pending list: each change is in the index when its transaction
            # commits, and the planner never has a backlog to price in.
            GinIndex(fields=["document"], name="search_document_gin", fastupdate=False),
            GinIndex(
                fields=["transcript_document"], name="search_transcript_gin", fastupdate=False
            ),
            GinIndex(
                OpClass("names", name="gin_trgm_ops"), name="search_names_trgm", fastupdate=False
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}: {self.title}"
