"""Testimonies with their transcripts, segments, media and consent, on one page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.forms import BaseInlineFormSet, Textarea
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from catalog.admin.base import CatalogueAdmin, date_range_filter
from catalog.admin.codes import CodesByName
from catalog.admin.widgets import know_chosen, prefetched_autocomplete
from catalog.scripts import COMMON_LANGUAGES
from testimony.admin.consent import ConsentFilter, ConsentInline, save_new_consents
from testimony.admin.files import (
    FACT_FIELDS,
    FILE_FIELDS,
    FileFacts,
    MediaFileForm,
    TestimonyFileInline,
)
from testimony.admin.interchange import InterchangeViews
from testimony.admin.jobs import AccessCopies
from testimony.admin.releases import ReleaseViews
from testimony.admin.transcripts import TranscriptInline
from testimony.api import fetch_log
from testimony.interchange.spreadsheets import TestimonyResource
from testimony.models import (
    ConsentRecord,
    MediaFile,
    PartnerFetch,
    SealedRange,
    Segment,
    SegmentLink,
    SegmentTranslation,
    Testimony,
)
from testimony.publication import release
from testimony.services import PUBLISH_PERMISSION, check_status_change, set_status
from testimony.timecodes import format_timecode
from testimony.timeline import overlapping
from testimony.workbench.views import WorkbenchViews


class SealedRangeInline(admin.TabularInline):
    """Ranges closed beside the closed segments: sealing takes effect at once."""

    model = SealedRange
    extra = 0
    fields = ["start", "end", "sealed_from", "reopens_on", "reason", "created_by"]
    readonly_fields = ["created_by"]
    verbose_name_plural = _("sealed ranges (closed beside the closed segments)")


class SegmentInlineForm(forms.ModelForm):
    """A segment on the testimony's page; its chosen tags come from the prefetch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        know_chosen(self, ["subjects", "places", "people"])


def overlap_refusals(spans) -> list[str]:
    """Why (start, end, title) spans of one testimony may not be saved together."""
    refusals = []
    for first, second in overlapping(spans):
        if first[:2] == second[:2]:
            refusal = gettext(
                "Segments %(first)s and %(second)s repeat each other: a moment of the "
                "recording belongs to one segment."
            )
        else:
            refusal = gettext(
                "Segments %(first)s and %(second)s overlap each other: a moment of the "
                "recording belongs to one segment."
            )
        refusals.append(refusal % {"first": describe_span(first), "second": describe_span(second)})
    return refusals


def describe_span(span) -> str:
    start, end, title = span
    return f"{format_timecode(start)}–{format_timecode(end)} “{title}”"


class SegmentFormSet(BaseInlineFormSet):
    """A testimony's segments may not share time: each moment is indexed once."""

    def clean(self):
        super().clean()
        spans = []
        for form in self.forms:
            if form in self.deleted_forms or form.errors:
                continue
            if not form.instance.pk and not form.has_changed():
                continue  # a blank new form
            data, saved = form.cleaned_data, form.instance
            span = (data.get("start", saved.start), data.get("end", saved.end))
            if None not in span:
                spans.append((*span, data.get("title", saved.title)))
        refusals = overlap_refusals(spans)
        if refusals:
            raise ValidationError(refusals, code="overlapping_segments")


class SegmentForm(forms.ModelForm):
    """A segment edited on its own page, checked against its testimony's others
    (the testimony is locked by then: see ``SegmentAdmin.locks_parents``)."""

    def clean(self):
        cleaned = super().clean()
        testimony, start, end = (cleaned.get(name) for name in ("testimony", "start", "end"))
        if testimony is None or start is None or end is None:
            return cleaned
        others = Segment.objects.filter(testimony=testimony).exclude(pk=self.instance.pk)
        own = (start, end, cleaned.get("title", ""))
        spans = [own, *others.values_list("start", "end", "title")]
        refusals = [
            refusal
            for first, second in overlapping(spans)
            if own in (first, second)
            for refusal in overlap_refusals([first, second])
        ]
        if refusals:
            raise ValidationError(refusals, code="overlapping_segments")
        return cleaned


