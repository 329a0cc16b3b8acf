"""The demo is the first thing a school sees: every persona case tells one story, from its step
on the route to its plan and its meetings, with ages that fit school and group, consents that
fit the child's age and are current, people who are not named like the children, and texts
that speak of the child as the child."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

import pytest

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases import demo as case_demo
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.models import Case, StepChange
from arrangeer.consents.models import Consent
from arrangeer.meetings.constants import InviteeKind, InviteeStatus, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.models import Membership
from arrangeer.plans.constants import ModuleFunction, Place
from arrangeer.plans.kinds import KINDS
from arrangeer.plans.models import Evaluation, Module, Plan, PlanVersion
from arrangeer.routes.guards import evaluate
from arrangeer.routes.models import Step
from arrangeer.vocabulary import AgeBand

pytestmark = pytest.mark.django_db

# What each persona case shows: its step, its plan, its meetings.
EXPECTED = {
    "Emma": ("informeren-en-voorbereiden", None),
    "Ayoub": ("gezamenlijk-arrangeren", "awaiting_agreement"),
    "Lotte": ("uitvoeren-en-monitoren", "adopted"),
    "Daan": ("uitvoeren-en-monitoren", "adopted"),
    "Noor": ("gezamenlijk-evalueren", "closed"),
}
# Checks that hold only at the moment a case leaves their step, not for ever after.
MOMENT_CHECKS = {"evaluation_recorded", "invitees_approved"}


@dataclass
class Seeded:
    cases: list[Case]
    today: dt.date


@pytest.fixture(scope="module")
def seeded(demo: object, django_db_blocker: object) -> Seeded:
    """The persona cases of the package's demo (conftest: the default 40 generated cases)."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        bsns = [persona.bsn for persona in case_demo.PERSONA_CHILDREN]
        cases = list(
            Case.objects.filter(child__bsn__in=bsns)
            .select_related("child__school", "current_step", "route", "regisseur")
            .order_by("child__bsn")
        )
    return Seeded(cases=cases, today=timezone.localdate())


def _first_step_with(case: Case, guard: str) -> Step:
    assert case.route is not None
    return next(s for s in case.route.steps.order_by("number") if guard in s.guards)


def test_every_persona_case_is_in_the_step_its_plan_and_meetings_tell(seeded: Seeded) -> None:
    assert sorted(c.child.first_name for c in seeded.cases) == sorted(EXPECTED)
    now = timezone.now()
    for case in seeded.cases:
        name = case.child.first_name
        step, plan_status = EXPECTED[name]
        assert case.current_step is not None
        assert (case.current_step.code, case.status) == (step, "open"), name
        plan = Plan.objects.filter(case=case).first()
        assert (plan.status if plan else None) == plan_status, name
        number = case.current_step.number
        # An adopted (or evaluated and closed) plan lies past the step that adopts it; a plan
        # is only sent for agreement once the goals are set.
        adopting = _first_step_with(case, "plan_adopted")
        if plan is not None and plan.status in ("adopted", "closed"):
            assert number > adopting.number, name
        if plan is not None and plan.status == "awaiting_agreement":
            assert number == adopting.number, name
        # Meetings: held ones lie in the past, planned ones ahead; from the phase in which the
        # MDO is held (the phase of the step that asks for it) it was held with the parents,
        # before that phase it is planned.
        meetings = list(Meeting.objects.filter(case=case))
        held = [m for m in meetings if m.status in (MeetingStatus.HELD, MeetingStatus.APPROVED)]
        planned = [m for m in meetings if m.status == MeetingStatus.PLANNED]
        assert all(m.starts_at < now for m in held), name
        assert all(m.starts_at > now for m in planned), name
        mdo_phase = _first_step_with(case, "mdo_held_with_parents").phase.number
        if case.current_step.phase.number >= mdo_phase:
            assert held, name
        else:
            assert planned and not held, name
        # The route was walked: the checks of every step before this one held (those that
        # hold only at the moment of leaving aside), and the timeline lies in the past, in order.
        for before in case.route.steps.filter(number__lt=number):
            hard = [g for g in before.guards if g not in before.overridable_guards]
            for result in evaluate(case, hard):
                code = result.guard.code
                if code in MOMENT_CHECKS or (
                    code == "plan_adopted" and plan is not None and plan.evaluations.exists()
                ):
                    continue
                assert result.passed, (name, before.code, code)
        moments = list(
            StepChange.objects.filter(case=case).order_by("pk").values_list("at", flat=True)
        )
        assert moments == sorted(moments) and moments[-1] < now, name
        assert case.step_since == moments[-1], name


