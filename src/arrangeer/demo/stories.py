"""The persona children's stories: each case walked along its region's route through the real
services (the route's checks hold at every move), with its plan and its MDOs, on a timeline in
the past so that the step, the plan and the meetings tell one story:

- Emma (6, groep 3): a signal; step 2 "Informeren en voorbereiden", no plan yet, the MDO planned
  in ten days and the parents still to approve who comes.
- Ayoub (9, groep 6): step 6 "Gezamenlijk arrangeren"; the MDO was held five days ago (its
  minutes wait for the chair) and the plan waits for the parents' instemming.
- Lotte (17, MBO, a thuiszitter; the youth team is regisseur): step 7 "Uitvoeren en monitoren";
  MDO held two months ago, the plan adopted and running.
- Daan (12, groep 8): step 7 again after an evaluation MDO two weeks ago adjusted the plan
  (two adopted versions to compare); the next evaluation MDO is planned and waits for his
  mother's approval of the invitees in the portal.
- Noor (10, groep 7): step 8 "Gezamenlijk evalueren"; the evaluation MDO decided to close the
  plan, so the case is ready to be closed along the route.

Idempotent: a persona case that has moved on from its first step is left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from arrangeer.cases import demo as case_demo
from arrangeer.cases import journey
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import StepChangeKind
from arrangeer.cases.models import Case, StepChange
from arrangeer.consents.models import Consent
from arrangeer.meetings import demo as meeting_demo
from arrangeer.meetings.constants import MeetingKind
from arrangeer.organisations.models import Region
from arrangeer.plans import demo as plan_demo
from arrangeer.plans.models import Goal
from arrangeer.vocabulary import AgeBand


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _at(days: int, hour: int = 16) -> dt.datetime:
    return dt.datetime.combine(_day(days), dt.time(hour), tzinfo=timezone.get_current_timezone())


def _regie(case: Case) -> CaseAccess:
    assert case.regisseur is not None
    return case_demo.demo_access(case.regisseur, case)


def _opened(case: Case, days: int) -> None:
    """The case was opened `days` days ago (the services open it now)."""
    Case.objects.filter(pk=case.pk).update(opened_at=_at(days, 9), step_since=_at(days, 9))
    StepChange.objects.filter(case=case, kind=StepChangeKind.START).update(at=_at(days, 9))


def _school_plan(case: Case, days: int) -> None:
    """The school's own route came first: a groeiplan or OPP, evaluated (002); for a student
    who came in through the youth team, why there is none."""
    if case.initiating_organisation_id == case.child.school_id:
        journey.record_school_plan(
            _regie(case), kind="opp", evaluated_on=_day(days), missing_reason=""
        )
    else:
        journey.record_school_plan(
            _regie(case),
            kind="",
            evaluated_on=None,
            missing_reason="Het signaal kwam van buiten school, via het jeugd- en gezinsteam.",
        )


def _move(case: Case, code: str, days: int, hour: int = 16) -> None:
    case.refresh_from_db()
    assert case.route is not None
    journey.move_case(
        _regie(case),
        to_step=case.route.steps.get(code=code),
        reason="Demogegevens",
        now=_at(days, hour),
    )


def _band_start(case: Case) -> dt.date:
    """Since when the child is in today's age band (the consents given in it are current)."""
    born = case.child.date_of_birth
    years = {AgeBand.FROM_12: 12, AgeBand.FROM_16: 16}.get(case.child.age_band())
    if years is None:
        return born
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + years, day=28)


def _consents_since(case: Case, days: int) -> None:
    """The family consented a week after the case opened, or (the child having reached an
    age band since) when they decided again at that birthday."""
    since = max(_day(days + 7), _band_start(case))
    Consent.objects.filter(case=case).update(valid_from=since)


def _team_usernames(case: Case, *names: str) -> list[str]:
    assert case.child.school is not None
    school = case_demo.school_coordinator(case.child.school).user.username
    return [school if name == "school" else name for name in names]


def _first_mdo(case: Case, *, opened: int, held: int, invite: list[str], approve: bool) -> None:
    """Steps 1 to 6: the school route, informing the family and convening the MDO with the
    parents' approval, the MDO held, the child's needs and shared goals written down."""
    _opened(case, opened)
    _school_plan(case, opened - 10)
    _move(case, "informeren-en-voorbereiden", opened + 10)
    meeting = meeting_demo.convene(case, days_ahead=1, invite=invite)
    _move(case, "organiseren-breed-overleg", opened + 20)
    _move(case, "ondersteuningsbehoefte-in-beeld", opened + 30)
    meeting_demo.hold(
        case,
        meeting,
        days_ago=-held,
        approve=approve,
        decision="We maken één plan voor school en thuis.",
        action="Plan uitwerken en aan de ouders sturen",
    )
    plan_demo.picture(case)
    _move(case, "gezamenlijk-doelen-stellen", held, 16)


