"""Each testimony's list row, ready to send: the precomputed, redacted
projection DESIGN.md foresees for lists.

``row`` is the JSON object the API lists for the testimony, already redacted
for every outside audience: a list row holds nothing that differs between the
public and a partner once the row may be seen at all (the narrator is named,
pseudonymous or absent by the consent alone). Whether it may be seen is
decided when a list is read, by the disclosure rules on the copied facts
(``DisclosureFacts``) and on today's date (embargoes end without a write).

The database keeps every row: ``testimony_listing_refresh(ids)`` (migration
0012) rewrites the rows of the testimonies named, and triggers call it in the
same transaction as any change to a testimony, its current consent or that
consent's partners, its narrator's name, its place's name or its collection.
Nothing in Python writes this table.
"""

from django.db import models

from testimony.models.facts import DisclosureFacts


class TestimonyListing(DisclosureFacts):
    id = models.BigIntegerField(primary_key=True, help_text="The testimony's id.")
    catalogue_id = models.CharField(max_length=40, editable=False)
    recorded_earliest = models.DateField(null=True, editable=False)
    updated_at = models.DateTimeField(editable=False)
    changed_at = models.DateTimeField(
        null=True,
        editable=False,
        help_text="The last change to the testimony or anything that leaves with it "
        "(segments, transcripts, cues, sealed ranges): what the change feed asks.",
    )
    row = models.TextField(editable=False, help_text="The redacted list row, as JSON.")

    class Meta:
        indexes = [
            models.Index(fields=["updated_at", "id"], name="listing_updated"),
            models.Index(fields=["recorded_earliest", "id"], name="listing_recorded"),
            models.Index(fields=["catalogue_id"], name="listing_catalogue_id"),
            models.Index(fields=["changed_at"], name="listing_changed"),
        ]

    def __str__(self):
        return self.catalogue_id
