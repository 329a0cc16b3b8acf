from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Dutch unless the person chose English (the language cookie, set from their account at
    login and by the language form). Unlike Django's LocaleMiddleware this does not follow
    the browser's Accept-Language: Arrangeer is a Dutch service whose terms (gezag, regie,
    beschikking) read best in Dutch; English is a choice, not a guess."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _ in settings.LANGUAGES}
        if request.path.startswith("/api/") and not chosen:
            # Integrations have no cookie: they say what they want in Accept-Language.
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """No page of Arrangeer may stay in a browser or proxy cache: almost every page can show
    data about a child, and a shared computer at school is the normal case. Static files are
    served before this (WhiteNoise) and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
