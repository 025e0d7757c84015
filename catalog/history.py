"""History of every catalogue record, kept by database triggers.

django-pghistory's triggers fire for ORM saves, ``.update()``, ``bulk_create``
and raw SQL alike, so no write path can skip the record. Deletions are kept as
events too: nothing disappears without a trace.
"""

import sys

import pghistory


def tracked(**options):
    """Class decorator: keep an event row for every insert, update and delete."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options
    )


def track_m2m(*fields) -> None:
    """Keep an event row for every link added to or removed from many-to-many fields.

    Each auto-created through table gets a tracked proxy model, named after its
    model and field (``SegmentSubjectsLink``), in the through table's app.
    """
    for field in fields:
        through = field.remote_field.through
        model = field.model
        name = f"{model.__name__}{field.name.title().replace('_', '')}Link"
        meta = type("Meta", (), {"proxy": True, "app_label": through._meta.app_label})
        proxy = type(name, (through,), {"Meta": meta, "__module__": model.__module__})
        pghistory.track(
            pghistory.InsertEvent("add"), pghistory.DeleteEvent("remove"), obj_field=None
        )(proxy)
        setattr(sys.modules[model.__module__], name, proxy)
