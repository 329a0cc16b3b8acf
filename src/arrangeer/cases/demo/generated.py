"""Generated cases written in bulk (`seed_demo --cases N`, `make bench`, the route's coverage):
each with its child and a parent, the lead on the team, often the youth team and the SWV on
the family's consent, and its start on the route's step."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from faker import Faker

from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.routes.models import Route, Step
from arrangeer.vocabulary import AgeBand, DataCategory

from .. import timing
from ..constants import Initiator, MemberBasis, MemberStatus, StepChangeKind
from ..models import Case, StepChange, TeamMember
from .names import age_and_group, birth, child_first_names

CasePlan = list[tuple[Membership, Step | None, int]]


def make_cases(
    plan: CasePlan,
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
    children, parents = _children(plan, rng, faker)
    cases = _cases(children, plan, rng, routes, now, today)
    Case.objects.bulk_create(cases)
    _teams_and_timeline(cases, parents, plan, rng, youth_teams, swv, now, today)
    return cases


def _children(
    plan: CasePlan, rng: random.Random, faker: Faker
) -> tuple[list[Child], list[LegalRepresentative]]:
    """A child at each lead's school, of an age that fits its sector, with a parent."""
    names = child_first_names()
    children = []
    for lead, _, _ in plan:
        age, group = age_and_group(lead.organisation.sector, rng)
        children.append(
            Child(
                first_name=rng.choice(names),
                last_name=faker.last_name(),
                date_of_birth=birth(rng, age),
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
    return children, parents


def _cases(
    children: list[Child],
    plan: CasePlan,
    rng: random.Random,
    routes: dict[int, tuple[Route, list[Step]]],
    now: dt.datetime,
    today: dt.date,
) -> list[Case]:
    """Each child's case in the lead's region, at its step of the route (some flagged)."""
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
    return cases


def _teams_and_timeline(
    cases: list[Case],
    parents: list[LegalRepresentative],
    plan: CasePlan,
    rng: random.Random,
    youth_teams: dict[int, Membership | None],
    swv: dict[int, tuple[Membership, int]] | None,
    now: dt.datetime,
    today: dt.date,
) -> None:
    """The lead on each team and the case's start on its step; half of the cases the youth
    team, flagged ones the SWV specialist while they have room, both on the family's consent."""
    members = []
    consents = []
    changes = []
    for case, parent, (lead, _, _) in zip(cases, parents, plan, strict=True):
        members.append(_member(case, lead, MemberBasis.LEGAL_TASK_SCHOOL, lead, now))
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
            consents.append(_family_consent(case, parent, youth.organisation, today))
            members.append(_member(case, youth, MemberBasis.CONSENT, lead, now))
        specialist, room = (swv or {}).get(case.region_id, (None, 0))
        if (
            specialist is not None
            and room > 0
            and (case.is_thuiszitter or case.has_risk_behaviour or case.is_complex)
        ):
            assert swv is not None
            swv[case.region_id] = (specialist, room - 1)
            consents.append(_family_consent(case, parent, specialist.organisation, today))
            members.append(_member(case, specialist, MemberBasis.CONSENT, lead, now))
    Consent.objects.bulk_create(consents)
    TeamMember.objects.bulk_create(members)
    StepChange.objects.bulk_create(changes)


def _member(
    case: Case, membership: Membership, basis: str, lead: Membership, now: dt.datetime
) -> TeamMember:
    """An active place on the team, proposed and decided by the lead."""
    return TeamMember(
        case=case,
        membership=membership,
        status=MemberStatus.ACTIVE,
        basis=basis,
        proposed_by=lead.user,
        decided_at=now,
        decided_by=lead.user,
    )


def _family_consent(
    case: Case, parent: LegalRepresentative, organisation: Organisation, today: dt.date
) -> Consent:
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
