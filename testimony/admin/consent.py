"""Consent in the admin: recorded as new versions, never edited."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from catalog.admin.base import CatalogueAdmin
from testimony.admin.files import checked_upload
from testimony.files.store import apply_facts
from testimony.models import ConsentRecord, MediaFile, Testimony
from testimony.services import record_consent

CONSENT_FIELDS = [
    ("given_on", "method"),
    ("access", "partners"),
    "embargo_until",
    ("name_disclosure", "pseudonym"),
    ("audio", "video", "transcript", "photos"),
    ("withdrawn", "withdrawal_reason"),
    "form_scan",
    "notes",
]
HISTORY_FIELDS = ["version", "is_current", "recorded_by", "created_at", "form_scan_on_file"]


class NewConsentForm(forms.ModelForm):
    """A new consent version; remembers which version the cataloguer saw as current."""

    expected_current = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ConsentRecord
        fields = [
            "testimony",
            "given_on",
            "method",
            "access",
            "partners",
            "embargo_until",
            "name_disclosure",
            "pseudonym",
            "audio",
            "video",
            "transcript",
            "photos",
            "withdrawn",
            "withdrawal_reason",
            "notes",
        ]

    form_scan = forms.FileField(
        label=_("scan of the consent form"),
        required=False,
        help_text=_("Staff only; never disclosed. PDF, JPEG, PNG, TIFF or WebP."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound or self.instance.pk:
            return
        testimony = self.instance.testimony if self.instance.testimony_id else None
        testimony = testimony or self.initial.get("testimony")
        if isinstance(testimony, Testimony):
            current = testimony.consents.filter(is_current=True).first()
            # 0 stands for "saw no consent"; empty for "saw no testimony yet".
            self.initial["expected_current"] = current.pk if current else 0

    def clean_form_scan(self):
        upload = self.cleaned_data.get("form_scan")
        self.scan_facts = checked_upload(upload, MediaFile.Kind.DOCUMENT) if upload else None
        return upload

    def attach_scan(self, consent: ConsentRecord) -> None:
        """Store the uploaded scan, once the consent version it belongs to is saved."""
        if getattr(self, "scan_facts", None) is None:
            return
        scan = MediaFile(consent=consent, kind=MediaFile.Kind.DOCUMENT)
        apply_facts(scan, self.cleaned_data["form_scan"], self.scan_facts)
        scan.save()

    def has_changed(self):
        """The version seen is not an entry: a blank new form stays blank."""
        return bool(set(self.changed_data) - {"expected_current"})

    def expected(self) -> ConsentRecord | None:
        """The consent version the reviewer saw as current (None: they saw none)."""
        seen = self.cleaned_data.get("expected_current")
        return ConsentRecord(pk=seen) if seen else None

    def clean(self):
        cleaned = super().clean()
        testimony_id = self.instance.testimony_id or getattr(cleaned.get("testimony"), "pk", None)
        if not testimony_id:
            return cleaned
        seen = cleaned.get("expected_current")
        if seen is None:
            raise ValidationError(
                _(
                    "This form was sent without the consent version it was opened on. Nothing "
                    "was recorded: reload the page and record the new version again."
                ),
                code="no_version",
            )
        # Checked under the testimony's lock, held until the save's transaction ends:
        # a second reviewer's save waits here, then finds this one's version.
        Testimony.objects.select_for_update().filter(pk=testimony_id).exists()
        current = ConsentRecord.objects.filter(testimony_id=testimony_id, is_current=True).first()
        if (current.pk if current else 0) != seen:
            raise ValidationError(
                _(
                    "Another consent record was saved for this testimony while you were "
                    "editing (now version %(version)s, recorded by %(by)s). Reload the page "
                    "and check it before recording a new version."
                ),
                code="stale_consent",
                params={
                    "version": current.version if current else _("none"),
                    "by": (current.recorded_by if current else None) or _("someone"),
                },
            )
        return cleaned


class ConsentHistory:
    """Shown, never edited: whether a form scan is on file (the scan itself is staff-only)."""

    @admin.display(description=_("form scan"), boolean=True)
    def form_scan_on_file(self, obj):
        return bool(obj.scans.all())

    @admin.display(description=_("scan of the consent form"))
    def form_scan(self, obj):
        scans = obj.scans.all() if obj and obj.pk else []
        if not scans:
            return "—"
        return format_html_join(
            ", ", '<a href="{}">{}</a>', ((scan.file.url, str(scan)) for scan in scans)
        )


class ConsentInline(ConsentHistory, admin.StackedInline):
    """Existing versions read-only, newest first; a reviewer can add a new one."""

    model = ConsentRecord
    form = NewConsentForm
    extra = 0
    fields = HISTORY_FIELDS + CONSENT_FIELDS + ["expected_current"]
    autocomplete_fields = ["partners"]
    verbose_name = _("consent version")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recorded_by")
            .prefetch_related("partners", "scans")
        )

    def get_readonly_fields(self, request, obj=None):
        return HISTORY_FIELDS

    def get_fields(self, request, obj=None):
        return HISTORY_FIELDS + CONSENT_FIELDS + ["expected_current"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_max_num(self, request, obj=None, **kwargs):
        return (obj.consents.count() if obj else 0) + 1

    def get_formset(self, request, obj=None, **kwargs):
        """New versions carry the version current when the page was opened."""
        current = obj.consents.filter(is_current=True).values_list("pk", flat=True) if obj else []
        seen = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=next(iter(current), 0)
        )
        kwargs["form"] = type(self.form.__name__, (self.form,), {"expected_current": seen})
        return super().get_formset(request, obj, **kwargs)


def save_new_consents(request, formset) -> None:
    """Route new consent forms through the versioning service."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        if not form.has_changed() or form.instance.pk or form in formset.deleted_forms:
            continue
        consent = form.save(commit=False)
        consent.testimony = formset.instance
        record_consent(
            consent,
            recorded_by=request.user,
            partners=form.cleaned_data.get("partners"),
            expected_current=form.expected(),
        )
        form.attach_scan(consent)
        formset.new_objects.append(consent)