def emma(case: Case) -> None:
    _opened(case, -20)
    _school_plan(case, -30)
    _move(case, "informeren-en-voorbereiden", -12)
    meeting_demo.convene(case, days_ahead=10, invite=["jeugdteam"], approve=False)
    _consents_since(case, -20)


def ayoub(case: Case) -> None:
    _first_mdo(case, opened=-75, held=-5, invite=["leerkracht", "jeugdteam", "swv"], approve=False)
    goals = plan_demo.set_goals(case)
    _move(case, "gezamenlijk-arrangeren", -5, 17)
    plan_demo.arrange(case, goals, start=_day(7))
    plan_demo.send(case, on=_day(-2))
    _consents_since(case, -75)


def _running(case: Case, *, opened: int, held: int, invite: list[str]) -> tuple[Goal, Goal]:
    """Through step 6 to 7: the plan agreed with the parents, adopted a week after the MDO,
    and carried out since (measurements, sessions)."""
    _first_mdo(case, opened=opened, held=held, invite=invite, approve=True)
    goals = plan_demo.set_goals(case)
    _move(case, "gezamenlijk-arrangeren", held, 17)
    modules = plan_demo.arrange(case, goals, start=_day(held + 7))
    plan_demo.adopt(case, on=_day(held + 7))
    _move(case, "uitvoeren-en-monitoren", held + 7)
    plan_demo.progress(case, goals, modules)
    _consents_since(case, opened)
    return goals


def lotte(case: Case) -> None:
    _running(case, opened=-110, held=-63, invite=_team_usernames(case, "school", "swv"))


def daan(case: Case) -> None:
    goals = _running(
        case,
        opened=-230,
        held=-180,
        invite=["leerkracht", "jeugdteam", "swv", "leerplicht", "zorgaanbieder"],
    )
    _move(case, "gezamenlijk-evalueren", -21)
    evaluation = meeting_demo.convene(
        case, days_ahead=1, kind=MeetingKind.EVALUATION, invite=["jeugdteam", "swv"]
    )
    meeting_demo.hold(
        case,
        evaluation,
        days_ago=14,
        approve=True,
        decision="Het leesdoel gaat omhoog en de schooltijd wordt opgebouwd.",
        action="Ochtendstart met de intern begeleider regelen",
    )
    plan_demo.evaluate(
        case,
        goals,
        held_on=_day(-14),
        decision="bijstellen",
        summary="Leesdoel bijna gehaald: de lat gaat omhoog en de schooltijd wordt opgebouwd.",
    )
    _move(case, "bijstellen-arrangement", -14, 17)
    plan_demo.adjust(case, goals, on=_day(-9))
    _move(case, "uitvoeren-en-monitoren", -9)
    # The next evaluation, in the plan's rhythm: his mother approves the invitees in the portal.
    meeting_demo.convene(
        case,
        days_ahead=76,
        kind=MeetingKind.EVALUATION,
        invite=["jeugdteam", "zorgaanbieder"],
        approve=False,
    )


def noor(case: Case) -> None:
    goals = _running(case, opened=-290, held=-240, invite=["leerkracht", "jeugdteam"])
    _move(case, "gezamenlijk-evalueren", -12)
    evaluation = meeting_demo.convene(
        case, days_ahead=1, kind=MeetingKind.EVALUATION, invite=["jeugdteam"]
    )
    meeting_demo.hold(
        case,
        evaluation,
        days_ago=7,
        approve=True,
        decision="De doelen zijn gehaald: het arrangement stopt.",
        action="Overdracht aan de basisondersteuning van de school",
    )
    plan_demo.evaluate(
        case,
        goals,
        held_on=_day(-7),
        decision="afsluiten",
        summary="Doelen behaald; de school gaat verder met basisondersteuning.",
    )


STORIES: dict[str, Callable[[Case], None]] = {
    "Emma": emma,
    "Ayoub": ayoub,
    "Lotte": lotte,
    "Daan": daan,
    "Noor": noor,
}


@transaction.atomic
def seed_persona_stories() -> int:
    """Walk every persona case that is still in its first step; returns how many."""
    for region in Region.objects.all():
        plan_demo.seed_reference(region)
    made = 0
    for persona in case_demo.PERSONA_CHILDREN:
        case = (
            Case.objects.filter(child__bsn=persona.bsn, status="open")
            .select_related("child__school", "regisseur", "route")
            .first()
        )
        if case is None or StepChange.objects.filter(case=case, kind=StepChangeKind.MOVE).exists():
            continue
        case_demo.forget_accesses()
        try:
            STORIES[persona.first_name](case)
        finally:
            case_demo.forget_accesses()
        made += 1
    return made
