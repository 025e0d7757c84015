"""The reviewer's page: a testimony as each audience receives it now and would
receive it once released, the difference field by field, the protected-name
guard's findings, and the release or the sending back."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from catalog.admin.base import CatalogueAdmin
from testimony import guard, preview
from testimony.models import PartnerOrganisation, Release, Testimony
from testimony.publication import RELEASE_PERMISSION, Blocked, release, send_back

OVERRIDE = "override-"


def render_record(value) -> str:
    """A presented record as nested lists; a withheld value (None) marked as such."""
    if value is None:
        return format_html('<em class="withheld">{}</em>', _("withheld"))
    if isinstance(value, dict):
        return format_html(
            '<dl class="record">{}</dl>',
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((k, render_record(v)) for k, v in value.items())
            ),
        )
    if isinstance(value, list):
        if not value:
            return format_html("<em>{}</em>", _("none"))
        return format_html(
            '<ol class="record">{}</ol>',
            format_html_join("", "<li>{}</li>", ((render_record(v),) for v in value)),
        )
    return format_html("{}", value)


class ReleaseViews:
    """Mixed into the testimony admin: ``<id>/release/``."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.release_view)
        return [
            path("<path:object_id>/release/", view, name="testimony_testimony_release"),
            *super().get_urls(),
        ]

    def release_view(self, request, object_id):
        testimony = get_object_or_404(Testimony.objects.select_related("narrator"), pk=object_id)
        if not self.has_view_permission(request, testimony):
            raise PermissionDenied
        may_release = request.user.has_perm(RELEASE_PERMISSION)
        if request.method == "POST":
            if not may_release:
                raise PermissionDenied
            return self._decide(request, testimony)
        partner = None
        if request.GET.get("partner", "").isdigit():
            partner = PartnerOrganisation.objects.filter(pk=request.GET["partner"]).first()
        views = preview.compare(testimony, partner)
        hits = guard.check(testimony)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": testimony,
            "title": _("Review and release: %(testimony)s") % {"testimony": testimony},
            "views": [
                (view, render_record(view.released) if view.released else None) for view in views
            ],
            "hits": [(hit, f"{OVERRIDE}{hit.key}") for hit in hits],
            "releases": testimony.releases.select_related("released_by")[:5],
            "send_backs": testimony.send_backs.select_related("sent_by")[:5],
            "partners": PartnerOrganisation.objects.order_by("name"),
            "partner": partner,
            "may_release": may_release,
            "changed": any(view.changes for view in views),
            "change_url": reverse("admin:testimony_testimony_change", args=[testimony.pk]),
            "record_version": self.record_version(testimony.pk),
        }
        return TemplateResponse(request, "admin/testimony/testimony/release.html", context)

    @transaction.atomic
    def _decide(self, request, testimony):
        """Release or send back the state the reviewer saw: checked, like a change
        form, against the version the page was opened on, under the testimony's lock."""
        here = reverse("admin:testimony_testimony_release", args=[testimony.pk])
        Testimony.objects.select_for_update().filter(pk=testimony.pk).exists()
        try:
            self.check_version(request, testimony)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(
                    request, _("Not decided: %(message)s") % {"message": message}, messages.ERROR
                )
            return redirect(here)
        note = request.POST.get("note", "")
        try:
            if "send_back" in request.POST:
                send_back(testimony, by=request.user, note=note)
                self.message_user(request, _("Sent back to the cataloguers."), messages.SUCCESS)
                return redirect(here)
            overrides = {
                key.removeprefix(OVERRIDE): reason
                for key, reason in request.POST.items()
                if key.startswith(OVERRIDE)
            }
            made: Release = release(testimony, by=request.user, note=note, overrides=overrides)
        except Blocked as exc:
            for hit in exc.hits:
                self.message_user(
                    request,
                    _("Not released: %(message)s") % {"message": hit.message},
                    messages.ERROR,
                )
            self.message_user(
                request,
                _(
                    "Redact the text (for example to “[brother]”), or give a reason to release "
                    "each name anyway; the reason is kept in the release's history."
                ),
                messages.WARNING,
            )
            return redirect(here)
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(here)
        self.message_user(
            request,
            _("Release %(number)s of %(testimony)s is what outside audiences now read.")
            % {"number": made.number, "testimony": testimony.catalogue_id},
            messages.SUCCESS,
        )
        return redirect(here)


@admin.register(Release)
class ReleaseAdmin(CatalogueAdmin):
    """Who released what, when, and which protected names they released anyway."""

    list_display = ["testimony", "number", "released_by", "released_at", "consent"]
    list_select_related = ["testimony", "released_by", "consent__testimony"]
    search_fields = ["testimony__catalogue_id", "note"]
    readonly_fields = [
        "testimony",
        "number",
        "consent",
        "released_by",
        "released_at",
        "note",
        "overrides",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
