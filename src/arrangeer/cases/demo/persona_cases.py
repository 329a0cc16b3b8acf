"""The persona children's cases, opened through the real services: the case with the child and
the parents, the persona accounts, the family's consents and the team."""

from __future__ import annotations

import random
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases import consents as consent_services
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.vocabulary import AgeBand

from .. import services
from ..access import Actor, CaseAccess, access_case
from ..constants import MemberStatus
from ..models import Case
from .names import birth
from .personas import (
    CONSENT_PURPOSE,
    PARENT_WITHOUT_AUTHORITY,
    PERSONA_CHILDREN,
    PLAN_CATEGORIES,
    TEAM_CATEGORIES,
    TEAM_ROLES,
    PersonaChild,
)


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
    return _membership(username, TEAM_ROLES[username])


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
        case = _open_case(persona, actor, regisseur, school, rng)
        _link_accounts(persona, case.child)
        regie = access_case(actor, case.uuid)
        _consents_and_team(persona, regie, case.child, regisseur, school)


def _open_case(
    persona: PersonaChild,
    actor: Actor,
    regisseur: Membership,
    school: Organisation,
    rng: random.Random,
) -> Case:
    """The persona child's case, opened by the regisseur with the child and the parents."""
    return services.open_case(
        actor=actor,
        membership=regisseur,
        child_fields={
            "first_name": persona.first_name,
            "last_name": persona.last_name,
            "date_of_birth": birth(rng, persona.age),
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


def _link_accounts(persona: PersonaChild, child: Child) -> None:
    """The persona accounts of the young person and the parents (with and without gezag)."""
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


def _consents_and_team(
    persona: PersonaChild,
    regie: CaseAccess,
    child: Child,
    regisseur: Membership,
    school: Organisation,
) -> None:
    """The family's consents (for the regisseur's organisation: every category of the plans)
    and the persona's team, each member approved by who decides at the child's age."""
    giver, by_child = _givers(child)
    _consent(regie, regisseur.organisation, PLAN_CATEGORIES, giver, by_child)
    for username in persona.team:
        membership = _team_membership(username, school)
        categories = TEAM_CATEGORIES.get(username)
        if categories and membership.organisation_id != regisseur.organisation_id:
            _consent(regie, membership.organisation, categories, giver, by_child)
        member = services.propose_team_member(regie, membership=membership)
        if member.status == MemberStatus.PROPOSED:
            services.approve_team_member(
                regie, member, approved_by_representative=giver, approved_by_child=by_child
            )
