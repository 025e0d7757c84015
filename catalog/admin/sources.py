from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.admin.base import CatalogueAdmin, date_range_filter
from catalog.citations import chicago
from catalog.models import ArticleContributor, ArticleFact, SourceArticle


class ContributorInline(admin.TabularInline):
    model = ArticleContributor
    extra = 1
    fields = ["name", "sort_name", "role", "position"]


class FactInline(admin.StackedInline):
    model = ArticleFact
    extra = 0
    fields = ["statement", ("figure", "unit", "locator"), "subjects"]
    autocomplete_fields = ["subjects"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subjects")


@admin.register(SourceArticle)
class SourceArticleAdmin(CatalogueAdmin):
    list_display = ["title", "outlet", "published", "language"]
    list_filter = ["kind", "language", date_range_filter("published", _("published"))]
    search_fields = ["title", "outlet", "contributors__name", "summary"]
    autocomplete_fields = [
        "outlet_organisation",
        "related_article",
        "people",
        "places",
        "organisations",
        "subjects",
    ]
    readonly_fields = ["citation"]
    inlines = [ContributorInline, FactInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "kind",
                    ("outlet", "outlet_organisation"),
                    "volume_issue",
                    "published",
                    "language",
                    ("url", "accessed"),
                    "related_article",
                    "citation",
                ]
            },
        ),
        (_("Cataloguer's summary"), {"fields": ["summary"]}),
        (_("Mentions"), {"fields": ["people", "places", "organisations", "subjects"]}),
        (_("Staff notes"), {"fields": ["notes"]}),
    ]

    @admin.display(description=_("Citation (Chicago)"))
    def citation(self, obj):
        return chicago(obj) if obj.pk else "—"
