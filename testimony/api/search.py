"""``/api/v1/search/``: one search over every kind of record, consent-safe."""

import django_filters as df
from django.db.models import Q
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers as s
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.codes import validate_language
from catalog.models import Place, Subject
from testimony import disclosure
from testimony.api.auth import audience_for
from testimony.api.fetch_log import record_fetch
from testimony.api.filters import on_or_after, on_or_before
from testimony.api.schema import ERRORS
from testimony.models.search import SearchEntry
from testimony.search import query as search_query

K = SearchEntry.Kind
MAX_PAGE = 50


class SearchFilter(df.FilterSet):
    """Filters on the testimony a result belongs to, matched only through what
    the audience may see: outside, the released testimonies and segments it may
    read (a subject carried only by a closed segment matches nothing); for staff,
    the working copies."""

    language = df.CharFilter(
        method="by_language", validators=[validate_language], help_text="ISO 639 code."
    )
    recorded_after = df.DateFilter(method="by_recorded_after")
    recorded_before = df.DateFilter(method="by_recorded_before")
    collection = df.CharFilter(method="by_collection")
    place = df.ModelChoiceFilter(queryset=Place.objects.all(), method="by_place")
    subject = df.ModelChoiceFilter(queryset=Subject.objects.all(), method="by_subject")

    class Meta:
        model = SearchEntry
        fields = []

    @cached_property
    def sources(self):
        return disclosure.filter_sources(audience_for(self.request))

    def _in_testimonies(self, queryset, testimonies):
        return queryset.filter(testimony_id__in=testimonies.values("pk"))

    def by_language(self, queryset, name, value):
        testimonies, _ = self.sources
        return self._in_testimonies(queryset, testimonies.filter(languages__contains=[value]))

    def by_recorded_after(self, queryset, name, value):
        return self._in_testimonies(queryset, on_or_after(self.sources[0], "recorded", value))

    def by_recorded_before(self, queryset, name, value):
        return self._in_testimonies(queryset, on_or_before(self.sources[0], "recorded", value))

    def by_collection(self, queryset, name, value):
        testimonies, _ = self.sources
        return self._in_testimonies(queryset, testimonies.filter(collection__code=value))

    def by_place(self, queryset, name, value):
        testimonies, segments = self.sources
        return self._by_testimony_or_segment(
            queryset, testimonies.filter(place=value), segments.filter(places=value)
        )

    @extend_schema_field(OpenApiTypes.INT)
    def by_subject(self, queryset, name, value):
        testimonies, segments = self.sources
        tagged = segments.filter(subjects=value)
        return self._by_testimony_or_segment(
            queryset, testimonies.filter(pk__in=tagged.values("testimony_id")), tagged
        )

    def _by_testimony_or_segment(self, queryset, testimonies, segments):
        return queryset.filter(
            Q(kind__in=[K.TESTIMONY, K.TRANSCRIPT], testimony_id__in=testimonies.values("pk"))
            | Q(kind=K.SEGMENT, record_id__in=segments.values("pk"))
        )


class Params(s.Serializer):
    q = s.CharField(max_length=200, help_text="Words in any script; every word must match.")
    type = s.MultipleChoiceField(choices=K.choices, required=False)
    page = s.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    page_size = s.IntegerField(min_value=1, max_value=50, default=20)


class Result(s.Serializer):
    type = s.ChoiceField(choices=K.choices)
    id = s.IntegerField()
    title = s.CharField()
    snippet = s.CharField(allow_null=True, help_text="Matched words marked «like this».")
    testimony = s.IntegerField(allow_null=True)
    start = s.CharField(
        allow_null=True,
        help_text="Segments and timed transcript passages: where it starts (hh:mm:ss).",
    )
    end = s.CharField(allow_null=True)
    rank = s.FloatField()


class Results(s.Serializer):
    query = s.CharField()
    variants = s.ListField(child=s.CharField(), help_text="Other names the search also used.")
    next = s.CharField(allow_null=True)
    previous = s.CharField(allow_null=True)
    results = Result(many=True)


class SearchView(APIView):
    """Search testimonies, segments, transcript passages, people, places,
    organisations and articles.

    Only what you may see is searched: withheld names, closed segments, words
    spoken in a closed range and transcripts not opened to you never match, and
    nothing counts them."""

    @extend_schema(
        parameters=[
            Params,
            OpenApiParameter("type", str, many=True, enum=K.values, explode=False),
            *[OpenApiParameter(name, str) for name in ("language", "collection")],
            *[OpenApiParameter(name, int) for name in ("place", "subject")],
            *[OpenApiParameter(name, str) for name in ("recorded_after", "recorded_before")],
        ],
        responses={200: Results, **ERRORS},
    )
    def get(self, request):
        allowed = {"q", "type", "page", "page_size", "format", *SearchFilter.base_filters}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        data = dict(request.query_params.items())
        if "type" in data:
            data["type"] = [t for t in data["type"].split(",") if t]
        params = Params(data=data)
        params.is_valid(raise_exception=True)
        audience = audience_for(request)
        search = search_query.prepare(audience, params.validated_data["q"])
        if not search.words:
            raise ValidationError({"q": ["Give at least one word."]})
        entries = disclosure.search_entries(audience)
        filtered = SearchFilter(request.query_params, queryset=entries, request=request)
        if not filtered.is_valid():
            raise ValidationError(filtered.errors)
        entries = filtered.qs
        if params.validated_data.get("type"):
            entries = entries.filter(kind__in=params.validated_data["type"])
        page, size = params.validated_data["page"], params.validated_data["page_size"]
        rows = search_query.page(entries, audience, search, (page - 1) * size, page * size + 1)
        more, rows = len(rows) > size, rows[:size]
        results = search_query.present(rows, search)
        if audience.partner:
            for kind in (K.TESTIMONY, K.PERSON):
                ids = [r["id"] for r in results if r["type"] == kind]
                record_fetch(audience.partner, kind, ids)
        return Response(
            {
                "query": params.validated_data["q"],
                "variants": search.variants,
                "next": _page_url(request, page + 1) if more and page < MAX_PAGE else None,
                "previous": _page_url(request, page - 1) if page > 1 else None,
                "results": results,
            }
        )


def _page_url(request, page: int) -> str:
    query = request.query_params.copy()
    query["page"] = page
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
