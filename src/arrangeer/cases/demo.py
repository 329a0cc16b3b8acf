"""Demo cases: the personas' own cases built through the real services, and any number of
generated cases in bulk (for `seed_demo --cases N` and `make bench`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from faker import Faker
from tqdm import tqdm

from arrangeer.accounts.models import User
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents import services as consent_services
from arrangeer.consents.constants import AgeBand, DataCategory, Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region

from . import services
from .access import Actor, access_case
from .constants import CaseStatus, Initiator, MemberBasis, MemberStatus
from .models import Case, TeamMember

PERSONA_CHILDREN = [
    # (first, last, age, parent username, youth username, flags)
    ("Daan", "de Boer", 13, "ouder", "jongere13", {"has_absence": True}),
    ("Lotte", "Kramer", 17, None, "jongere17", {"is_thuiszitter": True}),
    ("Ayoub", "Benali", 9, None, None, {"child_protection_involved": True}),
    ("Emma", "Jansen", 6, None, None, {}),
]
# Valid BSNs (elfproef) for the demo only.
DEMO_BSNS = ["111222333", "123456782", "232323239", "100000009"]


def _birth(rng: random.Random, age: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=age * 365 + rng.randint(20, 300))


def _membership(username: str, role: str) -> Membership:
    return Membership.objects.select_related("organisation").get(user__username=username, role=role)


@transaction.atomic
def seed_persona_cases(*, seed: int = 2026) -> None:
    """Cases the demo personas work on; idempotent by the child's BSN."""
    rng = random.Random(seed)
    coordinator = _membership("coordinator", Role.COORDINATOR)
    actor = Actor(coordinator.user)
    for (first, last, age, parent_name, youth_name, flags), bsn in zip(
        PERSONA_CHILDREN, DEMO_BSNS, strict=True
    ):
        if Child.objects.filter(bsn=bsn).exists():
            continue
        case = services.open_case(
            actor=actor,
            membership=coordinator,
            child_fields={
                "first_name": first,
                "last_name": last,
                "date_of_birth": _birth(rng, age),
                "bsn": bsn,
                "group": f"groep {min(8, max(1, age - 4))}",
                "address": "Breestraat 1, Leiden",
                "home_language": "Nederlands",
            },
            representatives=[
                {
                    "first_name": "Sanne",
                    "last_name": last,
                    "relation": "moeder",
                    "has_authority": True,
                    "email": f"ouder.{last.replace(' ', '').lower()}@demo.arrangeer.invalid",
                },
                {
                    "first_name": "Mark",
                    "last_name": last,
                    "relation": "vader",
                    "has_authority": False,
                },
            ],
            flags=flags,
        )
        child = case.child
        if youth_name:
            child.user = User.objects.get(username=youth_name)
            child.save(update_fields=["user"])
        parent = child.representatives.get(has_authority=True)
        if parent_name:
            parent.user = User.objects.get(username=parent_name)
            parent.save(update_fields=["user"])
            LegalRepresentative.objects.filter(child=child, has_authority=False).update(
                user=User.objects.get(username="ouder_zonder_gezag")
            )
        regie = access_case(actor, case.uuid)
        band = child.age_band()
        giver = None if band == AgeBand.FROM_16 else parent
        by_child = band != AgeBand.UNDER_12
        services.propose_team_member(regie, membership=_membership("leerkracht", Role.TEACHER))
        for username, role, categories in [
            ("jeugdteam", Role.YOUTH_WORKER, [DataCategory.YOUTH_CARE, DataCategory.FAMILY]),
            ("swv", Role.SWV_SPECIALIST, [DataCategory.EDUCATION]),
            ("zorgaanbieder", Role.CARE_WORKER, [DataCategory.YOUTH_CARE, DataCategory.HEALTH]),
        ]:
            membership = _membership(username, role)
            consent_services.record_consent(
                regie,
                organisation=membership.organisation,
                categories=categories,
                purpose="Samen één plan maken en uitvoeren",
                given_by_representative=giver,
                given_by_child=by_child,
                valid_from=timezone.localdate(),
                valid_until=None,
                evidence=Evidence.SIGNED_FORM,
            )
            member = services.propose_team_member(regie, membership=membership)
            if username != "zorgaanbieder" or first == "Daan":
                services.approve_team_member(
                    regie, member, approved_by_representative=giver, approved_by_child=by_child
                )
        if flags.get("has_absence"):
            services.propose_team_member(
                regie, membership=_membership("leerplicht", Role.LEERPLICHT_OFFICER)
            )


