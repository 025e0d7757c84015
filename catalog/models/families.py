"""Families split across Japan, North Korea and South Korea."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.codes import country_field
from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import tracked
from catalog.models.base import TimestampedModel, staff_notes
from catalog.models.people import Person
from catalog.models.places import Place


@tracked()
class Family(TimestampedModel):
    name = models.CharField(
        _("name"), max_length=300, help_text=_("A working name for the family group.")
    )
    is_fictional = models.BooleanField(_("fictional (demo record)"), default=False)
    notes = staff_notes()
    members = models.ManyToManyField(
        Person, through="FamilyMember", related_name="families", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self):
        return self.name


@tracked()
class FamilyMember(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("family")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["family", "id"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                name="family_member_unique",
                violation_error_message=_("This person is already a member of this family."),
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.family}"


@tracked()
class Relationship(models.Model):
    """``person`` is the ``kind`` of ``relative``: A is the *parent* of B."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("spouse of")
        PARENT = "parent", _("parent of")
        CHILD = "child", _("child of")
        SIBLING = "sibling", _("sibling of")
        GRANDPARENT = "grandparent", _("grandparent of")
        GRANDCHILD = "grandchild", _("grandchild of")
        AUNT_UNCLE = "aunt_uncle", _("aunt or uncle of")
        NIECE_NEPHEW = "niece_nephew", _("niece or nephew of")
        COUSIN = "cousin", _("cousin of")
        IN_LAW = "in_law", _("in-law of")
        OTHER = "other", _("other relative of")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="relationships", verbose_name=_("family")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    relative = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("relative")
    )

    class Meta:
        ordering = ["family", "id"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")),
                name="relationship_not_self",
                violation_error_message=_("A person cannot be their own relative."),
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "relative"],
                name="relationship_unique",
                violation_error_message=_("This relationship is already recorded."),
            ),
        ]

    def __str__(self):
        return _("%(person)s is %(kind)s %(relative)s") % {
            "person": self.person,
            "kind": self.get_kind_display(),
            "relative": self.relative,
        }


@tracked()
class Residence(UncertainDatesModel):
    """Where a person lives or lived, as far as known. An empty country is unknown."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="residences", verbose_name=_("person")
    )
    country = country_field()
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("place"),
    )
    period, period_earliest, period_latest = uncertain_date(_("period"))
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The latest known residence.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["person", "period_earliest", "id"]
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_current=True),
                name="residence_one_current",
                violation_error_message=_(
                    "This person already has a current residence; untick it there first."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.country or 'unknown'} {self.period}".strip()
