"""Filters researchers use. Every filter on people or segments goes through the
disclosure rules, so a filter can never confirm what the audience may not see."""

import datetime

import django_filters as df
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.codes import validate_language
from catalog.models import (
    ArticleContributor,
    Fate,
    Organisation,
    OrganisationName,
    Person,
    PersonName,
    Place,
    PlaceName,
    SourceArticle,
    Subject,
    SubjectLabel,
    Voyage,
)
from testimony import disclosure
from testimony.api.auth import audience_for
from testimony.models import NameDisclosure, ReleasedSegment, TestimonyListing


def _visible_people(request):
    """Choices for a person filter: only people the caller may see by name, so a
    hidden person's id is refused exactly like an unknown one."""
    if request is None or not {"narrator", "person"} & set(request.query_params):
        return Person.objects.none()  # not asked for: build no query
    return disclosure.people(audience_for(request))


def _visible_testimonies(request):
    if request is None or "testimony" not in request.query_params:
        return TestimonyListing.objects.none()
    return disclosure.testimonies(audience_for(request))


def _names_match(model, owner_field: str, value: str) -> Q:
    return Q(
        Exists(model.objects.filter(**{owner_field: OuterRef("pk"), "name__icontains": value}))
    )


def name_search(name_field: str, variants, owner_field: str) -> df.CharFilter:
    """``q``: the preferred name or any variant, in any script or romanisation."""

    def method(qs, name, value):
        return qs.filter(
            Q(**{f"{name_field}__icontains": value}) | _names_match(variants, owner_field, value)
        )

    return df.CharFilter(
        method=method, help_text="Any form of the name: Chongjin, Cheongjin, 청진, 清津."
    )


def as_utc(value: datetime.datetime) -> datetime.datetime:
    """A datetime in UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows."""
    try:
        return value.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as exc:
        raise serializers.ValidationError("Date and time out of range.") from exc


class UTCDateTimeFilter(df.IsoDateTimeFilter):
    def filter(self, qs, value):
        return super().filter(qs, as_utc(value) if value else value)


