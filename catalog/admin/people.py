from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from catalog.admin.base import CatalogueAdmin, NameVariantInline, date_range_filter
from catalog.admin.codes import CodesByName
from catalog.models import LifeEvent, Person, PersonName, Residence, Returnee, Voyage
from catalog.spreadsheets import PersonResource


class PersonNameInline(NameVariantInline):
    model = PersonName
    fields = ["name", "kind", "script", "language", "romanisation"]


class ResidenceInline(CodesByName, admin.TabularInline):
    model = Residence
    extra = 0
    fields = ["country", "place", "period", "is_current", "note"]
    autocomplete_fields = ["place"]


class CurrentCountryFilter(admin.SimpleListFilter):
    title = _("current residence")
    parameter_name = "residence"

    def lookups(self, request, model_admin):
        return [
            ("JP", _("Japan")),
            ("KP", _("North Korea")),
            ("KR", _("South Korea")),
            ("unknown", _("unknown")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unknown":
            known = Residence.objects.filter(is_current=True).exclude(country="")
            return queryset.exclude(pk__in=known.values("person_id"))
        if value:
            return queryset.filter(residences__is_current=True, residences__country=value)
        return queryset


@admin.register(Person)
class PersonAdmin(ImportExportMixin, CatalogueAdmin):
    resource_classes = [PersonResource]
    list_display = ["preferred_name", "birth", "death", "is_public_figure", "is_fictional"]
    list_filter = [
        "is_public_figure",
        "is_fictional",
        "has_own_consent",
        CurrentCountryFilter,
        date_range_filter("birth", _("born")),
    ]
    search_fields = ["preferred_name", "names__name"]
    inlines = [PersonNameInline, ResidenceInline]
    fieldsets = [
        (
            None,
            {"fields": ["preferred_name", "birth", "death", "is_public_figure", "is_fictional"]},
        ),
        (_("Own consent"), {"fields": ["has_own_consent", "own_consent_date"]}),
        (_("Staff notes"), {"fields": ["notes"]}),
    ]


class LifeEventInline(admin.TabularInline):
    model = LifeEvent
    extra = 1
    fields = ["kind", "date", "place", "description"]
    autocomplete_fields = ["place"]


@admin.register(Returnee)
class ReturneeAdmin(CatalogueAdmin):
    list_display = ["person", "voyage", "departed", "status_at_departure", "fate"]
    list_select_related = ["person", "voyage"]
    list_filter = ["fate", "status_at_departure", date_range_filter("departed", _("departed"))]
    search_fields = ["person__preferred_name", "person__names__name"]
    autocomplete_fields = ["person", "voyage", "departure_port", "arrival_port"]
    inlines = [LifeEventInline]


@admin.register(Voyage)
class VoyageAdmin(CatalogueAdmin):
    list_display = ["number", "ship", "departed", "departure_port", "arrival_port", "passengers"]
    list_select_related = ["departure_port", "arrival_port"]
    list_filter = [date_range_filter("departed", _("departed"))]
    search_fields = ["=number", "ship"]
    autocomplete_fields = ["departure_port", "arrival_port", "sources"]
