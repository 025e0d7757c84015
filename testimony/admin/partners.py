"""Partners' API tokens (shown once, stored hashed) and what partners fetched."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from catalog.admin.base import CatalogueAdmin
from testimony.api import fetch_log
from testimony.models import PartnerFetch, PartnerToken


class NewTokenForm(forms.ModelForm):
    class Meta:
        model = PartnerToken
        fields = ["partner", "name", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "expires_at" in self.fields:
            self.fields["expires_at"].initial = timezone.now() + datetime.timedelta(days=365)

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires_at


@admin.register(PartnerToken)
class PartnerTokenAdmin(CatalogueAdmin):
    form = NewTokenForm
    list_display = [
        "partner",
        "name",
        "key",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_select_related = ["partner"]

    list_filter = ["partner"]
    search_fields = ["partner__name", "name", "key"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["key", "created_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return False  # a token is issued or revoked, never edited

    def save_model(self, request, obj, form, change):
        token, plain = PartnerToken.issue(obj.partner, name=obj.name, expires_at=obj.expires_at)
        obj.pk = token.pk
        obj.plain_token = plain  # in memory only, for the page that answers this request

    def response_add(self, request, obj, post_url_continue=None):
        """The token on the page that issued it, and nowhere else: not in a message
        (a cookie), a redirect, a log line or history. The page is not cached."""
        response = TemplateResponse(
            request,
            "admin/testimony/partnertoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": obj,
                "plain_token": obj.plain_token,
                "title": _("API token issued"),
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        message = ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(PartnerFetch)
class PartnerFetchAdmin(CatalogueAdmin):
    """Who fetched what: the list of partners to tell when a narrator withdraws."""

    list_display = [
        "partner",
        "record_type",
        "record_id",
        "first_fetched_at",
        "last_fetched_at",
        "times",
    ]
    list_select_related = ["partner"]
    list_filter = ["record_type", "partner"]
    search_fields = ["=record_id"]

    def changelist_view(self, request, extra_context=None):
        fetch_log.flush()  # the queued fetches too (see fetch_log)
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