def test_the_plans_and_meetings_of_the_later_steps_tell_their_part(seeded: Seeded) -> None:
    by_name = {c.child.first_name: c for c in seeded.cases}
    # Emma: the MDO is planned and her parents still decide who comes.
    emma = Meeting.objects.get(case=by_name["Emma"])
    assert emma.invitees.filter(
        kind=InviteeKind.PROFESSIONAL, status=InviteeStatus.PROPOSED
    ).exists()
    # Ayoub: the MDO was held days ago, its minutes wait for the chair.
    assert Meeting.objects.get(case=by_name["Ayoub"]).status == MeetingStatus.HELD
    # Daan: adjusted after an evaluation (two adopted versions); the next evaluation is planned
    # and waits for his mother in the portal.
    daan = Plan.objects.get(case=by_name["Daan"])
    assert list(daan.versions.order_by("number").values_list("status", flat=True)) == [
        "superseded",
        "adopted",
    ]
    assert Evaluation.objects.filter(plan=daan, decision="bijstellen").exists()
    upcoming = Meeting.objects.get(case=by_name["Daan"], status=MeetingStatus.PLANNED)
    assert upcoming.invitees.filter(status=InviteeStatus.PROPOSED).exists()
    # Noor: evaluated to close, in the step from which the route closes.
    noor = by_name["Noor"]
    assert Evaluation.objects.filter(plan__case=noor, decision="afsluiten").exists()
    assert noor.current_step is not None and noor.current_step.can_close
    # The plan's events follow the meetings: adopted after the MDO, evaluated after adoption.
    for case in seeded.cases:
        first_held = (
            Meeting.objects.filter(case=case, status__in=["gehouden", "vastgesteld"])
            .order_by("starts_at")
            .first()
        )
        for version in PlanVersion.objects.filter(plan__case=case, adopted_at__isnull=False):
            assert first_held is not None and version.adopted_at > first_held.starts_at
            assert version.adopted_at < timezone.now()
        for evaluation in Evaluation.objects.filter(plan__case=case):
            assert seeded.today - dt.timedelta(days=60) <= evaluation.held_on <= seeded.today


def _group_number(group: str, word: str) -> int | None:
    found = re.fullmatch(rf"{word} (\d)", group)
    return int(found.group(1)) if found else None


def test_every_demo_child_has_an_age_that_fits_school_and_group(seeded: Seeded) -> None:
    wrong = []
    for case in Case.objects.select_related("child__school"):
        child = case.child
        age, sector, group = child.age(seeded.today), child.sector, child.group
        if sector in ("po", "sbo", "so"):
            number = _group_number(group, "groep")
            fits = number is not None and 4 <= age <= 12 and 3 <= age - number <= 5
        elif sector in ("vo", "vso"):
            number = _group_number(group, "klas")
            fits = number is not None and 12 <= age <= 18 and 11 <= age - number <= 13
        elif sector == "mbo":
            fits = age >= 16 and not group.startswith(("groep", "klas"))
        elif child.school is None:
            # A toddler at a preschool (the Startklas' intake): no school, sector or group.
            fits = 3 <= age < 4 and not sector and not group
        else:
            fits = False
        if not fits:
            wrong.append((child.first_name, age, sector, group))
    assert wrong == []
    lotte = next(c for c in seeded.cases if c.child.first_name == "Lotte")
    assert (lotte.child.sector, lotte.initiator) == ("mbo", "jeugdteam")


