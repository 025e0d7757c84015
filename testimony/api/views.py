"""API views: thin. Rows come from the disclosure rules, fields from its presenters."""

import orjson
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from catalog.models import (
    ArticleFact,
    Organisation,
    Place,
    SourceArticle,
    Subject,
    Voyage,
)
from testimony import disclosure
from testimony.api import filters, reference
from testimony.api import serializers as out
from testimony.api.auth import audience_for
from testimony.api.fetch_log import record_fetch
from testimony.api.pagination import CatalogueCursorPagination
from testimony.api.schema import ERRORS
from testimony.interchange.urls import export_links
from testimony.models import Collection

ALWAYS_ALLOWED = {"cursor", "page_size", "ordering", "format"}


class StrictOrderingFilter(OrderingFilter):
    """An unknown ordering is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value:
            allowed = {f for f in view.ordering_fields} | {f"-{f}" for f in view.ordering_fields}
            unknown = [f for f in value.split(",") if f.strip() not in allowed]
            if unknown:
                raise ValidationError(
                    {"ordering": [f"Order by one of: {', '.join(sorted(view.ordering_fields))}."]}
                )
        return super().get_ordering(request, queryset, view)


class AskedFiltersBackend(DjangoFilterBackend):
    """django-filter, built only when the request names one of its filters: with
    none, the filter set would validate an empty form and change nothing.

    A view whose rows are not its filters' model names, in ``filter_source()``,
    the queryset its filters run on; the rows kept are those whose id the
    filtered source holds."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is None or not set(request.query_params) & set(
            filterset_class.base_filters
        ):
            return queryset
        source = view.filter_source(queryset)
        matched = super().filter_queryset(request, source, view)
        return matched if source is queryset else queryset.filter(pk__in=matched.values("pk"))


class DisclosedViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details that only ever hold what the disclosure rules let through."""

    pagination_class = CatalogueCursorPagination
    filter_backends = [AskedFiltersBackend, StrictOrderingFilter]
    ordering_fields = ["id"]
    ordering = ["id"]
    record_type: str | None = None  # logged per partner fetch when set
    detail_serializer_class = None

    lookup_value_regex = r"\d+"

    @cached_property
    def audience(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return disclosure.Audience.public()
        return audience_for(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = ALWAYS_ALLOWED | set(
            self.filterset_class.base_filters if self.filterset_class else []
        )
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {name: ["Unknown parameter."] for name in unknown} | {"allowed": sorted(allowed)}
            )

    def rows(self, audience):
        raise NotImplementedError

    def present(self, items, detail: bool) -> list[dict]:
        raise NotImplementedError

    def get_queryset(self):
        return self.rows(self.audience)

    def filter_source(self, queryset):
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    # The presenters' dicts are rendered as they are: their shapes are the
    # serializers' (the schema), which the schemathesis tests hold them to.
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = self.present(page, detail=False)
        self._log([row["id"] for row in rows])
        return self.get_paginated_response(rows)

    def retrieve(self, request, *args, **kwargs):
        rows = self.present([self.get_object()], detail=True)
        self._log([row["id"] for row in rows])
        return Response(rows[0])

    def _log(self, ids):
        if self.record_type and self.audience.partner:
            record_fetch(self.audience.partner, self.record_type, ids)


class TestimonyViewSet(DisclosedViewSet):
    """Recorded interviews, as far as each narrator consented."""

    # Lists and details read the list rows the database keeps for released
    # testimonies, redacted and ready (``TestimonyListing``): a list page is one
    # indexed query, its rows written out as they are; filters run on the same
    # rows, which hold the released fields.

    serializer_class = out.Testimony
    detail_serializer_class = out.TestimonyDetail
    filterset_class = filters.TestimonyFilter
    ordering_fields = ["id", "recorded_earliest", "updated_at", "catalogue_id"]
    record_type = "testimony"

    def rows(self, audience):
        queryset = disclosure.listed(audience)
        if self.action == "list" and not getattr(self, "swagger_fake_view", False):
            # The row, and what the cursor needs: the id and the fields ordered by.
            asked = self.request.query_params.get("ordering", "").split(",")
            fields = {"id"} | {name.strip().lstrip("-") for name in asked}
            fields &= set(self.ordering_fields)
            return queryset.values("row", *fields)
        return queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self._log([listed["id"] for listed in page])
        return self.get_paginated_response([orjson.Fragment(listed["row"]) for listed in page])

    def get_object(self):
        """The route partners call most: one plain query on the list rows."""
        found = disclosure.detail_row(self.audience, int(self.kwargs["pk"]))
        if found is None:
            raise NotFound
        return found

    def present(self, items, detail):
        rows = disclosure.present_testimonies(self.audience, items)
        return [row | {"exports": export_links(row, self.request)} for row in rows]


class SegmentViewSet(DisclosedViewSet):
    """Time-coded segments of visible testimonies, as released; closed segments
    never appear."""

    serializer_class = out.Segment
    filterset_class = filters.SegmentFilter
    ordering_fields = ["id", "start"]

    def rows(self, audience):
        return (
            disclosure.segments(audience)
            .select_related("testimony")
            .prefetch_related("subjects", "places", "people")
        )

    def present(self, items, detail):
        return disclosure.present_segments(self.audience, items)


class PersonViewSet(DisclosedViewSet):
    """People the audience may see by name: public figures, the consenting, named narrators."""

    serializer_class = out.Person
    detail_serializer_class = out.PersonDetail
    filterset_class = filters.PersonFilter
    ordering_fields = ["id", "preferred_name", "updated_at"]
    record_type = "person"

    def rows(self, audience):
        queryset = disclosure.people(audience).prefetch_related("names")
        if self.action != "retrieve":
            return queryset
        return queryset.select_related(
            "returnee__voyage", "returnee__departure_port", "returnee__arrival_port"
        ).prefetch_related(
            "residences__place",
            "returnee__life_events__place",
            Prefetch(
                "media_files",
                queryset=disclosure.person_photos(audience),
                to_attr="visible_photos",
            ),
        )

    def present(self, items, detail):
        return disclosure.present_people(self.audience, items, detail=detail)


class FamilyViewSet(DisclosedViewSet):
    """Families, with members named only as far as the audience may see them."""

    serializer_class = out.Family
    filterset_class = filters.FamilyFilter
    record_type = "family"

    def rows(self, audience):
        return disclosure.families(audience).prefetch_related(
            "memberships__person", "relationships"
        )

    def present(self, items, detail):
        return disclosure.present_families(self.audience, items)


def reference_viewset(model, serializer, filterset, presenter, related=(), prefetch=(), doc=""):
    """A viewset for a public reference record."""

    class ReferenceViewSet(DisclosedViewSet):
        __doc__ = doc
        serializer_class = serializer
        filterset_class = filterset

        def rows(self, audience):
            return (
                disclosure.reference(model, audience)
                .select_related(*related)
                .prefetch_related(*prefetch)
            )

        def present(self, items, detail):
            return presenter(self.audience, items, detail)

    ReferenceViewSet.__name__ = f"{model.__name__}ViewSet"
    ReferenceViewSet.__qualname__ = ReferenceViewSet.__name__
    return ReferenceViewSet


PlaceViewSet = reference_viewset(
    Place,
    out.Place,
    filters.PlaceFilter,
    reference.present_places,
    related=["parent"],
    prefetch=["names"],
    doc="Places, with their names in every script.",
)
OrganisationViewSet = reference_viewset(
    Organisation,
    out.Organisation,
    filters.OrganisationFilter,
    reference.present_organisations,
    prefetch=["names"],
    doc="Organisations, with their names in every script.",
)
SubjectViewSet = reference_viewset(
    Subject,
    out.Subject,
    filters.SubjectFilter,
    reference.present_subjects,
    related=["broader"],
    prefetch=["labels"],
    doc="Subject terms with multilingual labels.",
)
VoyageViewSet = reference_viewset(
    Voyage,
    out.Voyage,
    filters.VoyageFilter,
    reference.present_voyages,
    related=["departure_port", "arrival_port"],
    doc="Repatriation voyages.",
)
CollectionViewSet = reference_viewset(
    Collection,
    out.Collection,
    None,
    reference.present_collections,
    doc="Collections of testimony.",
)
ArticleViewSet = reference_viewset(
    SourceArticle,
    out.Article,
    filters.ArticleFilter,
    reference.present_articles,
    prefetch=[
        "contributors",
        "people",
        "places",
        "organisations",
        "subjects",
        Prefetch("facts", queryset=ArticleFact.objects.prefetch_related("subjects")),
        Prefetch("media_files", queryset=disclosure.article_files(), to_attr="public_files"),
    ],
    doc="Source articles with citations (Chicago, CSL-JSON, BibTeX).",
)

for viewset in (TestimonyViewSet, SegmentViewSet, PersonViewSet, FamilyViewSet):
    extend_schema_view(
        retrieve=extend_schema(
            responses={200: viewset.detail_serializer_class or viewset.serializer_class, **ERRORS}
        )
    )(viewset)
