from django.contrib import admin

from catalog.admin.base import CatalogueAdmin
from testimony.models import Collection, PartnerOrganisation


@admin.register(Collection)
class CollectionAdmin(CatalogueAdmin):
    list_display = ["name", "code", "holding_organisation"]
    list_select_related = ["holding_organisation"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["holding_organisation"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(CatalogueAdmin):
    list_display = ["name", "organisation", "is_active", "contact_email"]
    list_select_related = ["organisation"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation", "collections"]
