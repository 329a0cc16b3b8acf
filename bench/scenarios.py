"""What `make bench` builds and measures. Each issue adds its pages here."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import consents as consent_services
from arrangeer.cases import demo as case_demo
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case, visible_cases
from arrangeer.cases.models import Case, TeamMember
from arrangeer.consents.constants import Evidence
from arrangeer.demo import personas as demo
from arrangeer.meetings.models import Meeting
from arrangeer.monitor import demo as monitor_demo
from arrangeer.monitor import services as monitor_services
from arrangeer.monitor.constants import Theme
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


def build_rich_team(coordinator: User, case: Case) -> None:
    """The rest of a case rich in everything: consents and team places for the youth team,
    the SWV, a care provider and JGZ, leerplicht on the legal task of absence, and a move on
    the route (its history). With the MDO's participants the team counts 15."""
    access = access_case(Actor(coordinator), case.uuid)
    if TeamMember.objects.filter(case=case).count() > 1:
        return
    case_services.update_flags(
        access, flags={"has_absence": True, "is_complex": True}, thuiszitter_since=None
    )
    access = access_case(Actor(coordinator), case.uuid)
    parent = case.child.representatives.get()
    for username, role, categories in [
        ("jeugdteam", Role.YOUTH_WORKER, ["jeugdhulp", "gezin"]),
        ("swv", Role.SWV_SPECIALIST, ["onderwijs"]),
        ("zorgaanbieder", Role.CARE_WORKER, ["jeugdhulp", "gezondheid"]),
        ("jgz", Role.JGZ_WORKER, ["gezondheid"]),
    ]:
        membership = Membership.objects.select_related("organisation").get(
            user__username=username, role=role
        )
        consent_services.record_consent(
            access,
            organisation=membership.organisation,
            categories=categories,
            purpose="Samen één plan maken en uitvoeren",
            given_by_representative=parent,
            given_by_child=False,
            valid_from=timezone.localdate(),
            valid_until=None,
            evidence=Evidence.SIGNED_FORM,
        )
        member = case_services.propose_team_member(access, membership=membership)
        case_services.approve_team_member(
            access, member, approved_by_representative=parent, approved_by_child=False
        )
    case_services.propose_team_member(
        access,
        membership=Membership.objects.get(
            user__username="leerplicht", role=Role.LEERPLICHT_OFFICER
        ),
    )


def build_busy_meeting(coordinator: User, case: Case) -> Meeting:
    """An MDO with 10 professional participants and 30 agreements (issue 6)."""
    existing = Meeting.objects.filter(case=case, actions__isnull=False).distinct().first()
    if existing is not None and existing.actions.count() >= 30:
        return existing
    return busy_meeting(case, regisseur=coordinator, participants=10, actions=30)


def build_rich_gifts(coordinator: User, case: Case) -> None:
    """What else a case rich in everything holds: 30 things the family gave in the portal
    (half of them read) and two open escalations about its modules."""
    from arrangeer.escalations import services as escalation_services
    from arrangeer.escalations.models import Escalation
    from arrangeer.plans.models import Module
    from arrangeer.portal.models import FamilyMessage, MessageKind

    if not FamilyMessage.objects.filter(case=case).exists():
        now = timezone.now()
        FamilyMessage.objects.bulk_create(
            FamilyMessage(
                case=case,
                kind=MessageKind.REMARK,
                category="gezin",
                text=f"Opmerking {n} van de ouders over het plan.",
                given_at=now - dt.timedelta(days=n),
                read_at=now if n % 2 else None,
                read_by=coordinator if n % 2 else None,
            )
            for n in range(30)
        )
    if Escalation.objects.filter(case=case).exists():
        return
    access = access_case(Actor(coordinator), case.uuid)
    school = Membership.objects.get(user=coordinator, role=Role.COORDINATOR).organisation
    youth = Membership.objects.get(user__username="jeugdteam", role=Role.YOUTH_WORKER).organisation
    modules = Module.objects.filter(plan__case=case, removed_at__isnull=True).order_by("pk")[:2]
    for module in modules:
        escalation_services.raise_escalation(
            access,
            module=module,
            question=f"Wie betaalt {module.title}?",
            options="De school uit eigen middelen, of de gemeente als jeugdhulp",
            parties=[school, youth],
            cost_at_stake=Decimal("4500"),
        )