class ConsentFilter(admin.SimpleListFilter):
    title = _("consent")
    parameter_name = "consent"

    def lookups(self, request, model_admin):
        return [
            ("none", _("no consent recorded")),
            *ConsentRecord._meta.get_field("access").choices,
            ("embargoed", _("embargoed")),
            ("withdrawn", _("withdrawn")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "none":
            return queryset.exclude(consents__is_current=True)
        if value == "embargoed":
            return queryset.filter(consent_embargo__gt=timezone.localdate())
        if value == "withdrawn":
            return queryset.filter(consent_withdrawn=True)
        return queryset.filter(consent_access=value, consent_withdrawn=False)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ConsentHistory, CatalogueAdmin):
    """Every consent version; a new one is recorded here or on its testimony."""

    form = NewConsentForm
    list_display = [
        "testimony",
        "version",
        "is_current",
        "access",
        "name_disclosure",
        "embargo_until",
        "withdrawn",
        "given_on",
    ]
    list_select_related = ["testimony"]
    list_filter = ["is_current", "access", "name_disclosure", "withdrawn"]
    search_fields = ["testimony__catalogue_id", "testimony__title"]
    autocomplete_fields = ["testimony", "partners"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["testimony", *CONSENT_FIELDS, "expected_current"]
        return ["testimony", *HISTORY_FIELDS, *CONSENT_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else HISTORY_FIELDS

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "testimony" in initial:
            initial["testimony"] = Testimony.objects.filter(pk=initial["testimony"]).first()
        return initial

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("scans")

    def save_model(self, request, obj, form, change):
        record_consent(obj, recorded_by=request.user, expected_current=form.expected())
        form.attach_scan(obj)

    def save_related(self, request, form, formsets, change):
        form.instance.partners.set(form.cleaned_data.get("partners") or [])