class SegmentInline(admin.StackedInline):
    model = Segment
    formset = SegmentFormSet
    form = SegmentInlineForm
    extra = 0
    fields = [
        ("start", "end", "is_closed"),
        "title",
        "synopsis",
        "transcript_excerpt",
        ("subjects", "places", "people"),
        "closed_reason",
    ]
    autocomplete_fields = ["subjects", "places", "people"]
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 90})}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subjects", "places", "people")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        prefetched_autocomplete(self, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LanguageFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return COMMON_LANGUAGES[:3]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(languages__contains=[self.value()])
        return queryset


def _current_consent(field: str):
    return Subquery(
        ConsentRecord.objects.filter(testimony=OuterRef("pk"), is_current=True).values(field)[:1]
    )


@admin.register(Testimony)
class TestimonyAdmin(
    WorkbenchViews, InterchangeViews, ReleaseViews, ImportExportMixin, CatalogueAdmin
):
    resource_classes = [TestimonyResource]
    list_display = [
        "catalogue_id",
        "title",
        "narrator",
        "recorded",
        "status",
        "consent_state",
    ]
    list_select_related = ["narrator", "collection"]
    list_filter = [
        "status",
        ConsentFilter,
        LanguageFilter,
        "collection",
        ("place", admin.RelatedOnlyFieldListFilter),
        date_range_filter("recorded", _("recorded")),
        "is_fictional",
    ]
    search_fields = ["catalogue_id", "title", "narrator__preferred_name", "summary"]
    autocomplete_fields = ["narrator", "interviewers", "place", "collection"]
    readonly_fields = [
        "duration_display",
        "created_by",
        "created_at",
        "updated_at",
        "fetched_by_partners",
    ]
    actions = ["publish", "take_back", "send_to_review"]
    change_form_template = "admin/testimony/testimony/change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("catalogue_id", "status"),
                    "title",
                    ("narrator", "interviewers"),
                    ("recorded", "place"),
                    ("languages", "duration_display"),
                    "collection",
                    "summary",
                    "rights_statement",
                    "is_fictional",
                ]
            },
        ),
        (_("Record"), {"fields": [("created_by", "created_at", "updated_at")]}),
        (
            _("Partners who fetched it (tell them on withdrawal)"),
            {"fields": ["fetched_by_partners"]},
        ),
    ]
    inlines = [
        ConsentInline,
        TranscriptInline,
        SegmentInline,
        SealedRangeInline,
        TestimonyFileInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                consent_access=_current_consent("access"),
                consent_withdrawn=_current_consent("withdrawn"),
                consent_embargo=_current_consent("embargo_until"),
                consent_version=_current_consent("version"),
            )
        )

    @admin.display(description=_("consent"))
    def consent_state(self, obj):
        if obj.consent_version is None:
            return _("none (closed)")
        if obj.consent_withdrawn:
            return _("withdrawn (v%(version)s)") % {"version": obj.consent_version}
        label = dict(ConsentRecord._meta.get_field("access").choices)[obj.consent_access]
        if obj.consent_embargo and obj.consent_embargo > timezone.localdate():
            label = _("%(label)s, embargoed until %(date)s") % {
                "label": label,
                "date": f"{obj.consent_embargo:%Y-%m-%d}",
            }
        return gettext("%(label)s (v%(version)s)") % {
            "label": label,
            "version": obj.consent_version,
        }

    @admin.display(description=_("fetched by"))
    def fetched_by_partners(self, obj):
        fetch_log.flush()
        fetches = PartnerFetch.objects.filter(record_type="testimony", record_id=obj.pk)
        rows = [
            gettext("%(partner)s: first %(first)s, last %(last)s (%(times)s×)")
            % {
                "partner": f.partner,
                "first": f"{f.first_fetched_at:%Y-%m-%d %H:%M}",
                "last": f"{f.last_fetched_at:%Y-%m-%d %H:%M}",
                "times": f.times,
            }
            for f in fetches.select_related("partner")
        ]
        return "\n".join(rows) or _("No partner has fetched this testimony.")

    @admin.display(description=_("duration"))
    def duration_display(self, obj):
        if obj.duration is None:
            return _("Read from the recording once one is uploaded.")
        return format_timecode(obj.duration)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is ConsentRecord:
            save_new_consents(request, formset)
        elif formset.model is SealedRange:
            for sealed in formset.save(commit=False):
                sealed.created_by = sealed.created_by or request.user
                sealed.save()
            for sealed in formset.deleted_objects:
                sealed.delete()
        else:
            super().save_formset(request, form, formset, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user

        class StatusCheckedForm(form):
            def clean_status(self):
                status = self.cleaned_data["status"]
                before = self.initial.get("status") if obj else None
                try:
                    check_status_change(user, before, status)
                except PermissionDenied as exc:
                    raise ValidationError(str(exc)) from exc
                if status == Testimony.Status.PUBLISHED and before != status:
                    raise ValidationError(
                        _(
                            "A testimony is published by releasing it: save it “in review”, "
                            "then open “Review and release” to see it as each audience would."
                        )
                    )
                return status

        return StatusCheckedForm

    @admin.action(
        description=_("Release the selected testimonies as they stand"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        done = 0
        for testimony in queryset:
            try:
                release(testimony, by=request.user, note="Released from the list.")
                done += 1
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(
                        request, f"{testimony.catalogue_id}: {message}", messages.ERROR
                    )
        if done:
            self.message_user(
                request,
                ngettext("%(count)s testimony released.", "%(count)s testimonies released.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Take the selected testimonies back from publication (at once)"),
        permissions=["publish"],
    )
    def take_back(self, request, queryset):
        self._set_status(request, queryset, Testimony.Status.DRAFT)

    @admin.action(description=_("Send the selected testimonies to review"))
    def send_to_review(self, request, queryset):
        self._set_status(request, queryset, Testimony.Status.IN_REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def _set_status(self, request, queryset, status):
        done = 0
        for testimony in queryset:
            try:
                set_status(testimony, status, user=request.user)
                done += 1
            except PermissionDenied as exc:
                self.message_user(request, f"{testimony.catalogue_id}: {exc}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s testimony set to “%(status)s”.",
                    "%(count)s testimonies set to “%(status)s”.",
                    done,
                )
                % {"count": done, "status": Testimony.Status(status).label},
                messages.SUCCESS,
            )


class SegmentTranslationInline(CodesByName, admin.StackedInline):
    """The segment's title, synopsis and keywords in other languages (OHMS ``_alt``)."""

    model = SegmentTranslation
    extra = 0
    fields = [("language", "title"), "synopsis", "keywords"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 90})}}


