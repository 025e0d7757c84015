"""What every admin page of the catalogue shares."""

import datetime
import json

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from catalog.admin.codes import CodesByName, NameVariantForm
from catalog.admin.stale import StaleSaveRefused


class EstimatedCountPaginator(Paginator):
    """Counts exactly only what is cheap to count.

    PostgreSQL's planner estimates the rows of any query (EXPLAIN); below
    ``exact_below`` rows an exact COUNT is cheap and is used, above it the
    estimate is shown instead of scanning a large table on every page view.
    """

    exact_below = 20_000

    @cached_property
    def count(self):
        queryset = self.object_list
        try:
            plan = json.loads(queryset.explain(format="json"))
            estimate = int(plan[0]["Plan"]["Plan Rows"])
        except (ValueError, KeyError, IndexError, TypeError):
            return queryset.count()
        if estimate < self.exact_below:
            return queryset.count()
        return estimate


class CatalogueAdmin(StaleSaveRefused, CodesByName, admin.ModelAdmin):
    """Base admin: stale saves refused, history in words, languages, scripts and
    countries chosen by name, estimated counts on large tables and a readable
    page size."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50
    save_on_top = True


def date_range_filter(field: str, title: str):
    """A list filter by decade over an uncertain date's stored bounds.

    A record matches a decade when its earliest..latest span overlaps it, so
    "about 1960" (1959-1961) is found under the 1950s and the 1960s.
    """

    class DecadeFilter(admin.SimpleListFilter):
        parameter_name = f"{field}_decade"

        def lookups(self, request, model_admin):
            return [(str(year), _("%(year)ss") % {"year": year}) for year in range(1900, 2030, 10)]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            try:
                start = int(self.value())
            except ValueError:
                return queryset.none()
            first = datetime.date(start, 1, 1)
            last = datetime.date(start + 9, 12, 31)
            return queryset.filter(
                Q(**{f"{field}_earliest__lte": last}) | Q(**{f"{field}_earliest__isnull": True}),
                Q(**{f"{field}_latest__gte": first}) | Q(**{f"{field}_latest__isnull": True}),
            ).exclude(**{field: ""})

    DecadeFilter.title = title
    return DecadeFilter


class NameVariantInline(CodesByName, admin.TabularInline):
    """Name variants in every script, typed in place on the parent record: the
    script is read from the name and the language suggested from it."""

    form = NameVariantForm
    extra = 1
    fields = ["name", "script", "language", "romanisation"]
    classes = ["name-variants"]

    class Media:
        js = ["catalog/name_variants.js"]
        css = {"all": ["catalog/name_variants.css"]}