def build(*, cases: int, goals: int = 0) -> dict[str, Any]:
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    case_demo.seed_bulk_cases(count=cases, seed=2026)
    case_demo.seed_route_coverage(seed=2026)
    coordinator = User.objects.get(username="coordinator")
    persona_case = Case.objects.get(child__bsn="111222333")
    rich = build_rich_plan(coordinator)
    build_rich_team(coordinator, rich)
    meeting = build_busy_meeting(coordinator, rich)
    build_rich_gifts(coordinator, rich)
    if goals:
        bulk_goals(goals)
    # The monitor's history: arrangements of past school years with their milestones (first
    # MDO, adopted plan, decision), evaluations and answers, a tenth of the size per year.
    policy = User.objects.get(username="beleid")
    region = Membership.objects.filter(user=policy).select_related("organisation").first()
    if region is not None and region.organisation.region is not None:
        monitor_demo.seed_history(region.organisation.region, per_year=max(110, cases // 10))
    # The monitor's fact tables, as the nightly `refresh_monitor` builds it (timed: its cost).
    began = time.perf_counter()
    milestones, rounds = monitor_services.refresh_facts()
    refreshed = time.perf_counter() - began
    large = (
        Membership.objects.filter(role=Role.COORDINATOR, organisation__name=case_demo.LARGE_SCHOOL)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    people = {
        "coordinator": coordinator,
        "jeugdteam": User.objects.get(username="jeugdteam"),
        "swv": User.objects.get(username="swv"),
    }
    if large is not None:
        people["large school"] = large.user
    return {
        "meeting": meeting,
        "people": people,
        "case": persona_case,
        "rich": rich,
        "total": Case.objects.count(),
        # The region's policy officer: the monitor's aggregates, no case.
        "policy": policy,
        "refresh_monitor": f"{milestones} cases, {rounds} evaluations in {refreshed:.2f}s",
    }


def bulk_goals(total: int) -> int:
    """Goals in bulk until the database holds `total` (for the monitor's scale: 1M goals at
    100k cases), each generated case's plan with a handful; returns how many were added."""
    from arrangeer.plans.models import Goal, Plan

    have = Goal.objects.count()
    if have >= total:
        return 0
    today = timezone.localdate()
    added = 0
    per_case = 10
    cases = (
        Case.objects.filter(child__bsn="", plan__isnull=True)
        .values_list("pk", "regisseur_id")
        .order_by("pk")
    )
    batch: list[tuple[int, int]] = []

    def flush(rows: list[tuple[int, int]]) -> int:
        plans = Plan.objects.bulk_create(
            Plan(case_id=pk, created_by_id=user, status="adopted") for pk, user in rows
        )
        goals = [
            Goal(
                plan=plan,
                category="onderwijs",
                author_id=plan.created_by_id,
                updated_by_id=plan.created_by_id,
                author_organisation="School",
                side="onderwijs",
                domain="leren",
                what=f"Doel {n + 1}",
                deadline=today + dt.timedelta(days=30 * (n + 1)),
                scale="getal",
                scale_min=Decimal(0),
                scale_max=Decimal(10),
            )
            for plan in plans
            for n in range(per_case)
        ]
        Goal.objects.bulk_create(goals, batch_size=5000)
        return len(goals)

    for row in cases.iterator(chunk_size=2000):
        batch.append(row)
        if len(batch) == 1000:
            with transaction.atomic():
                added += flush(batch)
            batch = []
            if have + added >= total:
                return added
    if batch:
        with transaction.atomic():
            added += flush(batch)
    return added


# The targets of issue 21: every page within 100 ms (p95) for a persona who sees at most
# 1,000 cases; a list page within 150 ms even for the youth team worker (~25,000 cases).
PAGE_TARGET_MS = 100.0
LIST_TARGET_MS = 150.0
# Issue 16: each page of the regional monitor within 1 s (p95) at 1M goals.
MONITOR_TARGET_MS = 1000.0


def pages(context: dict[str, Any]) -> list[Page]:
    people: dict[str, User] = context["people"]
    case_id = context["case"].uuid
    rich_id = context["rich"].uuid

    def as_(name: str) -> Callable[[Client], Any]:
        user = people[name]
        return lambda client: login_verified(client, user)

    def sees(name: str) -> int:
        return visible_cases(people[name]).count()

    counts = {name: sees(name) for name in people}
    context["visible"] = counts
    print(f"cases in the database: {context['total']}; visible: {counts}")

    def list_target(name: str) -> float:
        return PAGE_TARGET_MS if counts[name] <= 1000 else LIST_TARGET_MS

    def one_case(name: str) -> Case | None:
        # The persona's own case most recently opened: its dossier is a typical page.
        return visible_cases(people[name]).order_by("-pk").first()

    coordinator = as_("coordinator")
    found: list[Page] = [
        Page("framework floor (/gezond/)", reverse("core:health")),
        Page("login page", reverse("accounts:login")),
        Page("start page (coordinator)", reverse("core:home"), coordinator, PAGE_TARGET_MS),
    ]
    for name in people:
        login = as_(name)
        target = list_target(name)
        found += [
            Page(f"my cases ({name})", reverse("cases:list"), login, target),
            Page(f"my cases, search ({name})", reverse("cases:list") + "?q=de", login, target),
            Page(
                f"my cases, overdue in a step ({name})",
                reverse("cases:list") + "?stap=uitvoeren-en-monitoren&te_laat=on",
                login,
                target,
            ),
            Page(
                f"my cases, page 3 ({name})",
                reverse("cases:list") + "?pagina=3",
                login,
                target,
            ),
            Page(f"my actions ({name})", reverse("actions:my_actions"), login, target),
            Page(f"API tasks ({name})", reverse("api:tasks"), login, target),
        ]
        case = one_case(name)
        if case is not None:
            found.append(
                Page(
                    f"dossier page ({name})",
                    reverse("cases:detail", kwargs={"case_id": case.uuid}),
                    login,
                    PAGE_TARGET_MS,
                )
            )
    found += [
        Page(
            "dossier page, persona case",
            reverse("cases:detail", kwargs={"case_id": case_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "dossier page, rich case",
            reverse("cases:detail", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "plan page, rich case",
            reverse("plans:plan", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "plan PDF, adopted version (rich)",
            reverse("plans:pdf", kwargs={"case_id": rich_id}) + "?versie=2",
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "plan PDF, draft (rich; never cached)",
            reverse("plans:pdf", kwargs={"case_id": rich_id}),
            coordinator,
        ),
        Page(
            "team page, rich case",
            reverse("cases:team", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "meeting page, 10 participants, 30 agreements",
            reverse(
                "meetings:detail",
                kwargs={"case_id": rich_id, "meeting_id": context["meeting"].uuid},
            ),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "route page, rich case",
            reverse("cases:route", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "who looked (access log), rich case",
            reverse("cases:access_log", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "API case, rich",
            reverse("api:case", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "API plan, rich",
            reverse("api:plan", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "FHIR export, rich",
            reverse("api:fhir", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "from the family (Van het gezin), rich case",
            reverse("portal:from_family", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
        Page(
            "escalations of the rich case",
            reverse("escalations:list", kwargs={"case_id": rich_id}),
            coordinator,
            PAGE_TARGET_MS,
        ),
    ]
    policy = context["policy"]
    for theme in Theme:
        found.append(
            Page(
                f"monitor {theme.value} (policy officer)",
                reverse("monitor:theme", kwargs={"theme": theme.value}),
                lambda client, user=policy: login_verified(client, user),
                MONITOR_TARGET_MS,
            )
        )
    return found
