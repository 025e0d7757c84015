"""Collections of testimony, and the partner organisations that read them."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history import track_m2m, tracked
from catalog.models import Organisation


@tracked()
class Collection(models.Model):
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Short code, e.g. niigata-1959.")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    holding_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collections",
        verbose_name=_("holding organisation"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.name


@tracked()
class PartnerOrganisation(models.Model):
    """An organisation that reads the catalogue through the API."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    collections = models.ManyToManyField(
        Collection,
        blank=True,
        related_name="partners",
        verbose_name=_("collections"),
        help_text=_("Limit this partner to these collections. Leave empty for every collection."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    throttle_rate = models.CharField(
        _("throttle rate"),
        max_length=20,
        default="1000/hour",
        validators=[
            RegexValidator(
                r"^[1-9][0-9]*/(second|minute|hour|day)$",
                _("Give a number of requests per second, minute, hour or day, e.g. 1000/hour."),
            )
        ],
        help_text=_("How many API requests this partner may make, e.g. 1000/hour."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name


track_m2m(PartnerOrganisation.collections.field)
