"""Demo cases: the personas' own cases built through the real services, and any number of
generated cases in bulk (for `seed_demo --cases N` and `make bench`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from faker import Faker
from tqdm import tqdm

from arrangeer.accounts.models import User
from arrangeer.cases import consents as consent_services
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.routes.models import Route, Step
from arrangeer.routes.services import route_for_new_case
from arrangeer.vocabulary import AgeBand, DataCategory

from . import partners, services, timing
from .access import Actor, CaseAccess, access_case
from .constants import CaseStatus, Initiator, MemberBasis, MemberStatus, StepChangeKind
from .models import Case, StepChange, TeamMember


@dataclass(frozen=True)
class PersonaChild:
    """A persona child and the case around them: coherent in age, school and group, with the
    family that decides (parents under 16, the young person from 16) and the team."""

    first_name: str
    last_name: str
    age: int
    pronoun: str  # "hij" or "zij": the demo's texts about the child follow it
    bsn: str
    school: str
    group: str
    regisseur: str  # username: the school's coordinator, or the youth team for an MBO student
    parents: tuple[tuple[str, str, bool], ...]  # first name, relation, has parental authority
    parent_user: str | None = None  # the persona who is the parent with gezag
    youth_user: str | None = None  # the persona who is the child
    flags: tuple[str, ...] = ()
    team: tuple[str, ...] = ()  # usernames who join the team (on consent or legal task)


# The order is the order of the stories: from a first signal to a plan that is closed.
PERSONA_CHILDREN = (
    PersonaChild(
        "Emma",
        "Jansen",
        6,
        "zij",
        "100000009",
        "Basisschool De Regenboog",
        "groep 3",
        "coordinator",
        (("Anke", "moeder", True), ("Bas", "vader", True)),
        team=("leerkracht", "jeugdteam"),
    ),
    PersonaChild(
        "Ayoub",
        "Benali",
        9,
        "hij",
        "232323239",
        "Basisschool De Regenboog",
        "groep 6",
        "coordinator",
        (("Samira", "moeder", True), ("Youssef", "vader", True)),
        flags=("child_protection_involved",),
        team=("leerkracht", "jeugdteam", "swv"),
    ),
    PersonaChild(
        "Lotte",
        "Kramer",
        17,
        "zij",
        "123456782",
        "MBO Rijnland Vakschool",
        "Entree, leerjaar 1",
        "jeugdteam",
        (("Ellen", "moeder", True), ("Rob", "vader", True)),
        youth_user="jongere17",
        flags=("is_thuiszitter", "has_absence"),
        team=("school", "swv", "leerplicht"),
    ),
    PersonaChild(
        "Daan",
        "de Boer",
        12,
        "hij",
        "111222333",
        "Basisschool De Regenboog",
        "groep 8",
        "coordinator",
        (("Sanne", "moeder", True), ("Mark", "vader", False)),
        parent_user="ouder",
        youth_user="jongere12",
        flags=("has_absence",),
        team=("leerkracht", "jeugdteam", "swv", "zorgaanbieder", "leerplicht"),
    ),
    PersonaChild(
        "Noor",
        "Visser",
        10,
        "zij",
        "100000022",
        "Basisschool De Regenboog",
        "groep 7",
        "coordinator",
        (("Petra", "moeder", True),),
        team=("leerkracht", "jeugdteam"),
    ),
)
PERSONA_BY_BSN = {child.bsn: child for child in PERSONA_CHILDREN}
# The persona without gezag is the other parent of the persona parent's child.
PARENT_WITHOUT_AUTHORITY = "ouder_zonder_gezag"

# Who joins a persona case, and which data their organisation gets the family's consent for
# (a school or leerplicht on its legal task needs none).
_TEAM_ROLES = {
    "leerkracht": Role.TEACHER,
    "jeugdteam": Role.YOUTH_WORKER,
    "swv": Role.SWV_SPECIALIST,
    "zorgaanbieder": Role.CARE_WORKER,
    "leerplicht": Role.LEERPLICHT_OFFICER,
}
_TEAM_CATEGORIES = {
    "jeugdteam": [DataCategory.YOUTH_CARE, DataCategory.FAMILY],
    "swv": [DataCategory.EDUCATION],
    "zorgaanbieder": [DataCategory.YOUTH_CARE, DataCategory.HEALTH],
}
# Every category the demo plans use: the family consents to all of them for the regisseur's
# organisation, so the regisseur sees the whole plan they are responsible for.
PLAN_CATEGORIES = [DataCategory.EDUCATION, DataCategory.YOUTH_CARE, DataCategory.FAMILY]
CONSENT_PURPOSE = "Samen één plan maken en uitvoeren"


def _birth(rng: random.Random, age: int) -> dt.date:
    """A birth date that makes the child `age` today (and for most of a year to come)."""
    return timezone.localdate() - dt.timedelta(days=age * 365 + rng.randint(20, 200))


def _membership(username: str, role: str) -> Membership:
    return Membership.objects.select_related("organisation").get(user__username=username, role=role)


def school_coordinator(school: Organisation) -> Membership:
    """The support coordinator of a school (a persona or a generated colleague)."""
    found = (
        Membership.objects.select_related("organisation", "user")
        .filter(organisation=school, role=Role.COORDINATOR, is_active=True)
        .order_by("pk")
        .first()
    )
    if found is None:
        raise LookupError(f"{school} has no support coordinator")
    return found


def _team_membership(username: str, school: Organisation) -> Membership:
    if username == "school":
        return school_coordinator(school)
    return _membership(username, _TEAM_ROLES[username])


def _givers(child: Child) -> tuple[LegalRepresentative | None, bool]:
    """Who gives consent and approval by the child's age band today (consents/rules.py):
    under 12 a parent with gezag, 12 to 15 the child and a parent together, from 16 the
    young person alone."""
    band = child.age_band()
    parent = child.representatives.filter(has_authority=True).order_by("pk").first()
    return (None if band == AgeBand.FROM_16 else parent), band != AgeBand.UNDER_12


def _consent(
    regie: CaseAccess,
    organisation: Organisation,
    categories: Iterable[str],
    giver: LegalRepresentative | None,
    by_child: bool,
) -> None:
    consent_services.record_consent(
        regie,
        organisation=organisation,
        categories=categories,
        purpose=CONSENT_PURPOSE,
        given_by_representative=giver,
        given_by_child=by_child,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence=Evidence.SIGNED_FORM,
    )


@transaction.atomic
def seed_persona_cases(*, seed: int = 2026) -> None:
    """The persona children's cases, opened by their regisseur with their team and the
    family's consents; idempotent by the child's BSN. Where each case stands on its route
    (and its plan and meetings) is the demo app's story (demo/stories.py)."""
    rng = random.Random(seed)
    for persona in PERSONA_CHILDREN:
        if Child.objects.filter(bsn=persona.bsn).exists():
            continue
        region = Region.objects.get(slug="holland-rijnland")
        school = Organisation.objects.get(region=region, name=persona.school)
        regisseur = (
            school_coordinator(school)
            if persona.regisseur == "coordinator"
            else _membership(persona.regisseur, Role.YOUTH_WORKER)
        )
        if persona.regisseur == "coordinator":
            assert regisseur.user.username == "coordinator", persona.school
        actor = Actor(regisseur.user)
        case = services.open_case(
            actor=actor,
            membership=regisseur,
            child_fields={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "date_of_birth": _birth(rng, persona.age),
                "bsn": persona.bsn,
                "school": school,
                "group": persona.group,
                "address": f"Breestraat {rng.randint(2, 180)}, Leiden",
                "home_language": "Nederlands",
            },
            representatives=[
                {
                    "first_name": first,
                    "last_name": persona.last_name,
                    "relation": relation,
                    "has_authority": authority,
                    "email": (
                        f"{first.lower()}.{persona.last_name.replace(' ', '').lower()}"
                        "@demo.arrangeer.invalid"
                    )
                    if authority
                    else "",
                }
                for first, relation, authority in persona.parents
            ],
            flags=dict.fromkeys(persona.flags, True),
        )
        child = case.child
        if persona.youth_user:
            child.user = User.objects.get(username=persona.youth_user)
            child.save(update_fields=["user"])
        if persona.parent_user:
            LegalRepresentative.objects.filter(child=child, has_authority=True).update(
                user=User.objects.get(username=persona.parent_user)
            )
            LegalRepresentative.objects.filter(child=child, has_authority=False).update(
                user=User.objects.get(username=PARENT_WITHOUT_AUTHORITY)
            )
        regie = access_case(actor, case.uuid)
        giver, by_child = _givers(child)
        _consent(regie, regisseur.organisation, PLAN_CATEGORIES, giver, by_child)
        for username in persona.team:
            membership = _team_membership(username, school)
            categories = _TEAM_CATEGORIES.get(username)
            if categories and membership.organisation_id != regisseur.organisation_id:
                _consent(regie, membership.organisation, categories, giver, by_child)
            member = services.propose_team_member(regie, membership=membership)
            if member.status == MemberStatus.PROPOSED:
                services.approve_team_member(
                    regie, member, approved_by_representative=giver, approved_by_child=by_child
                )


