"""The way of a case along its route: where it starts, who acts in a step, which moves are
open, moving on (with the step's checks), the timeline, and the school plan that the first
check asks for. Public API next to `services.py` (split by aggregate)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.organisations.models import Membership
from arrangeer.routes import checklist as route_checklist
from arrangeer.routes import services as route_services
from arrangeer.routes.constants import DEFAULT_REGISSEUR_TITLE, MIN_OVERRIDE_REASON, REGISSEUR
from arrangeer.routes.models import Step
from arrangeer.routes.services import CheckResult
from arrangeer.vocabulary import DataCategory

from .access import CaseAccess, log_change
from .constants import (
    CLOSE_REASONS_OUTSIDE_ROUTE,
    CaseStatus,
    CloseReason,
    Destination,
    MemberStatus,
    SchoolPlanKind,
    StepChangeKind,
)
from .models import Case, ChecklistMark, StepChange, TeamMember

# The route's timeline lives in its own module; other apps read it here, with the moves.
from .timeline import TimelineEntry as TimelineEntry
from .timeline import TimelineSource as TimelineSource
from .timeline import register_timeline_source as register_timeline_source
from .timeline import timeline as timeline
from .timeline import timeline_for as timeline_for
from .timing import due_date


def school_plan_in_order(case: Case) -> bool:
    """002: before integraal arrangeren starts, a GP/OPP was made and evaluated — or there is
    a recorded reason why not."""
    evaluated = bool(case.school_plan_kind) and case.school_plan_evaluated_on is not None
    return evaluated or bool(case.school_plan_missing_reason.strip())


def _place(case: Case, step: Step, at: dt.datetime) -> list[str]:
    case.current_step = step
    case.step_since = at
    case.step_due = due_date(at, step.duration_days)
    return ["current_step", "step_since", "step_due"]


def start_route(case: Case, *, user: User, membership: Membership | None, at: dt.datetime) -> None:
    """Put a new case on its region's route (at the first step). A region without any route
    leaves the case without one; the route page says so."""
    route = route_services.route_for_new_case(case.region)
    if route is None:
        return
    step = route_services.first_step(route)
    case.route = route
    fields = ["route", *_place(case, step, at)]
    case.save(update_fields=fields)
    StepChange.objects.create(
        case=case,
        kind=StepChangeKind.START,
        to_step=step,
        by_user=user,
        by_membership=membership,
        at=at,
    )


def responsible_members(case: Case, team: Sequence[TeamMember] | None = None) -> list[TeamMember]:
    """Who acts in the current step: the active team members in the step's role; when the
    step is the regisseur's, or nobody on the team has the role, the regisseur. `team` when
    the page has read the case's active and proposed members (with their membership's user
    and organisation, in the order they were proposed)."""
    step = case.current_step
    members = (
        list(
            TeamMember.objects.filter(
                case=case, status=MemberStatus.ACTIVE, membership__is_active=True
            ).select_related("membership__user", "membership__organisation")
        )
        if team is None
        else [m for m in team if m.status == MemberStatus.ACTIVE and m.membership.is_active]
    )
    if step is not None and step.responsible_role != REGISSEUR:
        in_role = [m for m in members if m.membership.role == step.responsible_role]
        if in_role:
            return in_role
    return [m for m in members if m.membership.user_id == case.regisseur_id][:1]


def can_move(access: CaseAccess) -> bool:
    """The regisseur, and team members in the role the current step names."""
    if access.member is None or not access.case.is_open:
        return False
    if access.is_regisseur:
        return True
    step = access.case.current_step
    roles = {m.membership.role for m in access.all_members}
    return step is not None and step.responsible_role in roles


@dataclass(frozen=True)
class Move:
    to_step: Step | None  # None: close the case
    label: str

    @property
    def closes(self) -> bool:
        return self.to_step is None

    @property
    def value(self) -> str:
        return "close" if self.to_step is None else str(self.to_step.pk)


def moves(case: Case) -> list[Move]:
    step = case.current_step
    if step is None or not case.is_open:
        return []
    found = [
        Move(s, _("To step %(number)d: %(name)s") % {"number": s.number, "name": s.name})
        for s in route_services.next_steps(step)
    ]
    if step.can_close:
        found.append(Move(None, _("Close the case")))
    return found


# What the apps above say to the regisseur who is about to close a case (a quality concern
# still open at the contact point, ...): each returns its lines, registered from its
# AppConfig.ready() so this module does not know them.
CloseWarning = Callable[[Case], list[str]]
_CLOSE_WARNINGS: list[CloseWarning] = []


def register_close_warning(source: CloseWarning) -> CloseWarning:
    if source not in _CLOSE_WARNINGS:
        _CLOSE_WARNINGS.append(source)
    return source


def close_warnings(case: Case) -> list[str]:
    """The lines to warn of before this case closes (nothing stops the closing)."""
    return [line for source in _CLOSE_WARNINGS for line in source(case)]


def closing_steps(case: Case) -> list[Step]:
    """The steps of the case's route in which the case may close."""
    if case.route_id is None:
        return []
    return list(Step.objects.filter(route_id=case.route_id, can_close=True).order_by("number"))


