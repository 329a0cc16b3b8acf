from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import SESSION_PROVIDER_ORIGIN


class ProviderLogoutFormActionMiddleware:
    """The logout button is a form; after a login through a provider, logging out leads on to
    the provider's logout page. The browser follows a form's redirect only to an address the
    page's Content-Security-Policy form-action allows, so the pages of such a session allow
    that one provider too (and nothing else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origin = session.get(SESSION_PROVIDER_ORIGIN) if session is not None else None
        if origin:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), origin]
            response._csp_update = update  # type: ignore[attr-defined]
        return response