def _faker_first_names() -> list[str]:
    from faker.providers.person.nl_NL import Provider

    return sorted(set(Provider.first_names_male) | set(Provider.first_names_female))


def professional_first_names() -> list[str]:
    """First names for generated professionals: half of the Dutch first names, never one of
    a child's (a colleague named like a pupil would confuse the demo)."""
    children = {persona.first_name for persona in PERSONA_CHILDREN}
    return [n for i, n in enumerate(_faker_first_names()) if i % 2 and n not in children]


def child_first_names() -> list[str]:
    """First names for generated children: the other half, without any professional's."""
    from arrangeer.accounts.constants import AccountKind

    taken = set(
        User.objects.filter(kind=AccountKind.PROFESSIONAL).values_list("first_name", flat=True)
    )
    return [n for i, n in enumerate(_faker_first_names()) if not i % 2 and n not in taken]


# School sector → the ages of its pupils and how their group or class is called.
_SECTOR_AGES = {
    "po": (4, 12),
    "sbo": (4, 12),
    "so": (4, 12),
    "vo": (12, 17),
    "vso": (12, 17),
    "mbo": (16, 17),
}


def sector_ages(sector: str) -> tuple[int, int]:
    """The youngest and oldest age of the pupils of a school sector."""
    return _SECTOR_AGES.get(sector, (4, 12))


