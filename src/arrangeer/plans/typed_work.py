"""No lost work when a session ends in the middle of a long form.

A session ends after 30 minutes idle (and always after 12 hours). Someone who writes a goal
or a module for longer than that would press save and be sent to the login page, and what
they typed would be gone. Forms of the plan carry a signed token naming their author and
their page. When a POST with that token is answered with "log in first", this middleware keeps
the typed text in the (new) session and sends the login on to the same page; after logging in
(both steps) the page gives the text back in the form, unsaved, with a message. Only the
person the token names gets it back, only on that page, and only within 12 hours; files are
never kept. Nothing is saved to the plan without that person pressing save again."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url

from arrangeer.accounts.middleware import SESSION_RESUME_PATH

TOKEN_FIELD = "_keep"  # noqa: S105 - a form field name, not a secret
SESSION_KEY = "arrangeer_typed_work"
_SALT = "arrangeer.plans.typed-work"
_MAX_AGE = 12 * 60 * 60
_MAX_CHARS = 200_000
_SKIPPED = {"csrfmiddlewaretoken", TOKEN_FIELD}


def token(request: HttpRequest) -> str:
    return signing.dumps({"u": request.user.pk, "p": request.path}, salt=_SALT)


def _owner(request: HttpRequest) -> int | None:
    raw = request.POST.get(TOKEN_FIELD, "")
    try:
        data = signing.loads(raw, salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != request.path:
        return None
    owner = data.get("u")
    return owner if isinstance(owner, int) else None


def keep(request: HttpRequest, owner: int) -> None:
    fields = {key: request.POST.getlist(key) for key in request.POST if key not in _SKIPPED}
    if sum(len(v) for values in fields.values() for v in values) > _MAX_CHARS:
        return
    request.session[SESSION_RESUME_PATH] = request.path
    request.session[SESSION_KEY] = {
        "path": request.path,
        "owner": owner,
        "at": int(time.time()),
        "data": fields,
    }


def restore(request: HttpRequest) -> QueryDict | None:
    """The text kept for this person on this page, once; None when there is none."""
    kept: Any = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    if kept.get("owner") != request.user.pk or time.time() - kept.get("at", 0) > _MAX_AGE:
        return None
    del request.session[SESSION_KEY]
    request.session.pop(SESSION_RESUME_PATH, None)
    data = QueryDict(mutable=True)
    for key, values in kept.get("data", {}).items():
        data.setlist(key, [str(v) for v in values])
    return data


class KeepTypedWorkMiddleware:
    """Sits after the session middleware and before the one that ends sessions after 12
    hours, so it also sees that middleware's answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "POST" or response.status_code != 302:
            return response
        login = resolve_url(settings.LOGIN_URL)
        location = response.get("Location", "")
        if not location.startswith(login) or TOKEN_FIELD not in request.POST:
            return response
        owner = _owner(request)
        if owner is None:
            return response
        keep(request, owner)
        if "next=" not in location:
            response["Location"] = f"{login}?{urlencode({'next': request.path})}"
        return response
