"""The other ways in on the login page: DigiD and the organisations' own accounts."""

from __future__ import annotations

from typing import Any

from django import template

from arrangeer.identity import services

register = template.Library()


@register.inclusion_tag("identity/login_choices.html")
def login_choices() -> dict[str, Any]:
    digid = services.digid_config()
    return {
        "digid": digid,
        "has_organisations": bool(services.organisations_with_provider()),
    }
