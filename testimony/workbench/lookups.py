"""Subjects, places and people found as the cataloguer types (under any of
their names), and created in place when none fits."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from catalog.models import Person, Place, Subject

SHOWN = 10

KINDS = {
    # kind -> (model, its label field, the fields searched)
    "subjects": (Subject, "label", ["label", "labels__label"]),
    "places": (Place, "name", ["name", "names__name"]),
    "people": (Person, "preferred_name", ["preferred_name", "names__name"]),
}


def find(kind: str, text: str) -> list[dict]:
    """Up to SHOWN records whose name holds ``text``, those starting with it first."""
    model, label, fields = KINDS[kind]
    text = text.strip()
    if not text:
        return []
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": text})
    starts_first = Case(
        When(Q(**{f"{label}__istartswith": text}), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    ids = model.objects.filter(match).values("id").distinct()
    rows = (
        model.objects.filter(id__in=ids)
        .order_by(starts_first, label)
        .values_list("id", label)[:SHOWN]
    )
    return [{"id": pk, "label": name} for pk, name in rows]


def create(kind: str, text: str, place_kind: str = "") -> tuple[dict, bool]:
    """The record named ``text``: the existing one of that exact name, or a new
    one. Returns it and whether it was created."""
    model, label, _fields = KINDS[kind]
    text = " ".join(text.split())
    if not text:
        raise ValueError(_("Type a name first."))
    if len(text) > model._meta.get_field(label).max_length:
        raise ValueError(_("This name is too long."))
    existing = model.objects.filter(**{f"{label}__iexact": text}).values_list("id", label).first()
    if existing:
        return {"id": existing[0], "label": existing[1]}, False
    fields = {label: text}
    if model is Place:
        valid = {choice for choice, _name in Place.Kind.choices}
        fields["kind"] = place_kind if place_kind in valid else Place.Kind.OTHER
    record = model.objects.create(**fields)
    return {"id": record.pk, "label": text}, True
