from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from .middleware import SESSION_LOGIN_AT, SESSION_RENEWED_AT


@receiver(user_logged_in)
def remember_login_time(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """The login time (for the 12-hour limit); the login writes the session, which renews its
    idle limit, so the next minute's requests need not."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_RENEWED_AT] = now
