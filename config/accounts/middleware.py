from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from config.accounts.second_factor import demo_bypass, is_enrolled, needs_second_factor

ADMIN_PREFIX = "/admin/"


def redirect_to(page: str, next_url: str):
    """To the enrol or verify page, coming back to ``next_url`` after."""
    return redirect(f"{reverse(f'accounts:{page}')}?next={quote(next_url)}")


class SecondFactorMiddleware:
    """No admin page for a staff session that has not given its second factor:
    it is sent to enrol (no authenticator yet) or to give a code. Only the login,
    logout and second-factor pages are open to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(ADMIN_PREFIX)
            and needs_second_factor(request.user)
            and not demo_bypass(request.user)
            and request.path not in self._open_paths()
        ):
            page = "enrol" if not is_enrolled(request.user) else "verify"
            return redirect_to(page, request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("accounts:enrol"),
            reverse("accounts:verify"),
        }
