"""Subject terms: a small thesaurus with multilingual labels and broader terms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.codes import language_field
from catalog.history import tracked
from catalog.models.base import TimestampedModel


@tracked()
class Subject(TimestampedModel):
    label = models.CharField(_("preferred label (English)"), max_length=200, unique=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader term"),
    )
    scope_note = models.TextField(_("scope note"), blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(broader=models.F("id")),
                name="subject_not_own_broader",
                violation_error_message=_("A subject cannot be its own broader term."),
            ),
        ]

    def __str__(self):
        return self.label


@tracked()
class SubjectLabel(models.Model):
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="labels", verbose_name=_("subject")
    )
    label = models.CharField(_("label"), max_length=200)
    language = language_field()

    class Meta:
        ordering = ["language", "label"]
        verbose_name = _("subject label")
        verbose_name_plural = _("subject labels")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "language", "label"],
                name="subject_label_unique",
                violation_error_message=_("This subject already has this label in this language."),
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.language})"
