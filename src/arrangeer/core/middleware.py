from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

import structlog

from arrangeer.conf.logs import REQUEST_LOGGER

request_logger = logging.getLogger(REQUEST_LOGGER)
REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy in front (nginx's $request_id, a load balancer's trace id) is kept when
# it looks like one: letters, digits, dot, dash, underscore, colon; at most 128 characters.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


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


class RequestLogMiddleware:
    """Gives every request an id (the proxy's when it sent a sane one, else a new one), returns
    it in the X-Request-ID header, binds it to every log line written meanwhile, and writes one
    line per request: method, view name, URL pattern, status and duration.

    Never the path itself or its query string: a search holds a child's name in the query, and
    some paths hold a secret (the calendar feed's token, a password-reset link). The URL
    pattern (`dossiers/<uuid:case_id>/`) says which page without saying whose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django logs a failed response (django.request) after the middleware returned, and
        # the response's content may be read after that: the id stays bound until the
        # request is finished.
        request_finished.connect(_unbind_request_id, dispatch_uid="arrangeer-request-id")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        if request_logger.isEnabledFor(logging.INFO):
            match = request.resolver_match
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "view": match.view_name if match else None,
                    "route": match.route if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response


def _unbind_request_id(**kwargs: Any) -> None:
    structlog.contextvars.clear_contextvars()
