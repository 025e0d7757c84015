"""OHMS on a testimony's admin page: import into the working copy (a preview
of what will be created before anything is written) and export as a chosen
audience receives it (staff: the release whole; the public or one partner:
exactly what the API gives them)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testimony.disclosure import Audience
from testimony.interchange import ohms
from testimony.interchange.ohms_import import apply, describe, plan
from testimony.interchange.ohms_read import Refused
from testimony.interchange.source import testimony_record
from testimony.models import PartnerOrganisation, Testimony


class OhmsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OHMS XML file"),
        help_text=gettext_lazy(
            "OHMS 5.x or 6.0. You will see what it creates before anything is written."
        ),
    )


class OhmsConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput)


class InterchangeViews:
    """Mixed into the testimony admin: ``<id>/ohms/import/`` and ``<id>/ohms/export/``."""

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
            else:
                upload = OhmsUploadForm(request.POST, request.FILES)
                context["upload"] = upload
                if not upload.is_valid():
                    return TemplateResponse(request, "admin/testimony/ohms_import.html", context)
                content = upload.cleaned_data["file"].read()
            try:
                result = plan(testimony, content)
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
            context["confirm"] = OhmsConfirmForm(initial={"content": content.decode("utf-8")})
        return TemplateResponse(request, "admin/testimony/ohms_import.html", context)

    def ohms_export_view(self, request, object_id):
        testimony = get_object_or_404(Testimony, pk=object_id)
        if not self.has_view_permission(request, testimony):
            raise PermissionDenied
        audience = _audience(request.GET.get("audience", "staff"))
        record = testimony_record(audience, testimony.pk)
        if record is None:
            messages.warning(
                request,
                _("This audience receives nothing of this testimony (not released to it)."),
            )
            return redirect(reverse("admin:testimony_testimony_change", args=[testimony.pk]))
        response = HttpResponse(ohms.export(audience, record), content_type="application/xml")
        name = f"{testimony.catalogue_id.replace('/', '-')}-{audience.kind}-ohms.xml"
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
