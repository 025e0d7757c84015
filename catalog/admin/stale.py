"""No lost updates: an admin save from a stale copy of a record is refused.

The change form carries the record's version (read from the history events of
the record and of the rows edited on its page, see ``catalog.admin.history``)
as a hidden field. On save, in the transaction of the save, the record's row is
locked (``SELECT ... FOR UPDATE``) and its version read again: if anything was
written since the form was opened, the save is refused with who changed what.
Two simultaneous saves queue on the lock; the second then sees the first's
events and is refused.

Because a fresh version proves that the stored rows are those the form showed,
inline rows that come back unchanged are not validated again (each would cost
queries), and the page's history lists the same events in words.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.forms.models import _get_foreign_key
from django.forms.utils import ErrorDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.admin import history

VERSION_FIELD = "_record_version"
SHOWN_IN_MESSAGE = 8  # entries named in a refusal; the history page has them all
ENTRIES_PER_PAGE = 100


class UnchangedRowTrusted:
    """Form mixin for inline rows: an existing row sent back unchanged is not
    cleaned again, as the version check has proved it is what is stored."""

    def full_clean(self):
        if self.is_bound and self.instance.pk and not self.has_changed():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


def check(found: list[history.Source], seen: str, model) -> None:
    """ValidationError, naming who changed what since, unless ``seen`` is the
    current version of the record whose history is ``found`` (a ``model``);
    the admin's pages and the workbench refuse stale saves with these words."""
    if seen == history.version(found):
        return
    after = history.last_ids(seen, len(found))
    if after is None:
        raise ValidationError(
            _(
                "This form was sent without the version of the record it was opened on, "
                "so it cannot be checked against changes made since. Nothing was saved: "
                "reload the page and make your changes again."
            ),
            code="no_version",
        )
    entries = history.entries(history.changes(found, after=after))
    said = [
        _("%(who)s at %(when)s: %(what)s")
        % {
            "who": entry.who,
            "when": f"{entry.at:%Y-%m-%d %H:%M}",
            "what": "; ".join(entry.lines),
        }
        for entry in entries[:SHOWN_IN_MESSAGE]
    ]
    if len(entries) > SHOWN_IN_MESSAGE:
        more = len(entries) - SHOWN_IN_MESSAGE
        said.append(
            ngettext(
                "and %(count)s more (see its history)",
                "and %(count)s more (see its history)",
                more,
            )
            % {"count": more}
        )
    raise ValidationError(
        _(
            "This %(name)s was changed by someone else since you opened it, and your "
            "changes were not saved, so as not to undo theirs. Since then: %(since)s. "
            "Reload the page to see the record as it is now, then make your changes again."
        ),
        code="stale",
        params={
            "name": model._meta.verbose_name,
            "since": " | ".join(said) or _("a save that left every field as it was"),
        },
    )


def _trusting_unchanged(formset):
    form = type(formset.form.__name__, (UnchangedRowTrusted, formset.form), {})
    return type(formset.__name__, (formset,), {"form": form})


class StaleSaveRefused:
    """ModelAdmin mixin: versioned change forms, locked saves, a readable history."""

    change_form_template = "admin/stale_change_form.html"
    object_history_template = "admin/record_history.html"
    # Foreign keys of records whose own page edits this record too (a segment's
    # testimony): locked first, in that order, so both pages queue on one lock.
    locks_parents: tuple[str, ...] = ()

    # -- what belongs to the record's history ---------------------------------

    def history_sources(self, pk) -> list[history.Source]:
        inlines = []
        for inline in self.inlines:
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            inlines.append((inline.model, fk))
        return history.sources(self.model, pk, inlines)

    def record_version(self, pk) -> str:
        return history.version(self.history_sources(pk))

    # -- locking and checking ---------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        if request.method != "POST" or not connection.in_atomic_block:
            return super().get_object(request, object_id, from_field)
        queryset = self.get_queryset(request)
        opts = self.model._meta
        field = opts.pk if from_field is None else opts.get_field(from_field)
        try:
            key = field.to_python(unquote(object_id))
        except ValidationError:
            return None
        for parent in self.locks_parents:
            parent_model = self.model._meta.get_field(parent).related_model
            ids = self.model._base_manager.filter(**{field.name: key}).values(f"{parent}_id")
            list(parent_model._base_manager.select_for_update().filter(pk__in=ids).values("pk"))
        return queryset.select_for_update(of=("self",)).filter(**{field.name: key}).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None or request.method != "POST":
            return form
        model_admin = self

        class VersionCheckedForm(form):
            def clean(self):
                cleaned = super().clean()
                model_admin.check_version(request, obj)
                return cleaned

        VersionCheckedForm.__name__ = form.__name__
        return VersionCheckedForm

    def check_version(self, request, obj) -> None:
        """Refuse the save unless the form saw the record's current version."""
        check(self.history_sources(obj.pk), request.POST.get(VERSION_FIELD, ""), self.model)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield (_trusting_unchanged(formset) if obj is not None else formset), inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            posted = request.POST.get(VERSION_FIELD) if request.method == "POST" else None
            context[VERSION_FIELD.lstrip("_")] = posted or self.record_version(obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # -- the history page ----------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = history.entries(history.changes(self.history_sources(obj.pk)))
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": obj},
            "subtitle": None,
            "page_obj": page,
            "entries": page.object_list,
            "module_name": str(opts.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)
