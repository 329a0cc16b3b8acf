"""The named personas shared by the privacy tests (ARCHITECTURE.md: healthchecks' alice/bob).

One open case of a 13-year-old at a primary school, with a team built through the real
services: the coordinator (regisseur), a teacher of the school (legal task), a youth team
worker and an SWV specialist on consent, leerplicht on its legal task (absence), a care
worker whose organisation's consent was withdrawn, and one proposed but not yet approved.
Around it: people who must see nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import consents as consent_services
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case, EmergencyAccess, TeamMember
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.vocabulary import DataCategory

from .factories import UserFactory
from .plans import PlanWorld, build_plan


def years_ago(years: int, *, days: int = 30) -> dt.date:
    today = timezone.localdate()
    try:
        base = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        base = today.replace(year=today.year - years, day=28)
    return base - dt.timedelta(days=days)


@dataclass
class World:
    region: Region
    school: Organisation
    other_school: Organisation
    youth_team: Organisation
    swv: Organisation
    leerplicht_office: Organisation
    provider: Organisation
    other_provider: Organisation
    municipality: Organisation
    case: Case
    closed_case: Case
    child: Child
    parent: LegalRepresentative
    parent_without_authority: LegalRepresentative
    users: dict[str, User] = field(default_factory=dict)
    members: dict[str, TeamMember] = field(default_factory=dict)
    emergency: EmergencyAccess | None = None
    plan: PlanWorld | None = None

    def __getattr__(self, name: str) -> User:
        users: dict[str, User] = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _org(region: Region, name: str, type_: str, **extra: str) -> Organisation:
    return Organisation.objects.create(region=region, name=name, type=type_, **extra)


def _user(**fields: Any) -> User:
    return UserFactory.create(**fields)


def _pro(name: str, org: Organisation, role: str) -> tuple[User, Membership]:
    user = _user(username=name, first_name=name.replace("_", " ").title(), last_name="Test")
    return user, grant_membership(user=user, organisation=org, role=role)


@dataclass(frozen=True)
class _Organisations:
    school: Organisation
    other_school: Organisation
    youth_team: Organisation
    swv: Organisation
    leerplicht_office: Organisation
    provider: Organisation
    other_provider: Organisation
    municipality: Organisation


def build_world(*, with_plan: bool = False) -> World:
    region = Region.objects.create(name="Testregio", slug="testregio")
    orgs = _organisations(region)
    users, memberships = _people(orgs)
    case = _open_case(users, memberships)
    child = case.child
    parent, parent_without = _family_accounts(child, users)
    team = _team(case, users, memberships, orgs, parent)
    closed = _closed_case(users, memberships)
    emergency = case_services.start_emergency_access(
        actor=Actor(users["emergency_worker"]),
        membership=memberships["emergency_worker"],
        reason="Acute zorgen over de veiligheid van het kind vanavond.",
        bsn="111222333",
    )
    case.refresh_from_db()
    plan = (
        build_plan(
            case,
            regisseur=users["coordinator"],
            youth_worker=users["youth_worker"],
            school=orgs.school,
            provider=orgs.provider,
            parent=parent,
        )
        if with_plan
        else None
    )
    return World(
        region=region,
        school=orgs.school,
        other_school=orgs.other_school,
        youth_team=orgs.youth_team,
        swv=orgs.swv,
        leerplicht_office=orgs.leerplicht_office,
        provider=orgs.provider,
        other_provider=orgs.other_provider,
        municipality=orgs.municipality,
        case=case,
        closed_case=closed,
        child=child,
        parent=parent,
        parent_without_authority=parent_without,
        users=users,
        members=team,
        emergency=emergency,
        plan=plan,
    )


def _organisations(region: Region) -> _Organisations:
    return _Organisations(
        school=_org(region, "Basisschool De Test", OrganisationType.SCHOOL, sector=SchoolSector.PO),
        other_school=_org(
            region, "Basisschool Ander", OrganisationType.SCHOOL, sector=SchoolSector.PO
        ),
        youth_team=_org(region, "Jeugdteam Test", OrganisationType.YOUTH_TEAM),
        swv=_org(region, "SWV Test", OrganisationType.SWV),
        leerplicht_office=_org(region, "Leerplicht Test", OrganisationType.LEERPLICHT),
        provider=_org(region, "Jeugdhulp Test", OrganisationType.CARE_PROVIDER),
        other_provider=_org(region, "Jeugdhulp Twee", OrganisationType.CARE_PROVIDER),
        municipality=_org(region, "Gemeente Test", OrganisationType.MUNICIPALITY),
    )


def _people(orgs: _Organisations) -> tuple[dict[str, User], dict[str, Membership]]:
    """The professionals with their seat, then the superuser, the parents and three children
    (accounts only)."""
    users: dict[str, User] = {}
    memberships: dict[str, Membership] = {}
    for name, org, role in [
        ("coordinator", orgs.school, Role.COORDINATOR),
        ("teacher", orgs.school, Role.TEACHER),
        ("school_colleague", orgs.school, Role.TEACHER),
        ("teacher_other_school", orgs.other_school, Role.TEACHER),
        ("youth_worker", orgs.youth_team, Role.YOUTH_WORKER),
        ("youth_worker_off_team", orgs.youth_team, Role.YOUTH_WORKER),
        ("swv_specialist", orgs.swv, Role.SWV_SPECIALIST),
        ("leerplicht", orgs.leerplicht_office, Role.LEERPLICHT_OFFICER),
        ("care_worker_withdrawn", orgs.other_provider, Role.CARE_WORKER),
        ("care_worker_proposed", orgs.provider, Role.CARE_WORKER),
        ("emergency_worker", orgs.provider, Role.CARE_WORKER),
        ("policy_officer", orgs.municipality, Role.POLICY_OFFICER),
        ("functional_admin", orgs.swv, Role.FUNCTIONAL_ADMIN),
    ]:
        users[name], memberships[name] = _pro(name, org, role)
    users["superuser"] = _user(username="superuser", is_superuser=True, is_staff=True)
    users["parent"] = _user(username="parent", parent=True)
    users["parent_without_authority"] = _user(username="parent_no_gezag", parent=True)
    for age in (11, 13, 17):
        users[f"child_{age}"] = _user(username=f"child{age}", youth=True)
    return users, memberships


def _open_case(users: dict[str, User], memberships: dict[str, Membership]) -> Case:
    """Sem's case, opened by the coordinator, with his mother (gezag) and father."""
    return case_services.open_case(
        actor=Actor(users["coordinator"]),
        membership=memberships["coordinator"],
        child_fields={
            "first_name": "Sem",
            "last_name": "Vermeer",
            "date_of_birth": years_ago(13),
            "bsn": "111222333",
            "group": "groep 8",
            "address": "Teststraat 1, Leiden",
            "home_language": "Nederlands",
        },
        representatives=[
            {
                "first_name": "Eva",
                "last_name": "Vermeer",
                "relation": "moeder",
                "has_authority": True,
                "email": "eva@test.invalid",
            },
            {
                "first_name": "Rob",
                "last_name": "Vermeer",
                "relation": "vader",
                "has_authority": False,
            },
        ],
        flags={"has_absence": True},
    )


