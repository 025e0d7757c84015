"""Families split across Japan, North Korea and South Korea."""

from django.db import models

from catalog.codes import country_field
from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import tracked
from catalog.models.base import TimestampedModel, staff_notes
from catalog.models.people import Person
from catalog.models.places import Place


@tracked()
class Family(TimestampedModel):
    name = models.CharField(max_length=300, help_text="A working name for the family group.")
    is_fictional = models.BooleanField("fictional (demo record)", default=False)
    notes = staff_notes()
    members = models.ManyToManyField(Person, through="FamilyMember", related_name="families")

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "families"

    def __str__(self):
        return self.name


@tracked()
class FamilyMember(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["family", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                name="family_member_unique",
                violation_error_message="This person is already a member of this family.",
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.family}"


@tracked()
class Relationship(models.Model):
    """``person`` is the ``kind`` of ``relative``: A is the *parent* of B."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", "spouse of"
        PARENT = "parent", "parent of"
        CHILD = "child", "child of"
        SIBLING = "sibling", "sibling of"
        GRANDPARENT = "grandparent", "grandparent of"
        GRANDCHILD = "grandchild", "grandchild of"
        AUNT_UNCLE = "aunt_uncle", "aunt or uncle of"
        NIECE_NEPHEW = "niece_nephew", "niece or nephew of"
        COUSIN = "cousin", "cousin of"
        IN_LAW = "in_law", "in-law of"
        OTHER = "other", "other relative of"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="relationships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["family", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")),
                name="relationship_not_self",
                violation_error_message="A person cannot be their own relative.",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "relative"],
                name="relationship_unique",
                violation_error_message="This relationship is already recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.person} is {self.get_kind_display()} {self.relative}"


@tracked()
class Residence(UncertainDatesModel):
    """Where a person lives or lived, as far as known. An empty country is unknown."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    country = country_field()
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="residents"
    )
    period, period_earliest, period_latest = uncertain_date("period")
    is_current = models.BooleanField(
        "current", default=False, help_text="The latest known residence."
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["person", "period_earliest", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_current=True),
                name="residence_one_current",
                violation_error_message="This person already has a current residence; "
                "untick it there first.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.country or 'unknown'} {self.period}".strip()
