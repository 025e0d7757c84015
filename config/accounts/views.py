"""Enrolment of an authenticator and the code asked for after each login."""

import base64

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token

from config.accounts.middleware import redirect_to
from config.accounts.second_factor import (
    is_enrolled,
    new_recovery_codes,
    pending_app_device,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
    )


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/admin/"


def _page(request, template, **context):
    context = {**admin.site.each_context(request), "next": _next_url(request), **context}
    return TemplateResponse(request, template, context)


def _staff_only(view):
    def wrapped(request):
        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect_to_login(request.get_full_path(), "admin:login")
        return view(request)

    return never_cache(wrapped)


@_staff_only
def enrol(request):
    """Scan the code into an authenticator app and type what it shows; the
    recovery codes are then shown once, on this page's answer alone."""
    if is_enrolled(request.user):
        return redirect_to("verify", _next_url(request))
    device = pending_app_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if device.verify_token(form.cleaned_data["code"].strip()):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = new_recovery_codes(request.user)
                otp_login(request, device)
                return _page(request, "accounts/recovery_codes.html", codes=codes)
        form.add_error("code", _("That code is not the one the app shows now; try the next one."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return _page(
        request,
        "accounts/enrol.html",
        form=form,
        qr=qr,
        secret=_grouped(base64.b32encode(device.bin_key).decode().rstrip("=")),
        title=_("Set up your second factor"),
    )


@_staff_only
def verify(request):
    """The second step of every staff login."""
    if not is_enrolled(request.user):
        return redirect_to("enrol", _next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right, or was already used."))
    return _page(request, "accounts/verify.html", form=form, title=_("Second factor"))


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
