"""The admin's language: the staff member's own choice, kept on their account,
else the browser's (Django's LocaleMiddleware, which runs first).

The choice is read from the database once per session (at sign-in) and kept in
the session, which every admin request loads anyway: no query per page. The API
and OAI-PMH answer in the default language whatever the request asks, so that
their texts never depend on who reads them.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from config.accounts.models import StaffPreference

ADMIN_PREFIX = "/admin/"
OUTWARD_PREFIXES = ("/api/", "/oai/")
SESSION_KEY = "staff_language"


def stored_language(user) -> str:
    """The user's chosen language code; "" to follow the browser."""
    return (
        StaffPreference.objects.filter(user=user).values_list("language", flat=True).first() or ""
    )


@receiver(user_logged_in, dispatch_uid="staff-language-on-login")
def _remember_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = stored_language(user)


def _activate(request, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


class StaffLanguageMiddleware:
    """After LocaleMiddleware and authentication: a signed-in staff member's own
    language for the admin (and the workbench under it); the default language
    for outward answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(OUTWARD_PREFIXES):
            _activate(request, settings.LANGUAGE_CODE)
        elif request.path.startswith(ADMIN_PREFIX) and request.user.is_authenticated:
            language = request.session.get(SESSION_KEY)
            if language is None:  # a session from before the setting existed
                language = request.session[SESSION_KEY] = stored_language(request.user)
            request.staff_language = language
            if language:
                _activate(request, language)
        return self.get_response(request)


@require_POST
def choose_language(request):
    """The admin's language chooser. Signed-in staff keep their choice on their
    account (an empty choice: follow the browser); anyone else gets Django's
    language cookie, as from ``set_language``."""
    language = request.POST.get("language", "")
    user = request.user
    known = language == "" or language in dict(settings.LANGUAGES)
    if known and user.is_authenticated and user.is_staff:
        StaffPreference.objects.update_or_create(user=user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    response = set_language(request)
    if known and language == "":
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
