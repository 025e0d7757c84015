"""Load catalogue records from the TOML files in ``fixtures/``.

Records are matched by their natural keys (a place's or person's preferred
name, a subject's label, an article's title, a voyage's number), so loading a
file twice changes nothing. Every record is validated before it is saved.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from catalog.models import (
    ArticleContributor,
    ArticleFact,
    Family,
    FamilyMember,
    LifeEvent,
    Organisation,
    OrganisationName,
    Person,
    PersonName,
    Place,
    PlaceName,
    Relationship,
    Residence,
    Returnee,
    SourceArticle,
    Subject,
    SubjectLabel,
    Voyage,
)


class SeedError(Exception):
    """A fixture names something that is not there, or holds an invalid value."""


def lookup(model: type[models.Model], value, field: str = "name"):
    if value in (None, ""):
        return None
    try:
        return model.objects.get(**{field: value})
    except ObjectDoesNotExist as exc:
        raise SeedError(f"{model._meta.verbose_name} “{value}” is not in the catalogue.") from exc


def lookup_all(model, values, field="name"):
    return [lookup(model, value, field) for value in values or []]


def upsert(model, keys: dict, values: dict):
    """Create or update one record by its natural key, validated first."""
    obj = model.objects.filter(**keys).first() or model(**keys)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def ensure(model, **fields):
    """Create a dependent record (a name variant, a label) unless it is there."""
    obj = model.objects.filter(**fields).first()
    if obj is None:
        obj = model(**fields)
        obj.full_clean()
        obj.save()
    return obj


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value


def _name_variants(model, owner_field, owner, names):
    for name in names or []:
        ensure(model, **{owner_field: owner}, **{"romanisation": "", "language": ""} | name)


def load_places(records):
    for record in records:
        place = upsert(
            Place,
            {"name": record["name"]},
            {
                "kind": record["kind"],
                "parent": lookup(Place, record.get("parent")),
                "latitude": _decimal(record.get("latitude")),
                "longitude": _decimal(record.get("longitude")),
                "notes": record.get("notes", ""),
            },
        )
        _name_variants(PlaceName, "place", place, record.get("names"))


def _decimal(value):
    return None if value is None else Decimal(str(value))


def load_organisations(records):
    for record in records:
        organisation = upsert(
            Organisation,
            {"name": record["name"]},
            {
                "kind": record["kind"],
                "url": record.get("url", ""),
                "notes": record.get("notes", ""),
            },
        )
        _name_variants(OrganisationName, "organisation", organisation, record.get("names"))


def load_subjects(records):
    for record in records:
        subject = upsert(
            Subject,
            {"label": record["label"]},
            {
                "broader": lookup(Subject, record.get("broader"), "label"),
                "scope_note": record.get("scope_note", ""),
            },
        )
        for label in record.get("labels", []):
            ensure(SubjectLabel, subject=subject, **label)


def load_people(records):
    for record in records:
        person = upsert(
            Person,
            {"preferred_name": record["preferred_name"]},
            {
                "birth": record.get("birth", ""),
                "death": record.get("death", ""),
                "is_public_figure": record.get("is_public_figure", False),
                "is_fictional": record.get("is_fictional", False),
                "has_own_consent": record.get("has_own_consent", False),
                "own_consent_date": _date(record.get("own_consent_date")),
                "notes": record.get("notes", ""),
            },
        )
        _name_variants(PersonName, "person", person, record.get("names"))
        if not person.residences.exists():
            for residence in record.get("residences", []):
                ensure(
                    Residence,
                    person=person,
                    **residence | {"place": lookup(Place, residence.get("place"))},
                )
        if "returnee" in record:
            _load_returnee(person, record["returnee"], record.get("life_events", []))


def _load_returnee(person, details, life_events):
    ports = {key: lookup(Place, details.get(key)) for key in ("departure_port", "arrival_port")}
    returnee = upsert(
        Returnee,
        {"person": person},
        details | ports | {"voyage": lookup(Voyage, details.get("voyage"), "number")},
    )
    if not returnee.life_events.exists():
        for event in life_events:
            ensure(
                LifeEvent, returnee=returnee, **event | {"place": lookup(Place, event.get("place"))}
            )


def load_articles(records):
    for record in records:
        article = upsert(
            SourceArticle,
            {"title": record["title"]},
            {
                "kind": record.get("kind", SourceArticle.Kind.NEWS),
                "outlet": record["outlet"],
                "outlet_organisation": lookup(Organisation, record.get("outlet_organisation")),
                "volume_issue": record.get("volume_issue", ""),
                "published": record.get("published", ""),
                "language": record["language"],
                "url": record.get("url", ""),
                "summary": record["summary"].strip(),
                "notes": record.get("notes", ""),
            },
        )
        for position, contributor in enumerate(record.get("contributors", [])):
            ensure(ArticleContributor, article=article, position=position, **contributor)
        article.people.set(lookup_all(Person, record.get("people"), "preferred_name"))
        article.places.set(lookup_all(Place, record.get("places")))
        article.organisations.set(lookup_all(Organisation, record.get("organisations")))
        article.subjects.set(lookup_all(Subject, record.get("subjects"), "label"))
        for fact in record.get("facts", []):
            subjects = lookup_all(Subject, fact.get("subjects"), "label")
            values = {key: value for key, value in fact.items() if key != "subjects"}
            if "figure" in values:
                values["figure"] = _decimal(values["figure"])
            ensure(ArticleFact, article=article, **values).subjects.set(subjects)


def load_voyages(records):
    for record in records:
        upsert(
            Voyage,
            {"number": record["number"]},
            record
            | {
                "departure_port": lookup(Place, record.get("departure_port")),
                "arrival_port": lookup(Place, record.get("arrival_port")),
            },
        )


def load_families(records):
    for record in records:
        family = upsert(
            Family,
            {"name": record["name"]},
            {"is_fictional": record.get("is_fictional", False), "notes": record.get("notes", "")},
        )
        for name in record.get("members", []):
            ensure(FamilyMember, family=family, person=lookup(Person, name, "preferred_name"))
        for person, kind, relative in record.get("relationships", []):
            ensure(
                Relationship,
                family=family,
                person=lookup(Person, person, "preferred_name"),
                kind=kind,
                relative=lookup(Person, relative, "preferred_name"),
            )


def load_catalogue_records(data: dict) -> None:
    """Load every catalogue section of one fixture file, in dependency order."""
    load_places(data.get("places", []))
    load_organisations(data.get("organisations", []))
    load_subjects(data.get("subjects", []))
    load_voyages(data.get("voyages", []))
    load_people(data.get("people", []))
    load_articles(data.get("articles", []))
    load_families(data.get("families", []))
