"""People: the authority records for narrators, relatives and public figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import tracked
from catalog.models.base import NameVariantBase, TimestampedModel, staff_notes


@tracked()
class Person(UncertainDatesModel, TimestampedModel):
    preferred_name = models.CharField(_("preferred name"), max_length=300, db_index=True)
    birth, birth_earliest, birth_latest = uncertain_date(_("birth"))
    death, death_earliest, death_latest = uncertain_date(_("death"))
    is_public_figure = models.BooleanField(
        _("public figure"),
        default=False,
        help_text=_("Politicians, officials and others whose names are historical record."),
    )
    has_own_consent = models.BooleanField(
        _("consented to be named"),
        default=False,
        help_text=_(
            "This person has consented, themselves, to be named, located and shown. "
            "Without it, a relative in North Korea or of unknown whereabouts is never "
            "identified."
        ),
    )
    own_consent_date = models.DateField(_("date of own consent"), null=True, blank=True)
    is_fictional = models.BooleanField(
        _("fictional (demo record)"),
        default=False,
        help_text=_("A made-up person for demonstration."),
    )
    notes = staff_notes()

    class Meta:
        ordering = ["preferred_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(has_own_consent=False)
                | models.Q(own_consent_date__isnull=False),
                name="person_own_consent_dated",
                violation_error_message=_("Give the date on which the person consented."),
            ),
        ]

    def __str__(self):
        return self.preferred_name


@tracked()
class PersonName(NameVariantBase):
    class Kind(models.TextChoices):
        KOREAN = "korean", _("Korean name")
        JAPANESE_PASS = "tsumei", _("Japanese pass name (tsūmei)")
        JAPANESE = "japanese", _("Japanese name")
        MARRIED = "married", _("married name")
        ROMANISED = "romanised", _("romanisation")
        ALIAS = "alias", _("alias or other name")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="names", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta(NameVariantBase.Meta):
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name", "kind"],
                name="person_name_unique",
                violation_error_message=_("This person already has this name of this kind."),
            ),
        ]