class SegmentLinkInline(admin.TabularInline):
    model = SegmentLink
    extra = 0
    fields = ["url", "text"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Segment)
class SegmentAdmin(CatalogueAdmin):
    form = SegmentForm
    inlines = [SegmentTranslationInline, SegmentLinkInline]
    locks_parents = ("testimony",)
    list_display = ["testimony", "start_display", "end_display", "title", "is_closed"]
    list_select_related = ["testimony"]
    list_filter = ["is_closed"]
    search_fields = ["title", "synopsis", "testimony__catalogue_id"]
    autocomplete_fields = ["testimony", "subjects", "places", "people"]

    @admin.display(description=_("start"), ordering="start")
    def start_display(self, obj):
        return format_timecode(obj.start)

    @admin.display(description=_("end"), ordering="end")
    def end_display(self, obj):
        return format_timecode(obj.end)


@admin.register(MediaFile)
class MediaFileAdmin(FileFacts, AccessCopies, CatalogueAdmin):
    """Every stored file, with where it belongs and its last fixity check."""

    locks_parents = ("testimony", "person", "article")

    form = MediaFileForm
    list_display = ["__str__", "kind", "owner", "content_type", "size", "fixity", "verified_at"]
    list_select_related = ["testimony", "person", "article", "consent__testimony"]
    list_filter = ["kind", "fixity"]
    search_fields = ["original_name", "testimony__catalogue_id", "sha256", "description"]
    autocomplete_fields = ["testimony", "person", "article"]
    readonly_fields = [
        *FACT_FIELDS,
        "consent",
        "original_name",
        "width",
        "height",
        "access_copies",
    ]
    fields = [
        ("testimony", "person", "article", "consent"),
        *FILE_FIELDS,
        "original_name",
        *FACT_FIELDS,
        ("width", "height"),
        "access_copies",
    ]

    @admin.display(description=_("belongs to"))
    def owner(self, obj):
        return obj.testimony or obj.person or obj.article or obj.consent
