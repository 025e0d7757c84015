"""Autocomplete selects that show the chosen records from what the page has
already read, so that a page of many inline forms runs no query per form."""

from django.contrib.admin.widgets import AutocompleteSelectMultiple


class KnownChoicesAutocomplete(AutocompleteSelectMultiple):
    """Given ``known`` ({pk: label}, e.g. from prefetched relations), the chosen
    options are drawn from it; otherwise they are read as usual."""

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.known is None or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = [
            self.create_option(name, pk, self.known[pk], selected, index)
            for index, pk in enumerate(sorted(selected, key=self.known.get))
        ]
        return [(None, options, 0)]


def prefetched_autocomplete(admin, db_field, kwargs) -> None:
    """Use KnownChoicesAutocomplete for an autocomplete many-to-many field."""
    if db_field.name in admin.autocomplete_fields and "widget" not in kwargs:
        kwargs["widget"] = KnownChoicesAutocomplete(
            db_field, admin.admin_site, using=kwargs.get("using")
        )


def know_chosen(form, names) -> None:
    """Tell each field's KnownChoicesAutocomplete the records its instance holds
    (read from the prefetch cache)."""
    if form.instance.pk is None:
        return
    for name in names:
        widget = getattr(form.fields[name].widget, "widget", form.fields[name].widget)
        if isinstance(widget, KnownChoicesAutocomplete):
            widget.known = {str(obj.pk): str(obj) for obj in getattr(form.instance, name).all()}
