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
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation
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


def build_rich_escalations(coordinator: User, case: Case) -> int:
    """Issue 21: the route page's timeline of a case with many escalations: one about every
    module of the rich plan (two are there from build_rich_gifts), each asked up the ladder to
    its last level by the regisseur, so the timeline holds every step. Returns the steps."""
    from arrangeer.escalations import services as escalation_services
    from arrangeer.escalations.models import Escalation, EscalationStep
    from arrangeer.escalations.selectors import next_level
    from arrangeer.plans.models import Module

    if Escalation.objects.filter(case=case).count() > 2:
        return EscalationStep.objects.filter(escalation__case=case).count()
    school = Membership.objects.get(user=coordinator, role=Role.COORDINATOR).organisation
    youth = Membership.objects.get(user__username="jeugdteam", role=Role.YOUTH_WORKER).organisation
    raised = Escalation.objects.filter(case=case).values("module_id")
    for module in Module.objects.filter(plan__case=case, removed_at__isnull=True).exclude(
        pk__in=raised
    ):
        escalation_services.raise_escalation(
            access_case(Actor(coordinator), case.uuid),
            module=module,
            question=f"Wie betaalt {module.title}?",
            options="De school uit eigen middelen, of de gemeente als jeugdhulp",
            parties=[school, youth],
            cost_at_stake=Decimal("3200"),
        )
    for escalation in Escalation.objects.filter(case=case).order_by("pk"):
        while next_level(escalation.level) is not None:
            escalation = escalation_services.request_move_up(
                access_case(Actor(coordinator), case.uuid),
                escalation,
                note="Wij komen er op dit niveau niet uit: het volgende niveau beslist.",
            )
    return EscalationStep.objects.filter(escalation__case=case).count()


def build_waiting_referrals(coordinator: User, count: int) -> int:
    """Issue 21: aanmeldingen waiting at the coordinator's school (a case-less line in Mijn
    acties each), sent by the JGZ's youth doctor through the service. Returns how many wait."""
    from arrangeer.referrals.constants import ReferralStatus
    from arrangeer.referrals.models import Referral

    school = Membership.objects.get(user=coordinator, role=Role.COORDINATOR).organisation
    waiting = Referral.objects.filter(
        receiving_organisation=school, status=ReferralStatus.SUBMITTED
    )
    _send_referrals(school, "JGZ-BENCH", waiting.count(), count)
    return waiting.count()


def build_swv_referrals(specialist: User, count: int) -> tuple[int, int]:
    """Issue 21: the SWV's incoming aanmeldingen: `count` waiting for the education
    specialist's decision and `count` the specialist declined (the list shows both, the
    waiting first), sent by the JGZ through the service. Returns (waiting, decided)."""
    from arrangeer.referrals import services as referral_services
    from arrangeer.referrals.access import access_referral
    from arrangeer.referrals.constants import ReferralStatus
    from arrangeer.referrals.models import Referral

    swv = Membership.objects.get(user=specialist, role=Role.SWV_SPECIALIST).organisation
    sent = Referral.objects.filter(receiving_organisation=swv)
    _send_referrals(swv, "JGZ-SWV-BENCH", sent.count(), 2 * count)
    declined = sent.filter(status=ReferralStatus.DECLINED)
    for referral in sent.filter(status=ReferralStatus.SUBMITTED).order_by("pk")[
        : max(0, count - declined.count())
    ]:
        referral_services.decline(
            access_referral(Actor(specialist), referral.uuid, as_receiver=True),
            reason="Past beter bij het aanbod van de eigen school; wij denken mee via de school.",
        )
    return sent.filter(status=ReferralStatus.SUBMITTED).count(), declined.count()


