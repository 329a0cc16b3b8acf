from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

SESSION_LOGIN_AT = "arrangeer_login_at"
# When the idle limit was last renewed; renewed at most once in this many seconds.
SESSION_RENEWED_AT = "arrangeer_renewed_at"
SESSION_RENEW_SECONDS = 60
# A path to return to after the second step (set by whoever kept work for it).
SESSION_RESUME_PATH = "arrangeer_resume_path"
# Where logging out leads on to, for a login through a provider (its RP-initiated logout).
SESSION_PROVIDER_LOGOUT_URL = "arrangeer_provider_logout_url"

# Paths a logged-in user may reach before the second factor is verified.
_OPEN_BEFORE_SECOND_FACTOR = (
    "accounts:login",
    "accounts:logout",
    "accounts:verify",
    "accounts:enrol",
    "accounts:enrol_mail",
    "accounts:send_mail_code",
    "core:set_language",
)


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, however active it was. The idle limit (30
    minutes) is the session's own age: renewed by a request once at least a minute has passed
    since the last renewal, so that a page does not write its session on every request (a
    session ends 29 to 30 minutes after its last request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(timezone.now().timestamp())
        if request.user.is_authenticated:
            login_at = request.session.get(SESSION_LOGIN_AT)
            if login_at is None or now - int(login_at) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return HttpResponseRedirect(reverse("accounts:login"))
        response = self.get_response(request)
        session = request.session
        if not session.is_empty():
            renewed_at = session.get(SESSION_RENEWED_AT)
            if renewed_at is None or now - int(renewed_at) >= SESSION_RENEW_SECONDS:
                session[SESSION_RENEWED_AT] = now  # saved, with a new age, by SessionMiddleware
        return response


class RequireSecondFactorMiddleware:
    """Every account must pass a second factor before it reaches any page but login itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def open_paths(self) -> frozenset[str]:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in _OPEN_BEFORE_SECOND_FACTOR)
        return self._open_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and request.path not in self.open_paths()
            and not request.path.startswith(settings.STATIC_URL)
            # The API answers for itself: 401 problem+json, not a redirect to a login page.
            and not request.path.startswith("/api/")
        ):
            from .services import has_confirmed_second_factor

            target = "accounts:verify" if has_confirmed_second_factor(user) else "accounts:enrol"
            url = reverse(target)
            if target == "accounts:verify" and request.session.get(SESSION_RESUME_PATH) == (
                request.path
            ):
                # A page asked to be resumed after login (a form whose typed text was kept
                # when the session ended): back there once the second step is done.
                url += "?" + urlencode({"next": request.path})
            return HttpResponseRedirect(url)
        return self.get_response(request)
