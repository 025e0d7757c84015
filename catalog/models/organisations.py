"""Organisations: Red Cross societies, governments, outlets, archives."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from catalog.models.base import NameVariantBase, TimestampedModel, staff_notes


@tracked()
class Organisation(TimestampedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government or state body")
        RED_CROSS = "red_cross", _("Red Cross movement")
        POLITICAL = "political", _("political organisation")
        COMMUNITY = "community", _("community organisation")
        NGO = "ngo", _("non-governmental organisation")
        MEDIA = "media", _("news or media outlet")
        ACADEMIC = "academic", _("academic institution or journal")
        ARCHIVE = "archive", _("archive or museum")
        OTHER = "other", _("other")

    name = models.CharField(_("preferred name"), max_length=300, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    url = models.URLField(_("web site"), blank=True)
    notes = staff_notes()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


@tracked()
class OrganisationName(NameVariantBase):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="names",
        verbose_name=_("organisation"),
    )

    class Meta(NameVariantBase.Meta):
        verbose_name = _("organisation name variant")
        verbose_name_plural = _("organisation name variants")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="organisation_name_unique",
                violation_error_message=_("This organisation already has this name."),
            ),
        ]
