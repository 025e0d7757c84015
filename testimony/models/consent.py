"""Consent records: versioned, never overwritten.

Recording a new consent (``testimony.services.record_consent``) makes it the
current one and marks the previous one superseded; the database keeps at most
one current consent per testimony, and each record is superseded at most once.
"""

from django.conf import settings
from django.db import models

from catalog.history import track_m2m, tracked
from catalog.models.base import staff_notes
from testimony.models.collections import PartnerOrganisation
from testimony.models.testimonies import Testimony


class Access(models.TextChoices):
    CLOSED = "closed", "closed"
    NAMED_PARTNERS = "named_partners", "named partners only"
    ALL_PARTNERS = "all_partners", "all partners"
    PUBLIC = "public", "public"


class NameDisclosure(models.TextChoices):
    REAL_NAME = "real_name", "real name"
    PSEUDONYM = "pseudonym", "pseudonym"
    ANONYMOUS = "anonymous", "anonymous"


class MediaAudience(models.TextChoices):
    NONE = "none", "no one outside"
    PARTNERS = "partners", "partners"
    PUBLIC = "public", "public"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "written form"
    ORAL = "oral", "recorded orally"
    ELECTRONIC = "electronic", "electronic form"
    PROXY = "proxy", "given by a representative"


def _audience_field(label: str):
    return models.CharField(
        label, max_length=10, choices=MediaAudience.choices, default=MediaAudience.NONE
    )


@tracked()
class ConsentRecord(models.Model):
    testimony = models.ForeignKey(Testimony, on_delete=models.PROTECT, related_name="consents")
    version = models.PositiveIntegerField(editable=False)
    is_current = models.BooleanField(
        "current", default=False, editable=False, help_text="Set by record_consent."
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="superseded_by",
    )
    given_on = models.DateField("consent given on")
    method = models.CharField(max_length=12, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    access = models.CharField(max_length=16, choices=Access.choices, default=Access.CLOSED)
    partners = models.ManyToManyField(
        PartnerOrganisation,
        blank=True,
        related_name="consents",
        help_text="With “named partners only”: the partners that may read this testimony.",
    )
    embargo_until = models.DateField(
        null=True, blank=True, help_text="Closed to everyone outside until this date."
    )
    name_disclosure = models.CharField(
        "narrator's name",
        max_length=10,
        choices=NameDisclosure.choices,
        default=NameDisclosure.ANONYMOUS,
    )
    pseudonym = models.CharField(max_length=200, blank=True)
    audio = _audience_field("audio")
    video = _audience_field("video")
    transcript = _audience_field("transcripts")
    photos = _audience_field("photos")
    withdrawn = models.BooleanField(
        default=False, help_text="Withdrawn: the testimony disappears from every outside response."
    )
    withdrawal_reason = models.TextField(blank=True, help_text="Staff only.")
    notes = staff_notes()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["testimony", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(
                fields=["testimony", "version"],
                name="consent_version_unique",
                violation_error_message="This consent version already exists.",
            ),
            models.UniqueConstraint(
                fields=["testimony"],
                condition=models.Q(is_current=True),
                name="consent_one_current",
                violation_error_message="This testimony already has a current consent record; "
                "record a new version instead, which supersedes it.",
            ),
            models.CheckConstraint(
                condition=~models.Q(name_disclosure=NameDisclosure.PSEUDONYM)
                | ~models.Q(pseudonym=""),
                name="consent_pseudonym_given",
                violation_error_message="Give the pseudonym the narrator chose.",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn=False) | models.Q(access=Access.CLOSED),
                name="consent_withdrawn_is_closed",
                violation_error_message="A withdrawn consent must set access to closed.",
            ),
        ]

    def __str__(self):
        state = "withdrawn" if self.withdrawn else self.get_access_display()
        return f"Consent v{self.version} for {self.testimony.catalogue_id} ({state})"


track_m2m(ConsentRecord.partners.field)
