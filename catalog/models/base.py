"""Pieces shared by the catalogue's records."""

from django.db import models

from catalog.codes import language_field, script_field


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RomanisationSystem(models.TextChoices):
    NONE = "", "not a romanisation"
    MCCUNE_REISCHAUER = "mr", "McCune-Reischauer"
    REVISED_ROMANIZATION = "rr", "Revised Romanization"
    HEPBURN = "hepburn", "Hepburn"
    KUNREI = "kunrei", "Kunrei-shiki"
    YALE = "yale", "Yale"
    OTHER = "other", "other or informal"


class NameVariantBase(models.Model):
    """One written form of a name: its script, language and romanisation."""

    name = models.CharField(max_length=300)
    script = script_field()
    language = language_field(blank=True)
    romanisation = models.CharField(
        max_length=10, choices=RomanisationSystem.choices, blank=True, default=""
    )

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.name
