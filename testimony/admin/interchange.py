"""OHMS and IIIF on a testimony's admin page: OHMS import into the working copy
(a preview of what will be created before anything is written), and exports
as a chosen audience receives them (staff: the release whole; the public or
one partner: the very file the API gives them)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.admin.codes import language_choices
from testimony.disclosure import Audience
from testimony.interchange import iiif, ohms
from testimony.interchange.ohms_import import apply, describe, plan
from testimony.interchange.ohms_read import Refused
from testimony.interchange.source import testimony_record
from testimony.models import PartnerOrganisation, Testimony, Transcript


def _alt_language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Language of the translated fields",
        choices=lambda: [("", "—"), *language_choices()],
        required=False,
        help_text="The language of the points' title_alt, synopsis_alt and keywords_alt, "
        "when the file does not say (transcript_alt_lang).",
    )


class OhmsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OHMS XML file"),
        help_text=gettext_lazy(
            "OHMS 5.x or 6.0. You will see what it creates before anything is written."
        ),
    )
    alt_language = _alt_language_field()


class OhmsConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput)
    alt_language = forms.CharField(widget=forms.HiddenInput, required=False)


class ExportForm(forms.Form):
    """Who the file is for, and which translation fills OHMS's ``_alt`` fields."""

    audience = forms.ChoiceField(label="Audience")
    translation = forms.ChoiceField(
        label="Translation (OHMS _alt)",
        required=False,
        help_text="Empty: the first timed translation the audience may read.",
    )
    format = forms.ChoiceField(
        choices=[("ohms", "OHMS XML"), ("iiif", "IIIF manifest")], initial="ohms"
    )

    def __init__(self, data, testimony: Testimony):
        super().__init__(data)
        partners = PartnerOrganisation.objects.filter(is_active=True).order_by("name", "pk")
        partners = partners.values_list("pk", "name")
        self.fields["audience"].choices = [
            ("staff", "Staff (the release whole)"),
            ("public", "The public"),
            ("Partners", [(f"partner-{pk}", name) for pk, name in partners]),
        ]
        languages = (
            Transcript.objects.filter(testimony=testimony, translation_of__isnull=False)
            .order_by("language")
            .values_list("language", flat=True)
            .distinct()
        )
        self.fields["translation"].choices = [("", "—"), *((lang, lang) for lang in languages)]


class InterchangeViews:
    """Mixed into the testimony admin: ``<id>/ohms/import/``, ``<id>/export/``
    (the chooser) and ``<id>/ohms/export/`` (``?audience=...``, kept for links)."""

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "<path:object_id>/ohms/import/",
                site.admin_view(self.ohms_import_view),
                name="testimony_testimony_ohms_import",
            ),
            path(
                "<path:object_id>/ohms/export/",
                site.admin_view(self.ohms_export_view),
                name="testimony_testimony_ohms_export",
            ),
            path(
                "<path:object_id>/export/",
                site.admin_view(self.export_view),
                name="testimony_testimony_export",
            ),
            *super().get_urls(),
        ]

    def ohms_import_view(self, request, object_id):
        testimony = get_object_or_404(Testimony, pk=object_id)
        if not self.has_change_permission(request, testimony):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": testimony,
            "title": _("Import OHMS into %(testimony)s") % {"testimony": testimony.catalogue_id},
            "upload": OhmsUploadForm(),
        }
        if request.method == "POST":
            if "confirm" in request.POST:
                confirm = OhmsConfirmForm(request.POST)
                content = confirm.data.get("content", "").encode()
                alt_language = confirm.data.get("alt_language", "")
            else:
                upload = OhmsUploadForm(request.POST, request.FILES)
                context["upload"] = upload
                if not upload.is_valid():
                    return TemplateResponse(request, "admin/testimony/ohms_import.html", context)
                content = upload.cleaned_data["file"].read()
                alt_language = upload.cleaned_data["alt_language"]
            try:
                result = plan(testimony, content, alt_language)
            except Refused as refused:
                context["problems"] = refused.problems
                return TemplateResponse(request, "admin/testimony/ohms_import.html", context)
            if "confirm" in request.POST:
                apply(result)
                messages.success(
                    request,
                    _(
                        "The OHMS file was imported into the working copy of %(testimony)s; "
                        "nothing leaves the archive until a reviewer releases it."
                    )
                    % {"testimony": testimony.catalogue_id},
                )
                return redirect(reverse("admin:testimony_testimony_change", args=[testimony.pk]))
            context["preview"] = describe(result)
            context["confirm"] = OhmsConfirmForm(
                initial={"content": content.decode("utf-8"), "alt_language": alt_language}
            )
        return TemplateResponse(request, "admin/testimony/ohms_import.html", context)

    def export_view(self, request, object_id):
        """A form to choose the audience, translation and format; with a choice
        made (GET), the file that audience receives."""
        testimony = get_object_or_404(Testimony, pk=object_id)
        if not self.has_view_permission(request, testimony):
            raise PermissionDenied
        form = ExportForm(request.GET or None, testimony)
        if form.is_valid():
            choice = form.cleaned_data
            return self._export(
                request, testimony, choice["audience"], choice["format"], choice["translation"]
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": testimony,
            "title": f"Export {testimony.catalogue_id}",
            "form": form,
        }
        return TemplateResponse(request, "admin/testimony/export.html", context)

    def ohms_export_view(self, request, object_id):
        testimony = get_object_or_404(Testimony, pk=object_id)
        if not self.has_view_permission(request, testimony):
            raise PermissionDenied
        return self._export(request, testimony, request.GET.get("audience", "staff"), "ohms")

    def _export(self, request, testimony, audience_value, kind, translation=None):
        audience = _audience(audience_value)
        record = testimony_record(audience, testimony.pk)
        if record is None:
            messages.warning(
                request,
                _("This audience receives nothing of this testimony (not released to it)."),
            )
            return redirect(reverse("admin:testimony_testimony_change", args=[testimony.pk]))
        name = f"{testimony.catalogue_id.replace('/', '-')}-{audience_value}"
        if kind == "iiif":
            response = JsonResponse(
                iiif.manifest(audience, record, request),
                content_type="application/ld+json",
                json_dumps_params={"ensure_ascii": False},
            )
            name += "-manifest.json"
        else:
            try:
                content = ohms.export(audience, record, translation or None, request)
            except ohms.NoSuchTranslation as exc:
                messages.error(request, str(exc))
                return redirect(reverse("admin:testimony_testimony_export", args=[testimony.pk]))
            response = HttpResponse(content, content_type="application/xml")
            name += "-ohms.xml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _audience(value: str) -> Audience:
    """``staff``, ``public`` or ``partner-<id>``."""
    if value == "staff":
        return Audience.staff()
    if value == "public":
        return Audience.public()
    if value.startswith("partner-") and value[8:].isdigit():
        return Audience.for_partner(get_object_or_404(PartnerOrganisation, pk=int(value[8:])))
    raise Http404(_("Unknown audience."))