def _family_accounts(
    child: Child, users: dict[str, User]
) -> tuple[LegalRepresentative, LegalRepresentative]:
    """The child and both parents linked to their accounts; returns the parent with gezag
    and the one without."""
    child.user = users["child_13"]
    child.save(update_fields=["user"])
    parent, parent_without = list(child.representatives.order_by("-has_authority"))
    parent.user = users["parent"]
    parent.save(update_fields=["user"])
    parent_without.user = users["parent_without_authority"]
    parent_without.save(update_fields=["user"])
    return parent, parent_without


def _team(
    case: Case,
    users: dict[str, User],
    memberships: dict[str, Membership],
    orgs: _Organisations,
    parent: LegalRepresentative,
) -> dict[str, TeamMember]:
    """The teacher and leerplicht on their legal task; the youth worker, the SWV specialist and
    a care worker on consent (the care worker's then withdrawn); one proposed, not approved."""
    regie = access_case(Actor(users["coordinator"]), case.uuid)
    team: dict[str, TeamMember] = {}
    team["teacher"] = case_services.propose_team_member(regie, membership=memberships["teacher"])
    team["leerplicht"] = case_services.propose_team_member(
        regie, membership=memberships["leerplicht"]
    )
    for name, org, categories in [
        ("youth_worker", orgs.youth_team, [DataCategory.YOUTH_CARE, DataCategory.FAMILY]),
        ("swv_specialist", orgs.swv, [DataCategory.EDUCATION]),
        ("care_worker_withdrawn", orgs.other_provider, [DataCategory.YOUTH_CARE]),
    ]:
        consent_services.record_consent(
            regie,
            organisation=org,
            categories=categories,
            purpose="Samen het plan maken",
            given_by_representative=parent,
            given_by_child=True,
            valid_from=timezone.localdate(),
            valid_until=None,
            evidence=Evidence.SIGNED_FORM,
        )
        proposed = case_services.propose_team_member(regie, membership=memberships[name])
        team[name] = case_services.approve_team_member(
            regie, proposed, approved_by_representative=parent, approved_by_child=True
        )
    team["care_worker_proposed"] = case_services.propose_team_member(
        regie, membership=memberships["care_worker_proposed"]
    )
    withdrawn = case.consents.get(organisation=orgs.other_provider)
    consent_services.withdraw_consent(regie, withdrawn, by_representative=parent, by_child=False)
    return team


def _closed_case(users: dict[str, User], memberships: dict[str, Membership]) -> Case:
    """A second, closed case of another child with the same team."""
    coordinator = Actor(users["coordinator"])
    closed = case_services.open_case(
        actor=coordinator,
        membership=memberships["coordinator"],
        child_fields={"first_name": "Mila", "last_name": "Gesloten", "date_of_birth": years_ago(9)},
    )
    closed_regie = access_case(coordinator, closed.uuid)
    case_services.propose_team_member(closed_regie, membership=memberships["teacher"])
    # The child moved: a reason that closes the case in any step of its route.
    case_services.close_case(closed_regie, reason="moved")
    return closed