def age_and_group(sector: str, rng: random.Random) -> tuple[int, str]:
    """An age that fits the school's sector and the group or class that fits the age: groep 1
    at 4 to groep 8 at 11-12 in primary education, klas 1 at 12 in secondary, leerjaar 1 at 16
    in MBO."""
    low, high = sector_ages(sector)
    age = rng.randint(low, high)
    return age, group_for(sector, age)


def group_for(sector: str, age: int) -> str:
    """The group or class of a pupil of `age` in a school of `sector`."""
    if sector in ("vo", "vso"):
        return f"klas {min(6, age - 11)}"
    if sector == "mbo":
        return f"leerjaar {age - 15}"
    return f"groep {min(8, max(1, age - 3))}"


# The demo's accesses while it writes one persona story: each service call needs the acting
# person's access to the case, and the team does not change while the story is written.
_ACCESSES: dict[tuple[int, int], CaseAccess] = {}


def demo_access(user: User, case: Case) -> CaseAccess:
    """The access of a demo professional to a case, opened (and logged) once per story."""
    key = (user.pk, case.pk)
    if key not in _ACCESSES:
        _ACCESSES[key] = access_case(Actor(user), case.uuid)
    return _ACCESSES[key]


def forget_accesses() -> None:
    _ACCESSES.clear()


