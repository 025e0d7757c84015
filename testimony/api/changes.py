"""The change feed: what a partner must fetch again, and what it must delete."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import PersonEvent
from testimony import disclosure
from testimony.api import fetch_log
from testimony.api import serializers as out
from testimony.api.auth import audience_for
from testimony.api.filters import as_utc
from testimony.api.schema import ERRORS
from testimony.models import (
    ConsentRecord,
    PartnerFetch,
    ReleasedSealedRange,
    TestimonyListing,
)

LIMIT = 1000


class SinceParameter(serializers.Serializer):
    since = serializers.DateTimeField()


def _upserts(audience, since) -> list[dict]:
    """Visible records changed since ``since``. A testimony changes outside when
    it is released, when something closes in it (the list row's ``changed_at``:
    its facts, a closed segment, a sealed range, a deleted part), with a new
    consent version, and on the day an embargo ends or a sealed range reopens,
    which no write marks."""
    recent_consent = ConsentRecord.objects.filter(testimony=OuterRef("pk"), created_at__gt=since)
    today, since_day = timezone.localdate(), since.date()
    reopened = ReleasedSealedRange.objects.filter(
        testimony=OuterRef("pk"), reopens_on__gt=since_day, reopens_on__lte=today
    )
    testimonies = (
        disclosure.testimonies(audience)
        .annotate(changed=Greatest("updated_at", Coalesce("changed_at", "updated_at")))
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


def _deletes(kind: str, ids) -> list[dict]:
    return [{"type": kind, "id": pk, "action": "delete", "at": None} for pk in sorted(ids)]


def _tombstones(audience, since) -> list[dict]:
    """Records the caller may have held and may hold no longer.

    A partner: every record it fetched that it can no longer see. The public:
    only what the public could have read. Testimonies that were open to the
    public on some day (``public_from``, kept by the database) and have closed
    since ``since``, with their narrators where no longer named; and people
    who were public figures or had consented to be named at some moment since
    ``since`` and no longer can be seen (changed or deleted; from their history).
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
            rows += _deletes(kind, gone.values_list("record_id", flat=True)[:LIMIT])
        return rows
    gone = (
        TestimonyListing.objects.filter(public_from__lte=timezone.localdate())
        .filter(Q(changed_at__gt=since) | Q(updated_at__gt=since))
        .exclude(pk__in=visible["testimony"])
        .order_by("pk")[:LIMIT]
    )
    gone_rows = list(gone.values_list("pk", "narrator_id"))
    named_before = {narrator for _, narrator in gone_rows}
    people = named_before | _people_once_public_since(since)
    still_seen = set(disclosure.people(audience).filter(pk__in=people).values_list("pk", flat=True))
    return _deletes("testimony", [pk for pk, _ in gone_rows]) + _deletes(
        "person", people - still_seen
    )


def _people_once_public_since(since) -> set[int]:
    """People the public could see by their own standing (a public figure, or
    consented to be named) at some moment after ``since``: their history holds a
    version so marked made after ``since``, or the last one made before it."""
    events = PersonEvent.objects.filter(pgh_created_at__gt=since)
    marked = Q(is_public_figure=True) | Q(has_own_consent=True)
    people = set(events.filter(marked).values_list("pgh_obj_id", flat=True))
    changed = set(events.values_list("pgh_obj_id", flat=True))
    earlier = (
        PersonEvent.objects.filter(pgh_obj_id__in=changed, pgh_created_at__lte=since)
        .order_by("pgh_obj_id", "-pgh_created_at")
        .distinct("pgh_obj_id")
    )
    people |= {e.pgh_obj_id for e in earlier if e.is_public_figure or e.has_own_consent}
    return people


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
