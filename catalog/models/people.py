"""People: the authority records for narrators, relatives and public figures."""

from django.db import models

from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import tracked
from catalog.models.base import NameVariantBase, TimestampedModel, staff_notes


@tracked()
class Person(UncertainDatesModel, TimestampedModel):
    preferred_name = models.CharField(max_length=300, db_index=True)
    birth, birth_earliest, birth_latest = uncertain_date("birth")
    death, death_earliest, death_latest = uncertain_date("death")
    is_public_figure = models.BooleanField(
        "public figure",
        default=False,
        help_text="Politicians, officials and others whose names are historical record.",
    )
    has_own_consent = models.BooleanField(
        "consented to be named",
        default=False,
        help_text="This person has consented, themselves, to be named, located and shown. "
        "Without it, a relative in North Korea or of unknown whereabouts is never identified.",
    )
    own_consent_date = models.DateField("date of own consent", null=True, blank=True)
    is_fictional = models.BooleanField(
        "fictional (demo record)", default=False, help_text="A made-up person for demonstration."
    )
    notes = staff_notes()

    class Meta:
        ordering = ["preferred_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_own_consent=False)
                | models.Q(own_consent_date__isnull=False),
                name="person_own_consent_dated",
                violation_error_message="Give the date on which the person consented.",
            ),
        ]

    def __str__(self):
        return self.preferred_name


@tracked()
class PersonName(NameVariantBase):
    class Kind(models.TextChoices):
        KOREAN = "korean", "Korean name"
        JAPANESE_PASS = "tsumei", "Japanese pass name (tsūmei)"
        JAPANESE = "japanese", "Japanese name"
        MARRIED = "married", "married name"
        ROMANISED = "romanised", "romanisation"
        ALIAS = "alias", "alias or other name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta(NameVariantBase.Meta):
        verbose_name = "name variant"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name", "kind"],
                name="person_name_unique",
                violation_error_message="This person already has this name of this kind.",
            ),
        ]
