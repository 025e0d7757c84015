from django.contrib import admin
from import_export.admin import ImportExportMixin

from catalog.admin.base import CatalogueAdmin, NameVariantInline
from catalog.admin.codes import CodesByName
from catalog.models import (
    Organisation,
    OrganisationName,
    Place,
    PlaceName,
    Subject,
    SubjectLabel,
)
from catalog.spreadsheets import PlaceResource, SubjectResource


class PlaceNameInline(NameVariantInline):
    model = PlaceName


@admin.register(Place)
class PlaceAdmin(ImportExportMixin, CatalogueAdmin):
    resource_classes = [PlaceResource]
    list_display = ["name", "kind", "parent", "geonames_id"]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name", "names__name"]
    autocomplete_fields = ["parent"]
    inlines = [PlaceNameInline]


class OrganisationNameInline(NameVariantInline):
    model = OrganisationName


@admin.register(Organisation)
class OrganisationAdmin(CatalogueAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "names__name"]
    inlines = [OrganisationNameInline]


class SubjectLabelInline(CodesByName, admin.TabularInline):
    model = SubjectLabel
    extra = 1


@admin.register(Subject)
class SubjectAdmin(ImportExportMixin, CatalogueAdmin):
    resource_classes = [SubjectResource]
    list_display = ["label", "broader"]
    list_select_related = ["broader"]
    search_fields = ["label", "labels__label"]
    autocomplete_fields = ["broader"]
    inlines = [SubjectLabelInline]
