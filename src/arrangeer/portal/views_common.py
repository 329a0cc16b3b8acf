"""What the portal's pages share: the person asking, and a message in their words."""

from __future__ import annotations

from django.http import HttpRequest

from arrangeer.accounts.models import User


def user_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def said(request: HttpRequest, *, parent: str, young: str) -> str:
    """The same message for its reader: "je" for the young person, "u" for a parent. The
    young person's text is the English msgid in the "jongere" context."""
    return young if user_of(request).is_young_person else parent
