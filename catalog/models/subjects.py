"""Subject terms: a small thesaurus with multilingual labels and broader terms."""

from django.db import models

from catalog.codes import language_field
from catalog.history import tracked
from catalog.models.base import TimestampedModel


@tracked()
class Subject(TimestampedModel):
    label = models.CharField("preferred label (English)", max_length=200, unique=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name="broader term",
    )
    scope_note = models.TextField(blank=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(broader=models.F("id")),
                name="subject_not_own_broader",
                violation_error_message="A subject cannot be its own broader term.",
            ),
        ]

    def __str__(self):
        return self.label


@tracked()
class SubjectLabel(models.Model):
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="labels")
    label = models.CharField(max_length=200)
    language = language_field()

    class Meta:
        ordering = ["language", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "language", "label"],
                name="subject_label_unique",
                violation_error_message="This subject already has this label in this language.",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.language})"