def closes_along_the_route(case: Case, reason: str) -> bool:
    """Closing follows the route: a case on a route closes in the route's closing step (the
    route page's move, with that step's checks), unless the reason ends the trajectory from
    outside it (the child moved, the parents withdrew). A case without a route closes
    directly. The close page, the API and the route page all come through here."""
    return case.current_step_id is not None and reason not in CLOSE_REASONS_OUTSIDE_ROUTE


@dataclass(frozen=True)
class ChecklistLine:
    item: route_checklist.Item
    done: bool
    mark: ChecklistMark | None  # the latest tick by hand (None for an automatic item)


def regisseur_title(case: Case) -> str:
    """What the case's region calls the regisseur (its route says so: procesbegeleider in
    Alkmaar)."""
    route = case.route
    return route.regisseur_title if route is not None else DEFAULT_REGISSEUR_TITLE


def checklist(case: Case) -> list[ChecklistLine]:
    """The regisseur's checklist (seed 003, bijlage 5): each automatic item ticked from the
    data by the check its app registered, the others by the latest mark by hand."""
    latest: dict[str, ChecklistMark] = {}
    for mark in ChecklistMark.objects.filter(case=case).select_related("by_user"):
        latest[mark.item] = mark  # ordered by time: the last one wins
    lines = []
    for item in route_checklist.ITEMS:
        if item.automatic:
            done = bool(route_checklist.check_of(item.code)(case))
            lines.append(ChecklistLine(item=item, done=done, mark=None))
        else:
            last = latest.get(item.code)
            lines.append(ChecklistLine(item=item, done=bool(last and last.done), mark=last))
    return lines


def checks(case: Case) -> list[CheckResult]:
    if case.current_step is None:
        return []
    return route_services.evaluate_step(case, case.current_step)


def _record(
    case: Case,
    *,
    kind: str,
    user: User,
    membership: Membership | None,
    at: dt.datetime,
    from_step: Step | None = None,
    to_step: Step | None = None,
    reason: str = "",
    overridden: list[str] | None = None,
    override_reason: str = "",
) -> StepChange:
    return StepChange.objects.create(
        case=case,
        kind=kind,
        from_step=from_step,
        to_step=to_step,
        reason=reason,
        overridden_guards=overridden or [],
        override_reason=override_reason,
        by_user=user,
        by_membership=membership,
        at=at,
    )


