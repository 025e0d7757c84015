from django.contrib import admin

from catalog.admin.base import CatalogueAdmin
from catalog.models import Family, FamilyMember, Relationship


class FamilyMemberInline(admin.TabularInline):
    model = FamilyMember
    extra = 1
    autocomplete_fields = ["person"]


class RelationshipInline(admin.TabularInline):
    model = Relationship
    extra = 1
    fields = ["person", "kind", "relative"]
    autocomplete_fields = ["person", "relative"]


@admin.register(Family)
class FamilyAdmin(CatalogueAdmin):
    list_display = ["name", "is_fictional", "updated_at"]
    list_filter = ["is_fictional"]
    search_fields = ["name", "members__preferred_name", "members__names__name"]
    inlines = [FamilyMemberInline, RelationshipInline]