class LanguageFilter(df.CharFilter):
    """An ISO 639 code found among a record's languages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, validators=[validate_language], **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__contains": [value]}) if value else qs


def on_or_after(qs, field: str, value):
    """An uncertain date on or after ``value``: its EDTF bounds reach it (an open
    end always does)."""
    latest = Q(**{f"{field}_latest__gte": value}) | Q(**{f"{field}_latest__isnull": True})
    return qs.exclude(**{field: ""}).filter(latest)


def on_or_before(qs, field: str, value):
    earliest = Q(**{f"{field}_earliest__lte": value}) | Q(**{f"{field}_earliest__isnull": True})
    return qs.exclude(**{field: ""}).filter(earliest)


def date_after(field: str) -> df.DateFilter:
    return df.DateFilter(
        method=lambda qs, name, value: on_or_after(qs, field, value),
        help_text=f"{field} on or after this date (YYYY-MM-DD).",
    )


def date_before(field: str) -> df.DateFilter:
    return df.DateFilter(
        method=lambda qs, name, value: on_or_before(qs, field, value),
        help_text=f"{field} on or before this date (YYYY-MM-DD).",
    )


class TestimonyFilter(df.FilterSet):
    """On the released testimonies' list rows: every field here is one the
    audience may read, and subjects are matched through visible segments only."""

    q = df.CharFilter(method="search", help_text="Words in the title, summary or named narrator.")
    language = LanguageFilter(field_name="languages", help_text="ISO 639 code, e.g. ko.")
    recorded_after = date_after("recorded")
    recorded_before = date_before("recorded")
    place = df.ModelChoiceFilter(queryset=Place.objects.all())
    subject = df.ModelChoiceFilter(queryset=Subject.objects.all(), method="by_subject")
    collection = df.CharFilter(field_name="collection__code")
    narrator = df.ModelChoiceFilter(queryset=_visible_people, method="by_narrator")
    fate = df.ChoiceFilter(
        choices=Fate.choices, method="by_fate", help_text="What became of a named narrator."
    )
    modified_since = UTCDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = TestimonyListing
        fields = []

    def search(self, qs, name, value):
        narrator_named = Q(narrator__preferred_name__icontains=value) | Q(
            Exists(PersonName.objects.filter(person=OuterRef("narrator"), name__icontains=value))
        )
        return qs.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(catalogue_id__iexact=value)
            | (Q(name_disclosure=NameDisclosure.REAL_NAME) & narrator_named)
            | Q(name_disclosure=NameDisclosure.PSEUDONYM, pseudonym__icontains=value)
        )

    @extend_schema_field(OpenApiTypes.INT)
    def by_subject(self, qs, name, value):
        segments = disclosure.segments(audience_for(self.request)).filter(subjects=value)
        return qs.filter(pk__in=segments.values("testimony_id"))

    def by_narrator(self, qs, name, value):
        return qs.filter(narrator=value, name_disclosure=NameDisclosure.REAL_NAME)

    def by_fate(self, qs, name, value):
        return qs.filter(narrator__returnee__fate=value, name_disclosure=NameDisclosure.REAL_NAME)


class SegmentFilter(df.FilterSet):
    """On the released segments the audience may see."""

    q = df.CharFilter(method="search", help_text="Words in the title or synopsis.")
    testimony = df.ModelChoiceFilter(queryset=_visible_testimonies)
    subject = df.ModelChoiceFilter(field_name="subjects", queryset=Subject.objects.all())
    place = df.ModelChoiceFilter(field_name="places", queryset=Place.objects.all())
    person = df.ModelChoiceFilter(queryset=_visible_people, method="by_person")

    class Meta:
        model = ReleasedSegment
        fields = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(synopsis__icontains=value))

    @extend_schema_field(OpenApiTypes.INT)
    def by_person(self, qs, name, value):
        """Tagged in the segment, but never through a testimony that does not name
        its narrator: the tag would link the pseudonym to the person."""
        unnamed_narrator = Q(testimony__narrator=value) & ~Q(
            testimony__name_disclosure=NameDisclosure.REAL_NAME
        )
        return qs.filter(people=value).exclude(unnamed_narrator)


class PersonFilter(df.FilterSet):
    q = name_search("preferred_name", PersonName, "person")
    is_public_figure = df.BooleanFilter()
    fate = df.ChoiceFilter(field_name="returnee__fate", choices=Fate.choices)
    modified_since = UTCDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Person
        fields = []


class FamilyFilter(df.FilterSet):
    q = df.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = disclosure.Family
        fields = []


class PlaceFilter(df.FilterSet):
    q = name_search("name", PlaceName, "place")
    kind = df.ChoiceFilter(choices=Place.Kind.choices)
    parent = df.ModelChoiceFilter(queryset=Place.objects.all())

    class Meta:
        model = Place
        fields = []


class OrganisationFilter(df.FilterSet):
    q = name_search("name", OrganisationName, "organisation")
    kind = df.ChoiceFilter(choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = []


class SubjectFilter(df.FilterSet):
    q = df.CharFilter(method="search")
    broader = df.ModelChoiceFilter(queryset=Subject.objects.all())

    class Meta:
        model = Subject
        fields = []

    def search(self, qs, name, value):
        return qs.filter(
            Q(label__icontains=value)
            | Q(Exists(SubjectLabel.objects.filter(subject=OuterRef("pk"), label__icontains=value)))
        )


class ArticleFilter(df.FilterSet):
    q = df.CharFilter(method="search", help_text="Words in the title, summary or contributors.")
    language = df.CharFilter(field_name="language")
    published_after = date_after("published")
    published_before = date_before("published")
    subject = df.ModelChoiceFilter(field_name="subjects", queryset=Subject.objects.all())
    place = df.ModelChoiceFilter(field_name="places", queryset=Place.objects.all())
    organisation = df.ModelChoiceFilter(
        field_name="organisations", queryset=Organisation.objects.all()
    )
    person = df.ModelChoiceFilter(field_name="people", queryset=_visible_people)

    class Meta:
        model = SourceArticle
        fields = []

    def search(self, qs, name, value):
        return qs.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(
                Exists(
                    ArticleContributor.objects.filter(article=OuterRef("pk"), name__icontains=value)
                )
            )
        )


class VoyageFilter(df.FilterSet):
    departed_after = date_after("departed")
    departed_before = date_before("departed")
    port = df.ModelChoiceFilter(queryset=Place.objects.all(), method="by_port")

    class Meta:
        model = Voyage
        fields = []

    @extend_schema_field(OpenApiTypes.INT)
    def by_port(self, qs, name, value):
        return qs.filter(Q(departure_port=value) | Q(arrival_port=value))
