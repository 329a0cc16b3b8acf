from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from arrangeer.accounts.models import User
from arrangeer.organisations.constants import CASEWORK_ROLES
from arrangeer.organisations.models import Membership

from .forms import language_choices


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the main menu shows: each person only the places they can use. "My cases", "My
    actions" and emergency access are for casework roles (a policy officer or a functional
    administrator would find nothing there, or a 404); functional management for those with
    admin access. The role is looked up once, and only on a page that shows the menu."""
    user = getattr(request, "user", None)
    verified = bool(user and user.is_authenticated and user.is_verified())

    @cache
    def does_casework() -> bool:
        return (
            verified
            and isinstance(user, User)
            and user.is_professional
            and Membership.objects.active().filter(user=user, role__in=CASEWORK_ROLES).exists()
        )

    return {
        "show_navigation": verified,
        "does_casework": does_casework,
        "language_choices": lambda: language_choices(user),
    }
