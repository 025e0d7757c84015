"""Returnees: people who went from Japan to North Korea, their voyages and lives."""

from django.db import models

from catalog.edtf import UncertainDatesModel, uncertain_date
from catalog.history import track_m2m, tracked
from catalog.models.base import TimestampedModel, staff_notes
from catalog.models.people import Person
from catalog.models.places import Place
from catalog.models.sources import SourceArticle


@tracked()
class Voyage(UncertainDatesModel, TimestampedModel):
    number = models.PositiveIntegerField("voyage number", unique=True)
    ship = models.CharField("ship", max_length=200, blank=True)
    departed, departed_earliest, departed_latest = uncertain_date("departed")
    arrived, arrived_earliest, arrived_latest = uncertain_date("arrived")
    departure_port = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrival_port = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    passengers = models.PositiveIntegerField(null=True, blank=True)
    sources = models.ManyToManyField(SourceArticle, blank=True, related_name="voyages")
    notes = staff_notes()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Voyage {self.number}" + (f" ({self.ship})" if self.ship else "")


class Fate(models.TextChoices):
    IN_NORTH_KOREA = "in_nk", "still in North Korea"
    DIED_IN_NORTH_KOREA = "died_nk", "died in North Korea"
    ESCAPED_TO_JAPAN = "escaped_jp", "escaped to Japan"
    ESCAPED_TO_SOUTH_KOREA = "escaped_kr", "escaped to South Korea"
    UNKNOWN = "unknown", "unknown"


@tracked()
class Returnee(UncertainDatesModel, TimestampedModel):
    class Status(models.TextChoices):
        KOREAN_RESIDENT = "korean", "Korean resident of Japan"
        JAPANESE_SPOUSE = "jp_spouse", "Japanese spouse"
        JAPANESE_NATIONAL = "jp_national", "other Japanese national"
        CHILD = "child", "child travelling with family"
        OTHER = "other", "other"
        UNKNOWN = "unknown", "unknown"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="returnee")
    voyage = models.ForeignKey(
        Voyage, on_delete=models.PROTECT, null=True, blank=True, related_name="returnees"
    )
    departed, departed_earliest, departed_latest = uncertain_date("departed")
    departure_port = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrival_port = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status_at_departure = models.CharField(
        "nationality or status at departure",
        max_length=12,
        choices=Status.choices,
        default=Status.UNKNOWN,
    )
    fate = models.CharField(
        "what became of them", max_length=12, choices=Fate.choices, default=Fate.UNKNOWN
    )
    notes = staff_notes()

    class Meta:
        ordering = ["person__preferred_name", "id"]

    def __str__(self):
        return f"{self.person} (returnee)"


@tracked()
class LifeEvent(UncertainDatesModel):
    class Kind(models.TextChoices):
        ARRIVAL = "arrival", "arrival"
        RESIDENCE = "residence", "lived at"
        WORK = "work", "work or study"
        RELOCATION = "relocation", "forced relocation"
        LABOUR_CAMP = "labour_camp", "labour camp"
        IMPRISONMENT = "imprisonment", "imprisonment"
        ESCAPE = "escape", "escape"
        RESETTLEMENT = "resettlement", "resettlement"
        DEATH = "death", "death"
        OTHER = "other", "other"

    returnee = models.ForeignKey(Returnee, on_delete=models.CASCADE, related_name="life_events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date, date_earliest, date_latest = uncertain_date("date")
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="life_events"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["date_earliest", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}".strip()


track_m2m(Voyage.sources.field)
