"""Presenters for the public reference records: places, organisations, subjects,
voyages, collections and source articles."""

from catalog.citations import bibtex, chicago, csl_json
from testimony import disclosure
from testimony.disclosure import place_ref, uncertain


def _names(record):
    return [
        {
            "name": n.name,
            "script": n.script,
            "language": n.language or None,
            "romanisation": n.romanisation or None,
        }
        for n in record.names.all()
    ]


def _float(value):
    return float(value) if value is not None else None


def present_places(audience, items, detail=False):
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "parent": place_ref(p.parent),
            "latitude": _float(p.latitude),
            "longitude": _float(p.longitude),
            "geonames_id": p.geonames_id,
            "names": _names(p),
        }
        for p in items
    ]


def present_organisations(audience, items, detail=False):
    return [
        {"id": o.pk, "name": o.name, "kind": o.kind, "url": o.url or None, "names": _names(o)}
        for o in items
    ]


def _subject_ref(subject):
    return {"id": subject.pk, "label": subject.label} if subject else None


def present_subjects(audience, items, detail=False):
    return [
        {
            "id": s.pk,
            "label": s.label,
            "broader": _subject_ref(s.broader),
            "scope_note": s.scope_note,
            "labels": [{"label": lb.label, "language": lb.language} for lb in s.labels.all()],
        }
        for s in items
    ]


def present_voyages(audience, items, detail=False):
    return [
        {
            "id": v.pk,
            "number": v.number,
            "ship": v.ship or None,
            "departed": uncertain(v, "departed"),
            "arrived": uncertain(v, "arrived"),
            "departure_port": place_ref(v.departure_port),
            "arrival_port": place_ref(v.arrival_port),
            "passengers": v.passengers,
        }
        for v in items
    ]


def present_collections(audience, items, detail=False):
    return [
        {"id": c.pk, "code": c.code, "name": c.name, "description": c.description} for c in items
    ]


def present_articles(audience, items, detail=False):
    items = list(items)
    people = disclosure.article_people(audience, items)
    return [
        {
            "id": a.pk,
            "title": a.title,
            "kind": a.kind,
            "outlet": a.outlet,
            "published": uncertain(a, "published"),
            "language": a.language,
            "url": a.url or None,
            "summary": a.summary,
            "contributors": [{"name": c.name, "role": c.role} for c in a.contributors.all()],
            "people": people[a.pk],
            "places": [place_ref(p) for p in a.places.all()],
            "organisations": [{"id": o.pk, "name": o.name} for o in a.organisations.all()],
            "subjects": [_subject_ref(s) for s in a.subjects.all()],
            "facts": [
                {
                    "statement": f.statement,
                    "figure": None if f.figure is None else str(f.figure),
                    "unit": f.unit or None,
                    "subjects": [_subject_ref(s) for s in f.subjects.all()],
                }
                for f in a.facts.all()
            ],
            "citation": {"chicago": chicago(a), "csl_json": csl_json(a), "bibtex": bibtex(a)},
            "files": [disclosure.present_media(audience, m) for m in a.public_files],
        }
        for a in items
    ]
