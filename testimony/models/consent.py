"""Consent records: versioned, never overwritten.

Recording a new consent (``testimony.services.record_consent``) makes it the
current one and marks the previous one superseded; the database keeps at most
one current consent per testimony, and each record is superseded at most once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history import track_m2m, tracked
from catalog.models.base import staff_notes
from testimony.models.collections import PartnerOrganisation
from testimony.models.testimonies import Testimony


class Access(models.TextChoices):
    CLOSED = "closed", _("closed")
    NAMED_PARTNERS = "named_partners", _("named partners only")
    ALL_PARTNERS = "all_partners", _("all partners")
    PUBLIC = "public", _("public")


class NameDisclosure(models.TextChoices):
    REAL_NAME = "real_name", _("real name")
    PSEUDONYM = "pseudonym", _("pseudonym")
    ANONYMOUS = "anonymous", _("anonymous")


class MediaAudience(models.TextChoices):
    NONE = "none", _("no one outside")
    PARTNERS = "partners", _("partners")
    PUBLIC = "public", _("public")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("written form")
    ORAL = "oral", _("recorded orally")
    ELECTRONIC = "electronic", _("electronic form")
    PROXY = "proxy", _("given by a representative")


def _audience_field(label):
    return models.CharField(
        label, max_length=10, choices=MediaAudience.choices, default=MediaAudience.NONE
    )


@tracked()
class ConsentRecord(models.Model):
    testimony = models.ForeignKey(
        Testimony, on_delete=models.PROTECT, related_name="consents", verbose_name=_("testimony")
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    is_current = models.BooleanField(
        _("current"),
        default=False,
        editable=False,
        help_text=_("Set when a new version is recorded."),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    given_on = models.DateField(_("consent given on"))
    method = models.CharField(_("method"), max_length=12, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    access = models.CharField(
        _("access"), max_length=16, choices=Access.choices, default=Access.CLOSED
    )
    partners = models.ManyToManyField(
        PartnerOrganisation,
        blank=True,
        related_name="consents",
        verbose_name=_("partners"),
        help_text=_("With “named partners only”: the partners that may read this testimony."),
    )
    embargo_until = models.DateField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_("Closed to everyone outside until this date."),
    )
    name_disclosure = models.CharField(
        _("narrator's name"),
        max_length=10,
        choices=NameDisclosure.choices,
        default=NameDisclosure.ANONYMOUS,
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=200, blank=True)
    audio = _audience_field(_("audio"))
    video = _audience_field(_("video"))
    transcript = _audience_field(_("transcripts"))
    photos = _audience_field(_("photos"))
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("Withdrawn: the testimony disappears from every outside response."),
    )
    withdrawal_reason = models.TextField(
        _("withdrawal reason"), blank=True, help_text=_("Staff only.")
    )
    notes = staff_notes()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["testimony", "-version"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(
                fields=["testimony", "version"],
                name="consent_version_unique",
                violation_error_message=_("This consent version already exists."),
            ),
            models.UniqueConstraint(
                fields=["testimony"],
                condition=models.Q(is_current=True),
                name="consent_one_current",
                violation_error_message=_(
                    "This testimony already has a current consent record; "
                    "record a new version instead, which supersedes it."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(name_disclosure=NameDisclosure.PSEUDONYM)
                | ~models.Q(pseudonym=""),
                name="consent_pseudonym_given",
                violation_error_message=_("Give the pseudonym the narrator chose."),
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn=False) | models.Q(access=Access.CLOSED),
                name="consent_withdrawn_is_closed",
                violation_error_message=_("A withdrawn consent must set access to closed."),
            ),
        ]

    def __str__(self):
        state = _("withdrawn") if self.withdrawn else self.get_access_display()
        return _("Consent v%(version)s for %(testimony)s (%(state)s)") % {
            "version": self.version,
            "testimony": self.testimony.catalogue_id,
            "state": state,
        }


track_m2m(ConsentRecord.partners.field)