def test_every_consent_fits_the_childs_age_and_is_current(seeded: Seeded) -> None:
    wrong = []
    for consent in Consent.objects.select_related("case__child"):
        band = consent.case.child.age_band(seeded.today)
        by_parent = consent.given_by_representative_id is not None
        givers_fit = {
            AgeBand.UNDER_12: by_parent and not consent.given_by_child,
            AgeBand.FROM_12: by_parent and consent.given_by_child,
            AgeBand.FROM_16: consent.given_by_child and not by_parent,
        }[band]
        year_ago = seeded.today - dt.timedelta(days=365)
        running = consent.valid_until is None or consent.valid_until >= seeded.today
        current = year_ago <= consent.valid_from <= seeded.today and running
        if consent.needs_renewal(band) or not givers_fit or not current:
            wrong.append((consent.case.child.first_name, band, consent.valid_from))
    assert wrong == []


def test_no_professional_is_named_like_a_child(seeded: Seeded) -> None:
    children = set(Case.objects.values_list("child__first_name", flat=True))
    professionals = set(
        User.objects.filter(kind=AccountKind.PROFESSIONAL, memberships__isnull=False)
        .values_list("first_name", flat=True)
        .distinct()
    )
    assert len(children) > 20 and len(professionals) > 20
    assert children & professionals == set()
    assert not Membership.objects.filter(user__first_name__in=children).exists()


def _texts(plan: Plan) -> list[str]:
    texts = []
    for kind in KINDS.values():
        for item in kind.queryset().filter(plan=plan, removed_at__isnull=True):
            texts += [v for f in kind.fields if isinstance(v := getattr(item, f, ""), str)]
    return texts


def test_the_plans_speak_of_the_child_as_the_child(seeded: Seeded) -> None:
    for case in seeded.cases:
        persona = case_demo.PERSONA_BY_BSN[case.child.bsn]
        plan = Plan.objects.filter(case=case).first()
        if plan is None:
            continue
        texts = " ".join(_texts(plan))
        assert "hij of zij" not in texts and "zijn of haar" not in texts, persona.first_name
        other = {"hij": "zij", "zij": "hij"}[persona.pronoun]
        wants = f"{persona.first_name} wil zelf kunnen laten zien wat {persona.pronoun} kan."
        assert wants in texts, persona.first_name
        assert not re.search(rf"\b{other}\b", texts), persona.first_name


def test_every_module_takes_place_where_its_function_says(seeded: Seeded) -> None:
    # "Versterken" is support within the class: a module at home or elsewhere is not that.
    wrong = Module.objects.filter(function=ModuleFunction.VERSTERKEN).exclude(place=Place.SCHOOL)
    assert list(wrong.values_list("title", "place")) == []
    assert Module.objects.filter(place=Place.HOME).exists()


def test_the_regisseur_sees_the_whole_plan(seeded: Seeded) -> None:
    for case in seeded.cases:
        plan = Plan.objects.filter(case=case).first()
        if plan is None:
            continue
        used = {
            item.category
            for kind in KINDS.values()
            for item in kind.queryset().filter(plan=plan, removed_at__isnull=True)
        }
        assert case.regisseur is not None
        access = access_case(Actor(case.regisseur), case.uuid)
        assert {c for c in used if not access.allows(c)} == set(), case.child.first_name
        assert {"onderwijs", "jeugdhulp"} <= used


def test_every_case_on_a_route_step_has_the_steps_term(seeded: Seeded) -> None:
    """A case in a step has the day it got there and its term (cases.timing), as the route's
    moves set them: Mijn acties and the reminders date a step's line by them. The Startklas'
    children (groups.demo) are on the route too."""
    from django.db.models import Q

    missing = list(
        Case.objects.filter(current_step__isnull=False)
        .filter(Q(step_since__isnull=True) | Q(step_due__isnull=True))
        .values_list("child__first_name", "regisseur__username")
    )
    assert missing == []
    assert Case.objects.filter(current_step__isnull=False, child__school__isnull=True).exists()


def test_every_demo_person_has_all_their_actions_listed(seeded: Seeded) -> None:
    """The reminders read a person's whole list of actions (no page limit): it is built for
    everyone the demo gives an account, the coordinator of the Startklas included."""
    from arrangeer.cases.actions import actions_for

    people = User.objects.filter(kind=AccountKind.PROFESSIONAL, is_active=True).order_by("pk")
    listed = {user.username: len(actions_for(user)) for user in people}
    assert listed["coordinator"] > 0