def _bulk_batches(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        yield min(size, total - done)
        done += size


def _active_routes() -> dict[int, tuple[Route, list[Step]]]:
    """region id → its active route (or the model route) with the steps in order."""
    found: dict[int, tuple[Route, list[Step]]] = {}
    for region in Region.objects.all():
        route = route_for_new_case(region)
        if route is not None:
            found[region.pk] = (route, list(route.steps.order_by("number")))
    return found


def _make_cases(
    plan: list[tuple[Membership, Step | None, int]],
    *,
    rng: random.Random,
    faker: Faker,
    routes: dict[int, tuple[Route, list[Step]]],
    youth_teams: dict[int, Membership | None],
    swv: dict[int, tuple[Membership, int]] | None = None,
) -> list[Case]:
    """Write cases in bulk: (lead coordinator, step or None for the route's first, days in
    that step so far). Every case gets its child, a parent, the lead on the team, often the
    youth team, the SWV for a thuiszitter, risk behaviour or a complex case (while its
    specialist has room: `swv` maps a region to its specialist and the places left), and a
    timeline entry."""
    now = timezone.now()
    today = timezone.localdate()
    names = child_first_names()
    children = []
    for lead, _, _ in plan:
        age, group = age_and_group(lead.organisation.sector, rng)
        children.append(
            Child(
                first_name=rng.choice(names),
                last_name=faker.last_name(),
                date_of_birth=_birth(rng, age),
                school=lead.organisation,
                sector=lead.organisation.sector,
                group=group,
                home_language=rng.choice(
                    ["Nederlands", "Nederlands", "Arabisch", "Turks", "Pools"]
                ),
            )
        )
    Child.objects.bulk_create(children)
    parents = LegalRepresentative.objects.bulk_create(
        [
            LegalRepresentative(
                child=c,
                first_name=faker.first_name(),
                last_name=c.last_name,
                relation="ouder",
                has_authority=True,
            )
            for c in children
        ]
    )
    cases = []
    for child, (lead, step, days) in zip(children, plan, strict=True):
        route, steps = routes.get(lead.organisation.region_id, (None, []))
        if route is not None and step is None:
            step = steps[0]
        since = now - dt.timedelta(days=days)
        thuiszitter = rng.random() < 0.08
        cases.append(
            Case(
                child=child,
                region=lead.organisation.region,
                initiator=Initiator.SCHOOL,
                initiating_organisation=lead.organisation,
                regisseur=lead.user,
                created_by=lead.user,
                is_thuiszitter=thuiszitter,
                thuiszitter_since=today - dt.timedelta(days=rng.randint(5, 120))
                if thuiszitter
                else None,
                has_absence=rng.random() < 0.15,
                is_complex=rng.random() < 0.1,
                has_risk_behaviour=rng.random() < 0.07,
                route=route if step is not None else None,
                current_step=step,
                step_since=since if step is not None else None,
                step_due=timing.due_date(since, step.duration_days) if step is not None else None,
                # Past the first step, the school's own route was followed (the first check).
                school_plan_kind="opp" if step is not None and step.number > 1 else "",
                school_plan_evaluated_on=(
                    (since - dt.timedelta(days=7)).date()
                    if step is not None and step.number > 1
                    else None
                ),
            )
        )
    Case.objects.bulk_create(cases)
    members = []
    consents = []
    changes = []

    def consent(case: Case, parent: LegalRepresentative, organisation: Organisation) -> Consent:
        """Given by the family as the child's age asks (consents/rules.py), from today."""
        band = case.child.age_band(today)
        return Consent(
            case=case,
            organisation=organisation,
            categories=[DataCategory.EDUCATION]
            if organisation.type == OrganisationType.SWV
            else [DataCategory.YOUTH_CARE, DataCategory.FAMILY],
            purpose="Plan",
            given_by_representative=None if band == AgeBand.FROM_16 else parent,
            given_by_child=band != AgeBand.UNDER_12,
            age_band_at_giving=band,
            valid_from=today,
            evidence=Evidence.MEETING,
            recorded_by=case.regisseur,
        )

    for case, parent, (lead, _, _) in zip(cases, parents, plan, strict=True):
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
        if case.current_step is not None and case.step_since is not None:
            changes.append(
                StepChange(
                    case=case,
                    kind=StepChangeKind.START,
                    to_step=case.current_step,
                    reason="Demogegevens",
                    by_user=lead.user,
                    by_membership=lead,
                    at=case.step_since,
                )
            )
        youth = youth_teams.get(case.region_id)
        if youth is not None and rng.random() < 0.5:
            consents.append(consent(case, parent, youth.organisation))
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
        specialist, room = (swv or {}).get(case.region_id, (None, 0))
        if (
            specialist is not None
            and room > 0
            and (case.is_thuiszitter or case.has_risk_behaviour or case.is_complex)
        ):
            assert swv is not None
            swv[case.region_id] = (specialist, room - 1)
            consents.append(consent(case, parent, specialist.organisation))
            members.append(
                TeamMember(
                    case=case,
                    membership=specialist,
                    status=MemberStatus.ACTIVE,
                    basis=MemberBasis.CONSENT,
                    proposed_by=lead.user,
                    decided_at=now,
                    decided_by=lead.user,
                )
            )
    Consent.objects.bulk_create(consents)
    TeamMember.objects.bulk_create(members)
    StepChange.objects.bulk_create(changes)
    return cases


def _youth_teams() -> dict[int, Membership | None]:
    return {
        r.pk: Membership.objects.filter(
            role=Role.YOUTH_WORKER,
            organisation__region=r,
            organisation__type=OrganisationType.YOUTH_TEAM,
        )
        .select_related("organisation")
        .first()
        for r in Region.objects.all()
    }


def _swv_specialists(share: int) -> dict[int, tuple[Membership, int]]:
    """region id → the first SWV specialist and how many more cases they may join."""
    found: dict[int, tuple[Membership, int]] = {}
    for region in Region.objects.all():
        specialist = (
            Membership.objects.filter(
                role=Role.SWV_SPECIALIST,
                organisation__region=region,
                organisation__type=OrganisationType.SWV,
            )
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        if specialist is not None:
            taken = TeamMember.objects.filter(membership=specialist).count()
            found[region.pk] = (specialist, max(0, share - taken))
    return found


# The school whose coordinator carries a large caseload in the benchmark.
LARGE_SCHOOL = "Het Rijnlands Lyceum Zuid"
# On average; at national scale more cases means more schools, not bigger caseloads.
CASES_PER_SCHOOL = 250


def _more_schools(have: int, need: int, rng: random.Random, faker: Faker) -> None:
    """Generated schools with a coordinator each, spread over the demo regions, until there
    are `need` schools for the generated cases."""
    regions = list(Region.objects.order_by("pk"))
    if not regions or have >= need:
        return
    taken = set(Organisation.objects.exclude(brin="").values_list("brin", flat=True))
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    organisations = []
    for n in range(have, need):
        region = regions[n % len(regions)]
        brin = ""
        while not brin or brin in taken:
            brin = f"{rng.randint(10, 99)}{rng.choice(letters)}{rng.choice(letters)}"
        taken.add(brin)
        organisations.append(
            Organisation(
                region=region,
                name=f"Demoschool {n + 1} {faker.city()}",
                type=OrganisationType.SCHOOL,
                sector=rng.choice(["po", "po", "vo"]),
                brin=brin,
            )
        )
    Organisation.objects.bulk_create(organisations)
    users = []
    names = professional_first_names()
    for org in organisations:
        user = User(
            username=f"demo-coord-{org.brin.lower()}",
            first_name=rng.choice(names),
            last_name=faker.last_name(),
            email=f"demo-coord-{org.brin.lower()}@demo.arrangeer.invalid",
        )
        user.set_unusable_password()  # a generated colleague never logs in
        users.append(user)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=Role.COORDINATOR)
        for user, org in zip(users, organisations, strict=True)
    )


