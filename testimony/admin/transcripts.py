"""Transcripts and their timed cues in the admin: imported from WebVTT or text
with [hh:mm:ss] markers, exported the same ways, each cue editable on its own."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from catalog.admin.base import CatalogueAdmin
from catalog.admin.codes import CodesByName
from testimony.models import Cue, Transcript
from testimony.models.search import SearchEntry
from testimony.search.index import reindex
from testimony.timecodes import format_timecode
from testimony.transcripts import formats
from testimony.transcripts.services import check_cues, read_cues, replace_cues
from testimony.workbench.stale import transcript_sources

SHOWN_CUES = 200


class TranscriptInline(CodesByName, admin.StackedInline):
    model = Transcript
    extra = 0
    fields = [("language", "translation_of", "translator"), "text"]
    classes = ["collapse"]
    show_change_link = True  # the cues: import, export, edit

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "translation_of":
            testimony_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Transcript.objects.filter(testimony_id=testimony_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TranscriptForm(forms.ModelForm):
    cue_file = forms.FileField(
        label=gettext_lazy("import cues"),
        required=False,
        help_text=gettext_lazy(
            "A WebVTT file (.vtt; speakers as <v Name>) or text with a [hh:mm:ss] marker "
            "before each passage (.txt). It replaces the transcript's cues; nothing is changed "
            "if any cue is refused."
        ),
    )

    class Meta:
        model = Transcript
        fields = ["testimony", "language", "translation_of", "translator", "text"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("cue_file")
        testimony = cleaned.get("testimony")
        if upload and testimony is not None:
            try:
                cues = read_cues(upload.name, upload.read())
                self.imported_cues = check_cues(cues, testimony.duration)
            except ValidationError as exc:
                named = [
                    _("“%(name)s” was not imported: %(reason)s")
                    % {"name": upload.name, "reason": m}
                    for m in exc.messages
                ]
                self.add_error("cue_file", ValidationError(named, code="refused_upload"))
        return cleaned


@admin.register(Transcript)
class TranscriptAdmin(CatalogueAdmin):
    locks_parents = ("testimony",)
    form = TranscriptForm
    list_display = ["testimony", "language", "translation_of", "translator", "timed"]
    list_select_related = ["testimony", "translation_of__testimony"]
    list_filter = ["language"]
    search_fields = ["testimony__catalogue_id", "testimony__title"]
    autocomplete_fields = ["testimony", "translation_of"]
    readonly_fields = ["cue_table"]
    fieldsets = [
        (None, {"fields": ["testimony", ("language", "translation_of", "translator")]}),
        (gettext_lazy("Timed cues"), {"fields": ["cue_file", "cue_table"]}),
        (
            gettext_lazy("Untimed text (staff; never sent outside while any range is closed)"),
            {"fields": ["text"]},
        ),
    ]

    def history_sources(self, pk):
        """The transcript with its cues: an import made here from a page opened
        before a cue was edited (in the workbench or the cue's page) is refused."""
        return transcript_sources(pk)

    def get_queryset(self, request):
        has_cues = Exists(Cue.objects.filter(transcript=OuterRef("pk")))
        return super().get_queryset(request).annotate(has_cues=has_cues)

    @admin.display(boolean=True, description=gettext_lazy("timed"), ordering="has_cues")
    def timed(self, obj):
        return obj.has_cues

    @admin.display(description=gettext_lazy("cues"))
    def cue_table(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the transcript first, then import its cues.")
        cues = list(obj.cues.all()[: SHOWN_CUES + 1])
        if not cues:
            return _("No cues: the transcript is untimed.")
        count = obj.cues.count()
        exports = format_html(
            '<a href="{}">WebVTT</a> · <a href="{}">{}</a> · '
            '<a href="{}?transcript__id__exact={}">{}</a> ({})',
            reverse("admin:testimony_transcript_export", args=[obj.pk, "vtt"]),
            reverse("admin:testimony_transcript_export", args=[obj.pk, "txt"]),
            _("text with markers"),
            reverse("admin:testimony_cue_changelist"),
            obj.pk,
            _("edit cues one by one"),
            ngettext("%(count)s cue", "%(count)s cues", count) % {"count": count},
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (format_timecode(c.start), format_timecode(c.end), c.speaker, c.text)
                for c in cues[:SHOWN_CUES]
            ),
        )
        more = ""
        if count > SHOWN_CUES:
            more = format_html(
                "<p>{}</p>", _("… and %(count)s more.") % {"count": count - SHOWN_CUES}
            )
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th></tr></thead><tbody>{}</tbody></table>{}",
            exports,
            _("start"),
            _("end"),
            _("speaker"),
            _("text"),
            rows,
            more,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cues = getattr(form, "imported_cues", None)
        if cues is not None:
            count = replace_cues(form.instance, cues)
            message = ngettext("%(count)s cue imported.", "%(count)s cues imported.", count)
            self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("<int:pk>/export.<str:fmt>", export, name="testimony_transcript_export"),
            *super().get_urls(),
        ]

    def export_view(self, request, pk: int, fmt: str):
        """The staff copy of the cues, every cue included."""
        transcript = get_object_or_404(Transcript.objects.select_related("testimony"), pk=pk)
        if not self.has_view_permission(request, transcript) or fmt not in ("vtt", "txt"):
            raise PermissionDenied
        cues = transcript.cues.all()
        if fmt == "vtt":
            body, content_type = formats.write_webvtt(cues), "text/vtt; charset=utf-8"
        else:
            body, content_type = formats.write_marked_text(cues), "text/plain; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        name = f"{transcript.testimony.catalogue_id}-{transcript.language}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name.replace("/", "-")}"'
        return response


@admin.register(Cue)
class CueAdmin(CatalogueAdmin):
    locks_parents = ("transcript",)
    list_display = ["start_display", "end_display", "speaker", "text", "transcript"]
    list_select_related = ["transcript__testimony"]
    search_fields = ["text", "speaker", "transcript__testimony__catalogue_id"]
    autocomplete_fields = ["transcript"]
    fields = ["transcript", ("start", "end", "speaker"), "text"]
    ordering = ["transcript", "start", "id"]

    @admin.display(description=gettext_lazy("start"), ordering="start")
    def start_display(self, obj):
        return format_timecode(obj.start)

    @admin.display(description=gettext_lazy("end"), ordering="end")
    def end_display(self, obj):
        return format_timecode(obj.end)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reindex(SearchEntry.Kind.TRANSCRIPT, [obj.transcript_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reindex(SearchEntry.Kind.TRANSCRIPT, [obj.transcript_id])

    def delete_queryset(self, request, queryset):
        transcripts = set(queryset.values_list("transcript_id", flat=True))
        super().delete_queryset(request, queryset)
        reindex(SearchEntry.Kind.TRANSCRIPT, transcripts)
