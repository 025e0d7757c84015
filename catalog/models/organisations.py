"""Organisations: Red Cross societies, governments, outlets, archives."""

from django.db import models

from catalog.history import tracked
from catalog.models.base import NameVariantBase, TimestampedModel, staff_notes


@tracked()
class Organisation(TimestampedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "government or state body"
        RED_CROSS = "red_cross", "Red Cross movement"
        POLITICAL = "political", "political organisation"
        COMMUNITY = "community", "community organisation"
        NGO = "ngo", "non-governmental organisation"
        MEDIA = "media", "news or media outlet"
        ACADEMIC = "academic", "academic institution or journal"
        ARCHIVE = "archive", "archive or museum"
        OTHER = "other", "other"

    name = models.CharField("preferred name", max_length=300, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    url = models.URLField("web site", blank=True)
    notes = staff_notes()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


@tracked()
class OrganisationName(NameVariantBase):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")

    class Meta(NameVariantBase.Meta):
        verbose_name = "organisation name variant"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="organisation_name_unique",
                violation_error_message="This organisation already has this name.",
            ),
        ]
