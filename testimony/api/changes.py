"""The change feed: what a partner must fetch again, and what it must delete."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from testimony import disclosure
from testimony.api import fetch_log
from testimony.api import serializers as out
from testimony.api.auth import audience_for
from testimony.api.filters import as_utc
from testimony.api.schema import ERRORS
from testimony.models import (
    Access,
    ConsentRecord,
    PartnerFetch,
    SealedRange,
    Testimony,
    TestimonyListing,
)

LIMIT = 1000


class SinceParameter(serializers.Serializer):
    since = serializers.DateTimeField()


def _upserts(audience, since) -> list[dict]:
    """Visible records changed since ``since``. A testimony changes with what
    leaves with it (segments, transcripts and cues, sealed ranges, files: the
    list row's ``changed_at``), with a new consent version, and on the day an
    embargo ends or a sealed range reopens, which no write marks."""
    recent_consent = ConsentRecord.objects.filter(testimony=OuterRef("pk"), created_at__gt=since)
    parts_changed = TestimonyListing.objects.filter(pk=OuterRef("pk")).values("changed_at")
    today, since_day = timezone.localdate(), since.date()
    reopened = SealedRange.objects.filter(
        testimony=OuterRef("pk"), reopens_on__gt=since_day, reopens_on__lte=today
    )
    testimonies = (
        disclosure.testimonies(audience)
        .annotate(changed=Greatest("updated_at", Coalesce(Subquery(parts_changed), "updated_at")))
        .filter(
            Q(changed__gt=since)
            | Q(Exists(recent_consent))
            | Q(Exists(reopened))
            | Q(consent_embargo_until__gt=since_day, consent_embargo_until__lte=today)
        )
        .values_list("pk", "changed")
        .order_by("changed", "pk")[:LIMIT]
    )
    people = (
        disclosure.people(audience)
        .filter(updated_at__gt=since)
        .values_list("pk", "updated_at")
        .order_by("updated_at", "pk")[:LIMIT]
    )
    families = (
        disclosure.families(audience)
        .filter(updated_at__gt=since)
        .values_list("pk", "updated_at")
        .order_by("updated_at", "pk")[:LIMIT]
    )
    return [
        {"type": kind, "id": pk, "action": "upsert", "at": at}
        for kind, rows in (("testimony", testimonies), ("person", people), ("family", families))
        for pk, at in rows
    ]


def _tombstones(audience, since) -> list[dict]:
    """Records the caller may have held and may hold no longer.

    A partner: every record it fetched that it can no longer see. The public:
    testimonies once opened to the public, changed since ``since`` and no longer
    visible, with their narrators where no longer named.
    """
    visible = {
        "testimony": disclosure.testimonies(audience).values("pk"),
        "person": disclosure.people(audience).values("pk"),
        "family": disclosure.families(audience).values("pk"),
    }
    if audience.partner is not None:
        fetch_log.flush()
        rows = []
        for kind, ids in visible.items():
            gone = PartnerFetch.objects.filter(partner=audience.partner, record_type=kind).exclude(
                record_id__in=ids
            )
            rows += [
                {"type": kind, "id": pk, "action": "delete", "at": None}
                for pk in gone.values_list("record_id", flat=True).order_by("record_id")[:LIMIT]
            ]
        return rows
    once_public = ConsentRecord.objects.filter(testimony=OuterRef("pk"), access=Access.PUBLIC)
    recent = ConsentRecord.objects.filter(testimony=OuterRef("pk"), created_at__gt=since)
    gone = (
        Testimony.objects.filter(Exists(once_public))
        .filter(Q(updated_at__gt=since) | Q(Exists(recent)))
        .exclude(pk__in=visible["testimony"])
        .order_by("pk")[:LIMIT]
    )
    gone_rows = list(gone.values_list("pk", "narrator_id"))
    narrators = {narrator for _, narrator in gone_rows}
    still_named = set(
        disclosure.people(audience).filter(pk__in=narrators).values_list("pk", flat=True)
    )
    return [
        {"type": "testimony", "id": pk, "action": "delete", "at": None} for pk, _ in gone_rows
    ] + [
        {"type": "person", "id": pk, "action": "delete", "at": None}
        for pk in sorted(narrators - still_named)
    ]


class ChangeFeedView(APIView):
    """Changes since a moment, for keeping a copy of the catalogue honest.

    ``upsert``: fetch the record again. ``delete``: the record was withdrawn or is
    no longer visible to you; remove every copy you hold. Call again with the
    returned ``until`` as the next ``since``.
    """

    @extend_schema(
        parameters=[OpenApiParameter("since", OpenApiTypes.DATETIME, required=True)],
        responses={200: out.ChangeFeed, **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        unknown = sorted(set(request.query_params) - {"since", "format"})
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        params = SinceParameter(data=request.query_params)
        params.is_valid(raise_exception=True)
        since = as_utc(params.validated_data["since"])
        audience = audience_for(request)
        until = timezone.now()
        changes = _upserts(audience, since) + _tombstones(audience, since)
        return Response({"since": since, "until": until, "changes": changes})
