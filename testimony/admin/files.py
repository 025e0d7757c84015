"""Uploading files in the admin: checked before anything is stored, previewed
for staff, with each file's last fixity check in view."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testimony.files.kinds import ALLOWED
from testimony.files.store import apply_facts, check_upload
from testimony.models import MediaFile

FILE_FIELDS = ["kind", "file", "description", "duration"]
FACT_FIELDS = ["preview", "content_type", "size", "checksum", "fixity", "verified_at"]


def checked_upload(upload, kind, instance=None):
    """``check_upload``, its refusal naming the file: among several chosen at
    once, the cataloguer must see which one was refused."""
    try:
        return check_upload(upload, kind, instance)
    except ValidationError as exc:
        raise ValidationError(
            [
                _("“%(name)s” was not stored: %(reason)s")
                % {"name": upload.name, "reason": message}
                for message in exc.messages
            ],
            code="refused_upload",
        ) from exc


class UploadsFormSet(forms.BaseInlineFormSet):
    """The same file chosen twice in one save is stored once: the second is refused."""

    def clean(self):
        super().clean()
        first_named: dict[str, str] = {}
        refusals = []
        for form in self.forms:
            facts = getattr(form, "facts", None)
            if facts is None or form in self.deleted_forms:
                continue
            name = form.cleaned_data["file"].name
            if facts.sha256 in first_named:
                refusals.append(
                    _(
                        "“%(name)s” is the same file as “%(first)s”, chosen twice in this "
                        "save: remove one of them."
                    )
                    % {"name": name, "first": first_named[facts.sha256]}
                )
            else:
                first_named[facts.sha256] = name
        if refusals:
            raise ValidationError(refusals, code="same_file_twice")


class MediaFileForm(forms.ModelForm):
    class Meta:
        model = MediaFile
        fields = FILE_FIELDS

    def clean(self):
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        self.facts = None
        if not kind:
            return cleaned
        if upload and "file" in self.changed_data:
            self.facts = checked_upload(upload, kind, self.instance)
        elif self.instance.pk and "kind" in self.changed_data:
            allowed = {t.mime for t in ALLOWED[kind]}
            if self.instance.content_type not in allowed:
                self.add_error(
                    "kind",
                    _("This file (%(type)s) cannot be a %(kind)s.")
                    % {"type": self.instance.content_type, "kind": MediaFile.Kind(kind).label},
                )
        return cleaned

    def save(self, commit=True):
        media = super().save(commit=False)
        if self.facts is not None:
            apply_facts(media, self.cleaned_data["file"], self.facts)
        if commit:
            media.save()
        return media


class FileFacts:
    """Read-only columns shared by the file inlines and the file admin."""

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        if obj.thumbnail:
            return format_html(
                '<a href="{}"><img src="{}" alt="{}" style="max-height:80px"></a>',
                obj.web.url if obj.web else obj.file.url,
                obj.thumbnail.url,
                obj.description or obj.original_name,
            )
        if obj.kind == MediaFile.Kind.AUDIO:
            return format_html('<audio controls preload="none" src="{}"></audio>', obj.file.url)
        if obj.kind == MediaFile.Kind.VIDEO:
            return format_html(
                '<video controls preload="none" width="240" src="{}"></video>', obj.file.url
            )
        return format_html('<a href="{}">{}</a>', obj.file.url, _("download"))

    @admin.display(description="SHA-256")
    def checksum(self, obj):
        return format_html('<span title="{}">{}…</span>', obj.sha256, obj.sha256[:12])


class MediaFileInline(FileFacts, admin.TabularInline):
    model = MediaFile
    form = MediaFileForm
    formset = UploadsFormSet
    extra = 0
    fields = FILE_FIELDS + FACT_FIELDS
    readonly_fields = FACT_FIELDS
    kinds: tuple[str, ...] | None = None  # the kinds this owner's files may be

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind" and self.kinds:
            labels = dict(MediaFile.Kind.choices)
            kwargs["choices"] = [(k, labels[k]) for k in self.kinds]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class TestimonyFileInline(MediaFileInline):
    fk_name = "testimony"
    verbose_name = gettext_lazy("file (recording, photo or document)")


class PersonPhotoInline(MediaFileInline):
    fk_name = "person"
    kinds = ("photo",)
    fields = ["kind", "file", "description", *FACT_FIELDS]
    verbose_name = gettext_lazy("photo")


class ArticleFileInline(MediaFileInline):
    fk_name = "article"
    kinds = ("photo", "document")
    fields = ["kind", "file", "description", *FACT_FIELDS]
    verbose_name = gettext_lazy("image or scan")


def attach_to_catalogue_admins(site=admin.site) -> None:
    """Photos on people and images on articles, added from this app so that
    ``catalog`` never depends on ``testimony``."""
    from catalog.models import Person, SourceArticle

    for model, inline in ((Person, PersonPhotoInline), (SourceArticle, ArticleFileInline)):
        model_admin = site.get_model_admin(model)
        if inline not in model_admin.inlines:
            model_admin.inlines = [*model_admin.inlines, inline]
