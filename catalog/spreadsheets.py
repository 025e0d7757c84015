"""CSV (and other spreadsheet) import and export of people, places and subjects,
with django-import-export: the admin's Import shows a dry run (each row's
create, update or error) before anything is written, and an export imported
again changes nothing.

Name variants travel in one cell, ``name (script, language, romanisation, kind)``
entries separated by `` | `` (empty parts kept as empty), and replace the
record's variants on import.
"""

from __future__ import annotations

from django.utils.translation import gettext
from import_export import fields, resources, widgets

from catalog.models import Person, PersonName, Place, PlaceName, Subject, SubjectLabel

SEPARATOR = " | "


class VariantsWidget(widgets.Widget):
    """A record's name variants (or labels) in one cell."""

    def __init__(self, parts: tuple[str, ...], text: str = "name"):
        super().__init__()
        self.parts = parts
        self.text = text

    def clean(self, value, row=None, **kwargs):
        variants = []
        for number, entry in enumerate(filter(None, (value or "").split(SEPARATOR)), start=1):
            entry = entry.strip()
            if not entry.endswith(")") or " (" not in entry:
                raise ValueError(
                    gettext("Variant %(number)s “%(entry)s” is not “%(form)s”.")
                    % {"number": number, "entry": entry, "form": self.form()}
                )
            text, _, rest = entry[:-1].rpartition(" (")
            values = [part.strip() for part in rest.split(",")]
            if len(values) != len(self.parts):
                raise ValueError(
                    gettext(
                        "Variant %(number)s “%(entry)s” needs %(count)s parts in brackets: "
                        "%(parts)s (leave a part empty, not out)."
                    )
                    % {
                        "number": number,
                        "entry": entry,
                        "count": len(self.parts),
                        "parts": ", ".join(self.parts),
                    }
                )
            variants.append({self.text: text.strip(), **dict(zip(self.parts, values, strict=True))})
        return variants

    def form(self) -> str:
        """How one variant is written: ``name (script, language, ...)``."""
        return f"{self.text} ({', '.join(self.parts)})"

    def render(self, value, obj=None, **kwargs):
        return SEPARATOR.join(
            f"{v[self.text]} ({', '.join(v[part] or '' for part in self.parts)})"
            for v in value or []
        )


class VariantsField(fields.Field):
    """Reads and writes a related set of variants (``names``, ``labels``)."""

    def __init__(self, related: str, model, parts, text="name", **kwargs):
        super().__init__(attribute=related, column_name=related, **kwargs)
        self.widget = VariantsWidget(parts, text)
        self.related, self.model, self.parts, self.text = related, model, parts, text

    def get_value(self, obj):
        if obj.pk is None:
            return []
        fields_ = (self.text, *self.parts)
        return list(getattr(obj, self.related).order_by("pk").values(*fields_))

    def save(self, obj, data, is_m2m=False, **kwargs):
        obj._pending_variants = self.clean(data)

    def write(self, obj) -> None:
        wanted = getattr(obj, "_pending_variants", None)
        if wanted is None or wanted == self.get_value(obj):
            return
        related = getattr(obj, self.related)
        related.all().delete()
        for variant in wanted:
            item = related.model(**{**variant, related.field.name: obj})
            item.full_clean()
            item.save()


class VariantsResource(resources.ModelResource):
    """Saves the variants after the record, in the import's transaction."""

    def after_save_instance(self, instance, row, **kwargs):
        # Written in a dry run too (the import's transaction is rolled back), so
        # that the preview reports a variant the database would refuse.
        for field in self.get_import_fields():
            if isinstance(field, VariantsField):
                field.write(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        same = super().skip_row(instance, original, row, import_validation_errors)
        for field in self.get_import_fields():
            if isinstance(field, VariantsField) and instance.pk is not None:
                same = same and field.clean(row) == field.get_value(original)
        return same


class PersonResource(VariantsResource):
    names = VariantsField("names", PersonName, ("script", "language", "romanisation", "kind"))

    class Meta:
        model = Person
        fields = (
            "id",
            "preferred_name",
            "names",
            "birth",
            "death",
            "is_public_figure",
            "has_own_consent",
            "own_consent_date",
            "is_fictional",
        )
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class PlaceResource(VariantsResource):
    names = VariantsField("names", PlaceName, ("script", "language", "romanisation"))
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=widgets.ForeignKeyWidget(Place, "pk")
    )

    class Meta:
        model = Place
        fields = ("id", "name", "kind", "parent", "names", "latitude", "longitude", "geonames_id")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class SubjectResource(VariantsResource):
    labels = VariantsField("labels", SubjectLabel, ("language",), text="label")
    broader = fields.Field(
        attribute="broader",
        column_name="broader",
        widget=widgets.ForeignKeyWidget(Subject, "label"),
    )

    class Meta:
        model = Subject
        fields = ("id", "label", "labels", "broader", "scope_note")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