def _send_referrals(receiving: Organisation, prefix: str, have: int, count: int) -> None:
    """Aanmeldingen to `receiving` from the JGZ persona's place in its region, numbered on
    from `have` until there are `count` (the loader stays idempotent)."""
    from arrangeer.children.constants import Relation
    from arrangeer.referrals import services as referral_services
    from arrangeer.referrals.constants import ConsentHow

    if have >= count:
        return
    referrer = User.objects.get(username="jgz")
    membership = (
        Membership.objects.active()
        .filter(user=referrer, organisation__region_id=receiving.region_id)
        .select_related("organisation")
        .first()
    )
    assert membership is not None, "the JGZ persona has no place in the receiver's region"
    current = (
        Organisation.objects.filter(region_id=receiving.region_id, type=OrganisationType.SCHOOL)
        .exclude(pk=receiving.pk)
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    for n in range(have, count):
        referral_services.submit_referral(
            actor=Actor(referrer),
            membership=membership,
            receiving_organisation=receiving,
            fields={
                "referrer_reference": f"{prefix}-{n:05d}",
                "first_name": f"Kind{n}",
                "last_name": "Aanmelding",
                "date_of_birth": today.replace(year=today.year - 6 - n % 6)
                - dt.timedelta(days=n % 300),
                "bsn": "",
                "current_school": current,
                "parent_first_name": "Ouder",
                "parent_last_name": "Aanmelding",
                "parent_relation": Relation.MOTHER,
                "parent_has_authority": True,
                "parent_email": f"ouder{n}@example.invalid",
                "parent_phone": "",
                "reason": "Het kind heeft meer ondersteuning nodig dan de huidige school biedt.",
                "tried": "Gesprekken met ouders en een aangepast rooster: het hielp niet genoeg.",
                "consent_how": ConsentHow.SIGNED_FORM,
                "consent_on": today - dt.timedelta(days=n % 5),
                "consent_given_by": "Ouder Aanmelding (moeder)",
                "outcome_may_be_shared": True,
            },
            consent_confirmed=True,
        )


def build_open_questions(coordinator: User, count: int) -> int:
    """Issue 21: questions to the Integraal Loket waiting for advice (a line each in the
    Loket adviser's Mijn acties), asked by the coordinator on open cases of theirs with the
    parents' consent for the Loket. Returns how many wait."""
    from arrangeer.cases.constants import CaseStatus
    from arrangeer.children.ages import months_before
    from arrangeer.loket import services as loket_services
    from arrangeer.loket.constants import ConsultStatus
    from arrangeer.loket.models import Consult
    from arrangeer.vocabulary import DataCategory

    adviser = User.objects.get(username="loket")
    desk = (
        Membership.objects.active()
        .filter(user=adviser, organisation__type=OrganisationType.INTEGRAL_DESK)
        .select_related("organisation")
        .first()
    )
    assert desk is not None, "the Loket persona has no desk"
    loket = desk.organisation
    asked = Consult.objects.filter(loket=loket, status=ConsultStatus.ASKED)
    have = asked.count()
    if have >= count:
        return have
    candidates = (
        visible_cases(coordinator)
        .filter(
            regisseur=coordinator,
            status=CaseStatus.OPEN,
            region_id=loket.region_id,
            # Under 12: a parent with authority consents alone (consents.rules).
            child__date_of_birth__gt=months_before(timezone.localdate(), 12 * 12),
        )
        .exclude(pk__in=Consult.objects.values("case_id"))
        .order_by("pk")
    )
    for case in candidates.iterator():
        if have >= count:
            break
        mother = case.child.representatives.filter(has_authority=True).order_by("pk").first()
        access = access_case(Actor(coordinator), case.uuid)
        if mother is None or access.member is None or access.read_only:
            continue
        loket_services.ask_loket(
            access,
            loket=loket,
            question="Welke combinatie van onderwijs en zorg past, en wie halen we erbij?",
            tried="Een rustige werkplek en twee gesprekken met de ouders.",
            urgency="normaal",
            consent={
                "categories": [DataCategory.EDUCATION, DataCategory.YOUTH_CARE],
                "representative": mother,
                "by_child": False,
                "evidence": Evidence.SIGNED_FORM,
                "valid_until": None,
                "note": "Toestemmingsformulier Integraal Loket",
            },
        )
        have += 1
    return asked.count()


def build_full_group() -> Any:
    """Issue 21: the demo's running Startklas with all 12 places taken (the group registration
    page), written as the demo writes it."""
    from arrangeer.demo.personas import HOLLAND_RIJNLAND
    from arrangeer.groups import demo as group_demo
    from arrangeer.groups.models import GroupArrangement
    from arrangeer.meetings import demo as meeting_demo
    from arrangeer.organisations.models import Region
    from arrangeer.plans import demo as plan_demo

    region = Region.objects.get(slug=HOLLAND_RIJNLAND.slug)
    if not GroupArrangement.objects.filter(region=region, name=group_demo.STARTKLAS).exists():
        # As the demo does before its groups: the partners, plans and MDOs that the open
        # cases of the route's leads need in their step (the Startklas' children join them).
        leads = list(case_demo.ROUTE_COVERAGE_LEADS.values())
        case_demo.seed_route_partners(leads)
        plan_demo.seed_route_plans(leads)
        meeting_demo.seed_route_meetings(leads)
    group_demo.seed_groups(region, cohorts=(13, 13, 12))
    return GroupArrangement.objects.get(region=region, name=group_demo.STARTKLAS)


# Marks the closed arrangements the bench adds for the leerplichtambtenaar's list.
ENROLMENT_NOTE = "Schoolsucces (bench)"


def build_enrolment_due(count: int) -> int:
    """The leerplichtambtenaar's list of school-success checks due (/schoolsucces/): closed
    arrangements of children at the schools of the persona's municipality (Leiden), closed
    one to two years ago and not yet checked, added until the persona `leerplicht` has
    `count` due (the generated history's are all checked but the demo's two). No team, plan
    or meeting: they change no caseload, only the monitor's count of closed arrangements a
    little. Returns how many are due."""
    import random

    from faker import Faker

    from arrangeer.cases.constants import CaseStatus, CloseReason, Destination, Initiator
    from arrangeer.cases.demo import child_first_names, group_for, sector_ages
    from arrangeer.children.models import Child
    from arrangeer.referrals import enrolment
    from arrangeer.routes.services import route_for_new_case

    officer = User.objects.get(username="leerplicht")
    today = timezone.localdate()
    have = len(enrolment.due_checks(officer, today))
    place = enrolment.leerplicht_places(officer).first()
    if have >= count or place is None or place.organisation.region is None:
        return have
    region = place.organisation.region
    schools = list(
        Organisation.objects.filter(
            region=region,
            type=OrganisationType.SCHOOL,
            municipality=place.organisation.municipality,
        ).order_by("pk")
    )
    route = route_for_new_case(region)
    if not schools or route is None:
        return have
    last_step = route.steps.order_by("-number").first()
    coordinators = {
        m.organisation_id: m.user
        for m in Membership.objects.active().filter(organisation__in=schools, role=Role.COORDINATOR)
    }
    fallback = User.objects.get(username="coordinator")
    rng = random.Random(f"enrolment-due-{have}")
    faker = Faker("nl_NL")
    faker.seed_instance(have)
    names = child_first_names()
    destinations = [d.value for d in Destination]
    children, cases = [], []
    for n in range(count - have):
        school = schools[n % len(schools)]
        low, high = sector_ages(school.sector)
        age = rng.randint(low + 1, high)
        children.append(
            Child(
                first_name=rng.choice(names),
                last_name=faker.last_name(),
                date_of_birth=today - dt.timedelta(days=365 * age + rng.randint(20, 200)),
                school=school,
                sector=school.sector,
                group=group_for(school.sector, age),
            )
        )
    with transaction.atomic():
        Child.objects.bulk_create(children)
        for n, child in enumerate(children):
            # Spread over the year the checks stay open: due from a day to 360 days ago.
            closed = today - dt.timedelta(days=366 + n % 360)
            lead = coordinators.get(child.school_id, fallback)
            at = timezone.make_aware(dt.datetime.combine(closed, dt.time(10)))
            cases.append(
                Case(
                    child=child,
                    region=region,
                    initiator=Initiator.SCHOOL,
                    initiating_organisation=child.school,
                    regisseur=lead,
                    created_by=lead,
                    status=CaseStatus.CLOSED,
                    closed_at=at,
                    close_reason=CloseReason.GOALS_REACHED,
                    close_note=ENROLMENT_NOTE,
                    destination=rng.choice(destinations),
                    route=route,
                    current_step=last_step,
                    step_since=at,
                    step_due=closed,
                )
            )
        Case.objects.bulk_create(cases, batch_size=500)
        # `opened_at` is set on creation: opened months before the closing instead.
        for case in cases:
            assert case.closed_at is not None
            case.opened_at = case.closed_at - dt.timedelta(days=rng.randint(120, 420))
        Case.objects.bulk_update(cases, ["opened_at"], batch_size=500)
    return len(enrolment.due_checks(officer, today))


def build(*, cases: int, goals: int = 0) -> dict[str, Any]:
    demo.seed_region(seed=2026)
    case_demo.seed_persona_cases(seed=2026)
    case_demo.seed_bulk_cases(count=cases, seed=2026)
    # Every school in an SWV and under a board, the generated ones too (the monitor's filters).
    demo.link_schools()
    case_demo.seed_route_coverage(seed=2026)
    coordinator = User.objects.get(username="coordinator")
    persona_case = Case.objects.get(child__bsn="111222333")
    rich = build_rich_plan(coordinator)
    build_rich_team(coordinator, rich)
    meeting = build_busy_meeting(coordinator, rich)
    build_rich_gifts(coordinator, rich)
    # Issue 21: the case-less lines of Mijn acties, a timeline full of escalations, a full group.
    steps = build_rich_escalations(coordinator, rich)
    referrals = build_waiting_referrals(coordinator, max(50, cases // 1000))
    questions = build_open_questions(coordinator, max(20, cases // 2000))
    swv_referrals = build_swv_referrals(User.objects.get(username="swv"), max(50, cases // 1000))
    group = build_full_group()
    if goals:
        bulk_goals(goals)
    # The monitor's history: arrangements of past school years with their milestones (first
    # MDO, adopted plan, decision), evaluations and answers, a tenth of the size per year.
    policy = User.objects.get(username="beleid")
    region = Membership.objects.filter(user=policy).select_related("organisation").first()
    if region is not None and region.organisation.region is not None:
        monitor_demo.seed_history(region.organisation.region, per_year=max(110, cases // 10))
    # The leerplichtambtenaar's checks due: several hundred, more at the larger size (a large
    # municipality's closings of a year), before the monitor's facts so every run counts them.
    enrolment_due = build_enrolment_due(max(300, cases // 200))
    # The monitor's fact tables, as the nightly `refresh_monitor` builds it (timed: its cost).
    began = time.perf_counter()
    changed = monitor_services.refresh_facts()
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
    leerplicht = User.objects.get(username="leerplicht")
    if large is not None:
        people["large school"] = large.user
    return {
        "group": group,
        "issue21": (
            f"{referrals} aanmeldingen waiting, {questions} Loket questions, "
            f"{steps} escalation steps on the rich case; at the SWV {swv_referrals[0]} "
            f"aanmeldingen waiting, {swv_referrals[1]} declined; {enrolment_due} school-success "
            "checks due (leerplicht)"
        ),
        "meeting": meeting,
        "people": people,
        "case": persona_case,
        "rich": rich,
        "total": Case.objects.count(),
        # The region's policy officer: the monitor's aggregates, no case.
        "policy": policy,
        # The leerplichtambtenaar of Leiden: the school-success checks due, no caseload.
        "leerplicht": leerplicht,
        "refresh_monitor": f"{sum(changed.values())} rows changed in {refreshed:.2f}s",
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
    # Issue 21: the case-less lines of Mijn acties (the coordinator's "my actions" above holds
    # the aanmeldingen waiting at the school; the youth team worker's is the heaviest), the
    # Loket adviser's open questions, and the registration page of a group of 12 children.
    loket = User.objects.get(username="loket")
    group = context["group"]
    found += [
        Page(
            "my actions (Loket adviser, open questions)",
            reverse("actions:my_actions"),
            lambda client, user=loket: login_verified(client, user),
            PAGE_TARGET_MS,
        ),
        Page(
            "schoolsucces, checks due (leerplicht)",
            reverse("enrolment:due"),
            lambda client, user=context["leerplicht"]: login_verified(client, user),
            PAGE_TARGET_MS,
        ),
        Page(
            "schoolsucces, checks due, page 3 (leerplicht)",
            reverse("enrolment:due") + "?pagina=3",
            lambda client, user=context["leerplicht"]: login_verified(client, user),
            PAGE_TARGET_MS,
        ),
        Page(
            "group registration, 12 children (teacher)",
            reverse("groups:register", kwargs={"group_id": group.uuid}),
            lambda client, user=group.teacher.user: login_verified(client, user),
            PAGE_TARGET_MS,
        ),
    ]
    policy = context["policy"]

    def as_policy(client: Client) -> Any:
        return login_verified(client, policy)

    for theme in Theme:
        found.append(
            Page(
                f"monitor {theme.value} (policy officer)",
                reverse("monitor:theme", kwargs={"theme": theme.value}),
                as_policy,
                MONITOR_TARGET_MS,
            )
        )
    # Issue 21: the SWV's incoming aanmeldingen (waiting and decided), and the monitor narrowed
    # to the region's SWV and to its largest school board (the board of its primary schools).
    swv, board = _monitor_filters(policy)
    reach = reverse("monitor:theme", kwargs={"theme": Theme.REACH.value})
    found += [
        Page(
            "incoming aanmeldingen (SWV)",
            reverse("referrals:incoming"),
            as_("swv"),
            list_target("swv"),
        ),
        Page(
            f"monitor {Theme.REACH.value}, SWV filter (policy officer)",
            f"{reach}?swv={swv}",
            as_policy,
            MONITOR_TARGET_MS,
        ),
        Page(
            f"monitor {Theme.REACH.value}, school board filter (policy officer)",
            f"{reach}?bestuur={board}",
            as_policy,
            MONITOR_TARGET_MS,
        ),
    ]
    return found


def _monitor_filters(policy: User) -> tuple[int, int]:
    """The SWV of the policy officer's region and its school board with the most schools."""
    from django.db.models import Count

    from arrangeer.organisations.models import SchoolBoard

    place = Membership.objects.filter(user=policy).select_related("organisation").first()
    assert place is not None and place.organisation.region_id is not None
    region_id = place.organisation.region_id
    swv = Organisation.objects.get(region_id=region_id, type=OrganisationType.SWV)
    board = (
        SchoolBoard.objects.filter(region_id=region_id)
        .annotate(schools_count=Count("schools"))
        .order_by("-schools_count", "pk")
        .first()
    )
    assert board is not None, "the region has no school board"
    return swv.pk, board.pk
