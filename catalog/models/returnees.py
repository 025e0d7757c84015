"""Returnees: people who went from Japan to North Korea, their voyages and lives."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import track_m2m, tracked
from catalog.models.base import TimestampedModel, staff_notes
from catalog.models.people import Person
from catalog.models.places import Place
from catalog.models.sources import SourceArticle


def port_field(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


@tracked()
class Voyage(UncertainDatesModel, TimestampedModel):
    number = models.PositiveIntegerField(_("voyage number"), unique=True)
    ship = models.CharField(_("ship"), max_length=200, blank=True)
    departed, departed_earliest, departed_latest = uncertain_date(_("departed"))
    arrived, arrived_earliest, arrived_latest = uncertain_date(_("arrived"))
    departure_port = port_field(_("departure port"))
    arrival_port = port_field(_("arrival port"))
    passengers = models.PositiveIntegerField(_("passengers"), null=True, blank=True)
    sources = models.ManyToManyField(
        SourceArticle, blank=True, related_name="voyages", verbose_name=_("sources")
    )
    notes = staff_notes()

    class Meta:
        ordering = ["number"]
        verbose_name = _("voyage")
        verbose_name_plural = _("voyages")

    def __str__(self):
        if self.ship:
            return _("Voyage %(number)s (%(ship)s)") % {"number": self.number, "ship": self.ship}
        return _("Voyage %(number)s") % {"number": self.number}


class Fate(models.TextChoices):
    IN_NORTH_KOREA = "in_nk", _("still in North Korea")
    DIED_IN_NORTH_KOREA = "died_nk", _("died in North Korea")
    ESCAPED_TO_JAPAN = "escaped_jp", _("escaped to Japan")
    ESCAPED_TO_SOUTH_KOREA = "escaped_kr", _("escaped to South Korea")
    UNKNOWN = "unknown", _("unknown")


@tracked()
class Returnee(UncertainDatesModel, TimestampedModel):
    class Status(models.TextChoices):
        KOREAN_RESIDENT = "korean", _("Korean resident of Japan")
        JAPANESE_SPOUSE = "jp_spouse", _("Japanese spouse")
        JAPANESE_NATIONAL = "jp_national", _("other Japanese national")
        CHILD = "child", _("child travelling with family")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("unknown")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="returnee", verbose_name=_("person")
    )
    voyage = models.ForeignKey(
        Voyage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returnees",
        verbose_name=_("voyage"),
    )
    departed, departed_earliest, departed_latest = uncertain_date(_("departed"))
    departure_port = port_field(_("departure port"))
    arrival_port = port_field(_("arrival port"))
    status_at_departure = models.CharField(
        _("nationality or status at departure"),
        max_length=12,
        choices=Status.choices,
        default=Status.UNKNOWN,
    )
    fate = models.CharField(
        _("what became of them"), max_length=12, choices=Fate.choices, default=Fate.UNKNOWN
    )
    notes = staff_notes()

    class Meta:
        ordering = ["person__preferred_name", "id"]
        verbose_name = _("returnee")
        verbose_name_plural = _("returnees")

    def __str__(self):
        return _("%(person)s (returnee)") % {"person": self.person}


@tracked()
class LifeEvent(UncertainDatesModel):
    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("arrival")
        RESIDENCE = "residence", _("lived at")
        WORK = "work", _("work or study")
        RELOCATION = "relocation", _("forced relocation")
        LABOUR_CAMP = "labour_camp", _("labour camp")
        IMPRISONMENT = "imprisonment", _("imprisonment")
        ESCAPE = "escape", _("escape")
        RESETTLEMENT = "resettlement", _("resettlement")
        DEATH = "death", _("death")
        OTHER = "other", _("other")

    returnee = models.ForeignKey(
        Returnee, on_delete=models.CASCADE, related_name="life_events", verbose_name=_("returnee")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date, date_earliest, date_latest = uncertain_date(_("date"))
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="life_events",
        verbose_name=_("place"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["date_earliest", "id"]
        verbose_name = _("life event")
        verbose_name_plural = _("life events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}".strip()


track_m2m(Voyage.sources.field)
