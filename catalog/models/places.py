"""Places, with their names in every script and romanisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from catalog.models.base import NameVariantBase, TimestampedModel, staff_notes


@tracked()
class Place(TimestampedModel):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        PROVINCE = "province", _("province or prefecture")
        COUNTY = "county", _("county")
        CITY = "city", _("city")
        TOWN = "town", _("town or village")
        DISTRICT = "district", _("district")
        PORT = "port", _("port")
        CAMP = "camp", _("camp")
        SITE = "site", _("site or building")
        OTHER = "other", _("other")

    name = models.CharField(_("preferred name"), max_length=300, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    notes = staff_notes()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(
                        latitude__isnull=False,
                        longitude__isnull=False,
                        latitude__gte=-90,
                        latitude__lte=90,
                        longitude__gte=-180,
                        longitude__lte=180,
                    )
                ),
                name="place_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="place_not_own_parent",
                violation_error_message=_("A place cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name


@tracked()
class PlaceName(NameVariantBase):
    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="names", verbose_name=_("place")
    )

    class Meta(NameVariantBase.Meta):
        verbose_name = _("place name variant")
        verbose_name_plural = _("place name variants")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "name"],
                name="place_name_unique",
                violation_error_message=_("This place already has this name."),
            ),
        ]