@transaction.atomic
def move_case(
    access: CaseAccess,
    *,
    to_step: Step | None,
    reason: str = "",
    override_reason: str = "",
    close_reason: str = "",
    destination: str = "",
    expected_step: Step | None = None,
    now: dt.datetime | None = None,
) -> StepChange:
    """Move the case to `to_step` (None: close it along the route). Only a move the route
    allows from the current step; the step's checks must hold, or — where the route allows
    it for that check — be passed with a written reason. A refused move changes nothing and
    says why (ValidationError with the checks' explanations)."""
    now = now or timezone.now()
    case, current = _lock_for_move(access, expected_step)
    choice = _chosen_move(case, current, to_step)
    _check_closing(access, choice, close_reason, destination)
    override_reason = override_reason.strip()
    failing = _failing_checks(case, current, override_reason)
    change = _record(
        case,
        kind=StepChangeKind.CLOSE if choice.closes else StepChangeKind.MOVE,
        user=access.user,
        membership=access.membership,
        at=now,
        from_step=current,
        to_step=to_step,
        reason=reason.strip(),
        overridden=[r.code for r in failing],
        override_reason=override_reason if failing else "",
    )
    if choice.closes:
        fields = case.mark_closed(
            reason=close_reason, note=reason.strip(), at=now, destination=destination
        )
        case.step_due = None
        case.save(update_fields=[*fields, "step_due"])
    else:
        assert to_step is not None
        case.save(update_fields=_place(case, to_step, now))
    log_change(access, object_type="case_step", object_id=str(change.pk))
    return change


