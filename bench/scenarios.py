"""What `make bench` builds and measures. Each issue adds its pages here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

from arrangeer.accounts.models import User
from arrangeer.core import demo
from arrangeer.testing.auth import login_verified


@dataclass
class Page:
    name: str
    url: str
    login: Callable[[Client], Any] = field(default=lambda client: None)
    target_p95_ms: float | None = None


def build(*, cases: int) -> dict[str, Any]:
    demo.seed_region(seed=2026)
    return {"coordinator": User.objects.get(username="coordinator"), "cases": cases}


def pages(context: dict[str, Any]) -> list[Page]:
    coordinator = context["coordinator"]
    return [
        Page("framework floor (/gezond/)", reverse("core:health")),
        Page("login page", reverse("accounts:login")),
        Page(
            "start page (coordinator)",
            reverse("core:home"),
            lambda c: login_verified(c, coordinator),
        ),
    ]