def seed_bulk_cases(
    *,
    count: int,
    seed: int = 2026,
    coordinator_share: int = 300,
    large_school_share: int = 1000,
    swv_share: int = 500,
    progress: bool = True,
) -> int:
    """`count` generated open cases across both demo regions, written in bulk, spread over
    the steps of each region's route. The persona coordinator is regisseur of up to
    `coordinator_share` of them, the coordinator of the large school of the next
    `large_school_share`; the rest belong to the coordinators of the other schools, about
    CASES_PER_SCHOOL each (schools are added as needed). Half of the cases of a region have
    its first youth team worker on the team (the heaviest caseload: ~25,000 at 100,000
    cases); its first SWV specialist joins up to `swv_share` flagged cases."""
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    existing = Case.objects.filter(child__bsn="").count()
    todo = max(0, count - existing)
    if not todo:
        return 0
    leads = set(ROUTE_COVERAGE_LEADS.values())

    def coordinators() -> list[Membership]:
        return list(
            Membership.objects.filter(
                role=Role.COORDINATOR, organisation__type=OrganisationType.SCHOOL, is_active=True
            )
            .select_related("organisation__region", "user")
            .order_by("pk")
        )

    schools = coordinators()
    persona = next(m for m in schools if m.user.username == "coordinator")
    large = next((m for m in schools if m.organisation.name == LARGE_SCHOOL), None)
    others = [m for m in schools if m.user.username not in leads and m is not large]
    fixed = coordinator_share + (large_school_share if large is not None else 0)
    need = -(-max(0, count - fixed) // CASES_PER_SCHOOL)
    if len(others) < need:
        _more_schools(len(others), need, rng, faker)
        others = [
            m
            for m in coordinators()
            if m.user.username not in leads and (large is None or m.pk != large.pk)
        ]
    routes = _active_routes()
    youth_teams = _youth_teams()
    swv = _swv_specialists(swv_share)
    made = 0
    bar = tqdm(total=todo, desc="cases", unit="case", disable=not progress)
    for size in _bulk_batches(todo, 1000):
        with transaction.atomic():
            plan: list[tuple[Membership, Step | None, int]] = []
            for i in range(size):
                n = existing + made + i
                if n < coordinator_share:
                    lead = persona
                elif large is not None and n < fixed:
                    lead = large
                else:
                    lead = others[rng.randrange(len(others))]
                steps = routes.get(lead.organisation.region_id, (None, []))[1]
                step = steps[n % len(steps)] if steps else None
                # Some steps are overdue: up to twice their duration in the step so far.
                days = rng.randint(0, 2 * step.duration_days) if step is not None else 0
                plan.append((lead, step, days))
            _make_cases(plan, rng=rng, faker=faker, routes=routes, youth_teams=youth_teams, swv=swv)
        made += size
        bar.update(size)
    bar.close()
    return made


# Who leads the demo cases that fill every step of each region's route.
ROUTE_COVERAGE_LEADS = {"holland-rijnland": "coordinator", "alkmaar": "coordinator_alkmaar"}


@transaction.atomic
def seed_route_coverage(*, seed: int = 2026) -> int:
    """At least one open case in every step of each demo region's route, led by that region's
    persona coordinator (so the demo shows every step). Idempotent."""
    rng = random.Random(seed + 1)
    faker = Faker("nl_NL")
    faker.seed_instance(seed + 1)
    routes = _active_routes()
    plan: list[tuple[Membership, Step | None, int]] = []
    for slug, username in ROUTE_COVERAGE_LEADS.items():
        lead = (
            Membership.objects.filter(
                user__username=username, role=Role.COORDINATOR, organisation__region__slug=slug
            )
            .select_related("organisation__region", "user")
            .first()
        )
        if lead is None or lead.organisation.region_id not in routes:
            continue
        route, steps = routes[lead.organisation.region_id]
        taken = set(
            Case.objects.filter(status=CaseStatus.OPEN, route=route).values_list(
                "current_step_id", flat=True
            )
        )
        for step in steps:
            if step.pk not in taken:
                plan.append((lead, step, rng.randint(0, step.duration_days + 10)))
    if plan:
        _make_cases(plan, rng=rng, faker=faker, routes=routes, youth_teams=_youth_teams())
    return len(plan)


# The role that stands for each kind of required partner (cases.partners) on a demo team.
_PARTNER_ROLES: dict[str, str] = {
    OrganisationType.SWV: Role.SWV_SPECIALIST,
    OrganisationType.LEERPLICHT: Role.LEERPLICHT_OFFICER,
}


@transaction.atomic
def seed_route_partners(lead_usernames: list[str]) -> int:
    """The partners each open case of the given regisseurs needs (`cases.partners`: the SWV,
    leerplicht) put on its team through the services, with the family's consent where there is
    no legal task: the demo's cases could have convened their MDO. Idempotent."""
    added = 0
    cases = (
        Case.objects.filter(status=CaseStatus.OPEN, regisseur__username__in=lead_usernames)
        .select_related("child", "regisseur")
        .order_by("pk")
    )
    for case in cases:
        missing = partners.missing_partners(case)
        parent = case.child.representatives.filter(has_authority=True).order_by("pk").first()
        if not missing or parent is None or case.regisseur is None:
            continue
        regie = access_case(Actor(case.regisseur), case.uuid)
        band = case.child.age_band()
        giver = None if band == AgeBand.FROM_16 else parent
        by_child = band != AgeBand.UNDER_12
        for partner in missing:
            membership = (
                Membership.objects.filter(
                    organisation__region_id=case.region_id,
                    organisation__type=partner.organisation_type,
                    role=_PARTNER_ROLES[partner.organisation_type],
                    is_active=True,
                )
                .select_related("organisation")
                .order_by("pk")
                .first()
            )
            if membership is None:
                continue
            member = TeamMember.objects.filter(
                case=case, membership=membership, status=MemberStatus.PROPOSED
            ).first() or services.propose_team_member(regie, membership=membership)
            if member.status == MemberStatus.PROPOSED:
                consent_services.record_consent(
                    regie,
                    organisation=membership.organisation,
                    categories=[DataCategory.EDUCATION],
                    purpose="Samen één plan maken en uitvoeren",
                    given_by_representative=giver,
                    given_by_child=by_child,
                    valid_from=timezone.localdate(),
                    valid_until=None,
                    evidence=Evidence.MEETING,
                )
                services.approve_team_member(
                    regie, member, approved_by_representative=giver, approved_by_child=by_child
                )
            added += 1
    return added


def case_states_summary() -> dict[str, Any]:
    return {
        "open": Case.objects.filter(status=CaseStatus.OPEN).count(),
        "closed": Case.objects.filter(status=CaseStatus.CLOSED).count(),
    }