def _bulk_batches(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        yield min(size, total - done)
        done += size


def seed_bulk_cases(
    *, count: int, seed: int = 2026, coordinator_share: int = 300, progress: bool = True
) -> int:
    """`count` generated open cases across both demo regions, written in bulk. The persona
    coordinator is regisseur of up to `coordinator_share` of them (a heavy caseload for the
    benchmark); the rest belong to the generated coordinators of each school."""
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    existing = Case.objects.filter(child__bsn="").count()
    todo = max(0, count - existing)
    if not todo:
        return 0
    schools: list[tuple[Organisation, Membership]] = []
    for membership in (
        Membership.objects.filter(
            role=Role.COORDINATOR, organisation__type=OrganisationType.SCHOOL, is_active=True
        )
        .select_related("organisation", "user")
        .order_by("pk")
    ):
        schools.append((membership.organisation, membership))
    persona = next(m for _, m in schools if m.user.username == "coordinator")
    youth_teams = {
        r.pk: Membership.objects.filter(
            role=Role.YOUTH_WORKER,
            organisation__region=r,
            organisation__type=OrganisationType.YOUTH_TEAM,
        )
        .select_related("organisation")
        .first()
        for r in Region.objects.all()
    }
    now = timezone.now()
    made = 0
    bar = tqdm(total=todo, desc="cases", unit="case", disable=not progress)
    for size in _bulk_batches(todo, 1000):
        with transaction.atomic():
            plan: list[tuple[Child, Membership]] = []
            children = []
            for i in range(size):
                if existing + made + i < coordinator_share:
                    lead = persona
                else:
                    lead = schools[rng.randrange(len(schools))][1]
                child = Child(
                    first_name=faker.first_name(),
                    last_name=faker.last_name(),
                    date_of_birth=_birth(rng, rng.randint(4, 17)),
                    school=lead.organisation,
                    sector=lead.organisation.sector,
                    group=f"groep {rng.randint(1, 8)}",
                    home_language=rng.choice(
                        ["Nederlands", "Nederlands", "Arabisch", "Turks", "Pools"]
                    ),
                )
                children.append(child)
                plan.append((child, lead))
            Child.objects.bulk_create(children)
            LegalRepresentative.objects.bulk_create(
                LegalRepresentative(
                    child=c,
                    first_name=faker.first_name(),
                    last_name=c.last_name,
                    relation="ouder",
                    has_authority=True,
                )
                for c in children
            )
            cases = [
                Case(
                    child=child,
                    region=lead.organisation.region,
                    initiator=Initiator.SCHOOL,
                    initiating_organisation=lead.organisation,
                    regisseur=lead.user,
                    created_by=lead.user,
                    is_thuiszitter=rng.random() < 0.08,
                    has_absence=rng.random() < 0.15,
                    is_complex=rng.random() < 0.1,
                    has_risk_behaviour=rng.random() < 0.07,
                )
                for child, lead in plan
            ]
            Case.objects.bulk_create(cases)
            members = []
            consents = []
            for case, (_, lead) in zip(cases, plan, strict=True):
                members.append(
                    TeamMember(
                        case=case,
                        membership=lead,
                        status=MemberStatus.ACTIVE,
                        basis=MemberBasis.LEGAL_TASK_SCHOOL,
                        proposed_by=lead.user,
                        decided_at=now,
                        decided_by=lead.user,
                    )
                )
                youth = youth_teams.get(case.region_id)
                if youth is not None and rng.random() < 0.5:
                    consents.append(
                        Consent(
                            case=case,
                            organisation=youth.organisation,
                            categories=[DataCategory.YOUTH_CARE, DataCategory.FAMILY],
                            purpose="Plan",
                            given_by_child=False,
                            age_band_at_giving=AgeBand.UNDER_12,
                            valid_from=timezone.localdate(),
                            evidence=Evidence.MEETING,
                            recorded_by=lead.user,
                        )
                    )
                    members.append(
                        TeamMember(
                            case=case,
                            membership=youth,
                            status=MemberStatus.ACTIVE,
                            basis=MemberBasis.CONSENT,
                            proposed_by=lead.user,
                            decided_at=now,
                            decided_by=lead.user,
                        )
                    )
            Consent.objects.bulk_create(consents)
            TeamMember.objects.bulk_create(members)
        made += size
        bar.update(size)
    bar.close()
    return made


def case_states_summary() -> dict[str, Any]:
    return {
        "open": Case.objects.filter(status=CaseStatus.OPEN).count(),
        "closed": Case.objects.filter(status=CaseStatus.CLOSED).count(),
    }