def _lock_for_move(access: CaseAccess, expected_step: Step | None) -> tuple[Case, Step]:
    """The case locked for the move, and its current step: only an open case on a route, moved
    by who may move it, from the step the person saw."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("current_step", "route", "child")
        .get(pk=access.case.pk)
    )
    if not can_move(access):
        raise PermissionDenied(
            _("Only the regisseur or the people responsible for this step can move the case on.")
        )
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("This case is closed."))
    current = case.current_step
    if current is None:
        raise ValidationError(_("This case does not follow a route."))
    if expected_step is not None and expected_step.pk != current.pk:
        raise ValidationError(
            _("Someone moved the case on in the meantime: it is now in step “%(step)s”.")
            % {"step": current.name}
        )
    return case, current


def _chosen_move(case: Case, current: Step, to_step: Step | None) -> Move:
    """The move the route allows from the current step to `to_step`, or why there is none."""
    allowed = moves(case)
    choice = next(
        (
            m
            for m in allowed
            if (m.to_step is None and to_step is None)
            or (m.to_step is not None and to_step is not None and m.to_step.pk == to_step.pk)
        ),
        None,
    )
    if choice is None and to_step is None:
        closing = closing_steps(case)
        raise ValidationError(
            _(
                "This route closes the case in step “%(closing)s”; the case is now in step "
                "“%(step)s”. Move it on along the route first. (When the child moved or the "
                "parents withdrew, choose that reason: the case then closes in any step.)"
            )
            % {
                "closing": " / ".join(f"{s.number}. {s.name}" for s in closing) or "—",
                "step": f"{current.number}. {current.name}",
            }
        )
    if choice is None:
        target = to_step.name if to_step is not None else _("closing the case")
        options = "; ".join(m.label for m in allowed) or _("nothing")
        raise ValidationError(
            _("From step “%(step)s” the route does not allow “%(target)s”. Allowed: %(options)s.")
            % {"step": current.name, "target": target, "options": options}
        )
    return choice


def _check_closing(access: CaseAccess, choice: Move, close_reason: str, destination: str) -> None:
    """A move that closes the case: by the regisseur, with a reason (and a valid destination)."""
    if choice.closes and not access.is_regisseur:
        raise PermissionDenied(_("Only the regisseur can close the case."))
    if choice.closes and close_reason not in CloseReason.values:
        raise ValidationError({"close_reason": _("Choose a reason for closing.")})
    if destination and (not choice.closes or destination not in Destination.values):
        raise ValidationError(
            {"destination": _("Choose where the child goes after the arrangement.")}
        )


def _failing_checks(case: Case, current: Step, override_reason: str) -> list[CheckResult]:
    """The step's checks that do not hold, each one the route lets pass with a reason, and
    that reason written; a check that may not be passed refuses the move."""
    results = route_services.evaluate_step(case, current)
    failing = [r for r in results if not r.passed]
    hard = [r for r in failing if not r.may_override]
    if hard:
        raise ValidationError([r.explanation for r in hard])
    if failing and len(override_reason) < MIN_OVERRIDE_REASON:
        raise ValidationError(
            {
                "override_reason": [r.explanation for r in failing]
                + [
                    _(
                        "You may move on anyway only with a reason of at least %(n)d "
                        "characters; it is recorded."
                    )
                    % {"n": MIN_OVERRIDE_REASON}
                ]
            }
        )
    return failing


def record_closed(access: CaseAccess, case: Case, *, reason: str, at: dt.datetime) -> None:
    """The case was closed outside its route (the regisseur's "close the case")."""
    if case.current_step_id is None:
        return
    _record(
        case,
        kind=StepChangeKind.CLOSED,
        user=access.user,
        membership=access.membership,
        at=at,
        from_step=case.current_step,
        reason=reason,
    )


def record_event(access: CaseAccess, *, kind: str, reason: str, at: dt.datetime) -> StepChange:
    """Something that happened to the case outside its route's moves (the handover to the
    next school, the move to another region), on the timeline in the step it stands in."""
    case = access.case
    return _record(
        case,
        kind=kind,
        user=access.user,
        membership=access.membership,
        at=at,
        from_step=case.current_step,
        reason=reason,
    )


def record_reopened(
    case: Case, *, user: User, membership: Membership, reason: str, at: dt.datetime
) -> list[str]:
    """A reopened case goes on in the step it was closed in, with a fresh due date."""
    step = case.current_step
    if step is None:
        return []
    _record(
        case,
        kind=StepChangeKind.REOPEN,
        user=user,
        membership=membership,
        at=at,
        to_step=step,
        reason=reason,
    )
    return _place(case, step, at)


def can_record_school_plan(access: CaseAccess) -> bool:
    """The regisseur, or someone of the child's school on the team (the GP/OPP is the
    school's), who may see education data."""
    if access.member is None or not access.allows(DataCategory.EDUCATION):
        return False
    if access.is_regisseur:
        return True
    school_id = access.case.child.school_id
    return school_id is not None and any(
        m.membership.organisation_id == school_id for m in access.all_members
    )


@transaction.atomic
def record_school_plan(
    access: CaseAccess,
    *,
    kind: str,
    evaluated_on: dt.date | None,
    missing_reason: str,
    today: dt.date | None = None,
) -> Case:
    if not can_record_school_plan(access):
        raise PermissionDenied(_("Only the regisseur or the child's school can record this."))
    today = today or timezone.localdate()
    missing_reason = missing_reason.strip()
    if kind and kind not in SchoolPlanKind.values:
        raise ValidationError({"kind": _("Choose a groeiplan or an OPP.")})
    if evaluated_on is not None and evaluated_on > today:
        raise ValidationError({"evaluated_on": _("The evaluation date is in the future.")})
    if evaluated_on is not None and not kind:
        raise ValidationError({"kind": _("Say which plan was evaluated.")})
    if not (kind and evaluated_on) and not missing_reason:
        raise ValidationError(
            _("Record which plan was evaluated and when, or why there is no evaluated school plan.")
        )
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    case.school_plan_kind = kind
    case.school_plan_evaluated_on = evaluated_on
    case.school_plan_missing_reason = missing_reason
    case.save(
        update_fields=["school_plan_kind", "school_plan_evaluated_on", "school_plan_missing_reason"]
    )
    log_change(access, object_type="school_plan", category=DataCategory.EDUCATION)
    return case
