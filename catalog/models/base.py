"""Pieces shared by the catalogue's records."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.codes import language_field, script_field

# One convention for what never leaves the archive: a field whose help text
# starts with STAFF_ONLY (every ``notes`` field, every reason for closing) is
# read by no presenter, and the canary crawl fills each one
# (tests/api/test_canary_crawl.py checks it knows them all). Help texts are
# translated: the convention reads them in English.
STAFF_ONLY = "Staff only"


def staff_notes() -> models.TextField:
    return models.TextField(_("notes"), blank=True, help_text=_("Staff only: never shown outside."))


def is_staff_only(field) -> bool:
    """Whether the field's help text marks it staff only, whatever language is active."""
    with translation.override("en"):
        return str(field.help_text).startswith(STAFF_ONLY)


def staff_only_fields() -> list[tuple[str, str]]:
    """(model label, field name) of every staff-only field of the catalogue."""
    from django.apps import apps

    return sorted(
        (model._meta.label, field.name)
        for app in ("catalog", "testimony")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if is_staff_only(field) and not model._meta.label.endswith("Event")
    )


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class RomanisationSystem(models.TextChoices):
    NONE = "", _("not a romanisation")
    MCCUNE_REISCHAUER = "mr", "McCune-Reischauer"
    REVISED_ROMANIZATION = "rr", _("Revised Romanization")
    HEPBURN = "hepburn", "Hepburn"
    KUNREI = "kunrei", "Kunrei-shiki"
    YALE = "yale", "Yale"
    OTHER = "other", _("other or informal")


class NameVariantBase(models.Model):
    """One written form of a name: its script, language and romanisation."""

    name = models.CharField(_("name"), max_length=300)
    script = script_field()
    language = language_field(blank=True)
    romanisation = models.CharField(
        _("romanisation"), max_length=10, choices=RomanisationSystem.choices, blank=True, default=""
    )

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.name
