"""What `make bench` builds and measures. Each issue adds its pages here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import demo as case_demo
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case, visible_cases
from arrangeer.cases.models import Case
from arrangeer.core import demo
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership
from arrangeer.plans import services as plan_services
from arrangeer.testing.auth import login_verified
from arrangeer.testing.meetings import busy_meeting
from arrangeer.testing.plans import goal_fields, module_fields


@dataclass
class Page:
    name: str
    url: str
    login: Callable[[Client], Any] = field(default=lambda client: None)
    target_p95_ms: float | None = None


RICH_BSN = "100000034"


def build_rich_plan(coordinator: User) -> Case:
    """A case with a rich plan, written through the services: 12 goals, 15 modules,
    60 measurements, deliveries, and 3 versions (two adopted, one with the parents)."""
    existing = Case.objects.filter(child__bsn=RICH_BSN).first()
    if existing is not None:
        return existing
    membership = Membership.objects.select_related("organisation").get(
        user=coordinator, role=Role.COORDINATOR
    )
    actor = Actor(coordinator)
    case = case_services.open_case(
        actor=actor,
        membership=membership,
        child_fields={
            "first_name": "Rijk",
            "last_name": "Dossier",
            "date_of_birth": timezone.localdate() - dt.timedelta(days=11 * 365),
            "bsn": RICH_BSN,
        },
        representatives=[
            {
                "first_name": "Ouder",
                "last_name": "Dossier",
                "relation": "moeder",
                "has_authority": True,
            }
        ],
    )
    regie = access_case(actor, case.uuid)
    today = timezone.localdate()
    for domain in ("leren", "sociaal_emotioneel", "communicatie"):
        plan_services.add_item(
            regie,
            kind="domain",
            fields={
                "domain": domain,
                "going_well": "Gaat goed",
                "needs_attention": "Let op",
                "support_level": 3,
                "category": "onderwijs",
            },
        )
    for n in range(8):
        plan_services.add_item(
            regie,
            kind="network",
            fields={
                "name": f"Persoon {n}",
                "relation": "familie",
                "involvement": "regelmatig",
                "support": "steun",
                "category": "onderwijs",
            },
        )
    for whom in ("kind", "ouders", "school"):
        plan_services.add_item(
            regie,
            kind="need",
            fields={"of_whom": whom, "text": "Behoefte", "category": "onderwijs"},
        )
    goals = [
        plan_services.add_item(regie, kind="goal", fields=goal_fields(what=f"Doel {n}"))
        for n in range(12)
    ]
    for n in range(15):
        served = [goals[n % 12]] + ([goals[(n + 1) % 12]] if n >= 12 else [])
        module = plan_services.add_item(
            regie,
            kind="module",
            fields=module_fields(served, membership.organisation, title=f"Module {n}"),
        )
        plan_services.record_delivery(
            regie,
            module,
            on_date=today - dt.timedelta(days=3),
            delivered=n % 3 != 0,
            amount=Decimal(1),
            miss_reason="" if n % 3 else "vakantie",
        )
    for n, goal in enumerate(goals):
        for m in range(5):
            plan_services.record_measurement(
                regie,
                goal,
                measured_on=today - dt.timedelta(days=5 * m + 1),
                value=Decimal((n + m) % 10),
                achievement="",
            )
    parent = case.child.representatives.get()
    for round_ in range(3):
        version = plan_services.send_for_agreement(regie)
        if round_ == 2:
            break
        plan_services.record_parent_agreement(
            regie,
            content_hash=version.content_hash,
            representative=parent,
            decision="instemming",
            given_on=today,
            evidence="papier",
        )
        plan_services.adopt_plan(
            regie,
            content_hash=version.content_hash,
            child_heard="vooraf",
            child_view="Goed",
            child_view_category="onderwijs",
        )
        plan_services.start_adjustment(regie, reason=f"Ronde {round_ + 2}")
        plan_services.add_item(
            regie,
            kind="need",
            fields={
                "of_whom": "kind",
                "text": f"Nieuw in ronde {round_ + 2}",
                "category": "onderwijs",
            },
        )
    return case


def build_busy_meeting(coordinator: User, case: Case) -> Meeting:
    """An MDO with 10 professional participants and 30 agreements (issue 6)."""
    existing = Meeting.objects.filter(case=case, actions__isnull=False).distinct().first()
    if existing is not None and existing.actions.count() >= 30:
        return existing
    return busy_meeting(case, regisseur=coordinator, participants=10, actions=30)


def build(*, cases: int) -> dict[str, Any]:
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    case_demo.seed_bulk_cases(count=cases, seed=2026)
    case_demo.seed_route_coverage(seed=2026)
    coordinator = User.objects.get(username="coordinator")
    persona_case = Case.objects.get(child__bsn="111222333")
    rich = build_rich_plan(coordinator)
    meeting = build_busy_meeting(coordinator, persona_case)
    return {
        "meeting": meeting,
        "coordinator": coordinator,
        "case": persona_case,
        "rich": rich,
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
        Page(
            "dossier page, rich plan",
            reverse("cases:detail", kwargs={"case_id": context["rich"].uuid}),
            as_coordinator,
            60,
        ),
        Page(
            "plan page, rich plan",
            reverse("plans:plan", kwargs={"case_id": context["rich"].uuid}),
            as_coordinator,
            60,
        ),
        Page("team page", reverse("cases:team", kwargs={"case_id": case_id}), as_coordinator),
        Page(
            "meeting page, 10 participants, 30 agreements",
            reverse(
                "meetings:detail",
                kwargs={"case_id": case_id, "meeting_id": context["meeting"].uuid},
            ),
            as_coordinator,
            60,
        ),
        Page("route page", reverse("cases:route", kwargs={"case_id": case_id}), as_coordinator),
        Page(
            "who looked (access log)",
            reverse("cases:access_log", kwargs={"case_id": case_id}),
            as_coordinator,
        ),
    ]
