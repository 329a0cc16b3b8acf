"""What `make bench` builds and measures. Each issue adds its pages here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

from arrangeer.accounts.models import User
from arrangeer.cases import demo as case_demo
from arrangeer.cases.access import visible_cases
from arrangeer.cases.models import Case
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
    case_demo.seed_persona_cases(seed=2026)
    case_demo.seed_bulk_cases(count=cases, seed=2026)
    case_demo.seed_route_coverage(seed=2026)
    coordinator = User.objects.get(username="coordinator")
    persona_case = Case.objects.get(child__bsn="111222333")
    return {
        "coordinator": coordinator,
        "case": persona_case,
        "visible": visible_cases(coordinator).count(),
        "total": Case.objects.count(),
    }


def pages(context: dict[str, Any]) -> list[Page]:
    coordinator = context["coordinator"]
    case_id = context["case"].uuid

    def as_coordinator(client: Client) -> Any:
        return login_verified(client, coordinator)

    total, visible = context["total"], context["visible"]
    print(f"cases in the database: {total}; visible to the coordinator: {visible}")
    return [
        Page("framework floor (/gezond/)", reverse("core:health")),
        Page("login page", reverse("accounts:login")),
        Page("start page (coordinator)", reverse("core:home"), as_coordinator),
        Page("my cases (first 50)", reverse("cases:list"), as_coordinator, 80),
        Page("my cases, search", reverse("cases:list") + "?q=de", as_coordinator, 80),
        Page(
            "my cases, step + overdue filter",
            reverse("cases:list") + "?stap=uitvoeren-en-monitoren&te_laat=on",
            as_coordinator,
            80,
        ),
        Page("my actions (coordinator)", reverse("routes:my_actions"), as_coordinator),
        Page(
            "dossier page", reverse("cases:detail", kwargs={"case_id": case_id}), as_coordinator, 60
        ),
        Page("team page", reverse("cases:team", kwargs={"case_id": case_id}), as_coordinator),
        Page("route page", reverse("cases:route", kwargs={"case_id": case_id}), as_coordinator),
        Page(
            "who looked (access log)",
            reverse("cases:access_log", kwargs={"case_id": case_id}),
            as_coordinator,
        ),
    ]
