"""Carrying out the plan: progress measurements per goal, delivery per module, evaluations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur

from ..constants import EvaluationDecision, PlanStatus, PlanStep, Realisation
from ..models import (
    DeliveryRecord,
    Evaluation,
    Goal,
    GoalEvaluation,
    Measurement,
    Module,
    Plan,
    PlanVersion,
)
from .common import (
    in_force,
    lock_plan,
    require_category,
    require_recording,
    require_step,
    require_team_place,
    touch,
)
from .lifecycle import reopen_draft

_STEPS: dict[str, str] = {
    EvaluationDecision.CONTINUE: PlanStep.CONTINUE,
    EvaluationDecision.ADJUST: PlanStep.ADJUST,
    EvaluationDecision.CLOSE: PlanStep.CLOSE,
}


def _not_in_future(day: dt.date, field_name: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field_name: _("The date cannot be in the future.")})


def _visible_goal(access: CaseAccess, plan: Plan, goal: Goal) -> Goal:
    found: Goal | None = Goal.objects.in_categories(access).filter(pk=goal.pk, plan=plan).first()
    if found is None:
        raise Http404
    return found


@transaction.atomic
def record_measurement(
    access: CaseAccess,
    goal: Goal,
    *,
    measured_on: dt.date,
    value: Decimal | None,
    achievement: str,
    note: str = "",
) -> Measurement:
    require_team_place(access)
    plan = lock_plan(access)
    require_recording(plan)
    found = _visible_goal(access, plan, goal)
    if measured_on is None:
        raise ValidationError({"measured_on": _("Give the date.")})
    _not_in_future(measured_on, "measured_on")
    measurement = Measurement(
        goal=found,
        measured_on=measured_on,
        value=value,
        achievement=achievement or "",
        note=note.strip(),
        measured_by=access.user,
    )
    measurement.full_clean(exclude=["goal", "measured_by"])
    measurement.save()
    log_change(
        access,
        event=Event.CREATE,
        object_type="plan_measurement",
        object_id=str(measurement.uuid),
        category=found.category,
    )
    return measurement


@transaction.atomic
def record_delivery(
    access: CaseAccess,
    module: Module,
    *,
    on_date: dt.date,
    delivered: bool,
    amount: Decimal,
    miss_reason: str = "",
    note: str = "",
) -> DeliveryRecord:
    """A delivered or missed session (or hours) of a module, within its period."""
    require_team_place(access)
    plan = lock_plan(access)
    require_recording(plan)
    found = Module.objects.in_categories(access).filter(pk=module.pk, plan=plan).first()
    if found is None:
        raise Http404
    if on_date is None:
        raise ValidationError({"on_date": _("Give the date.")})
    _not_in_future(on_date, "on_date")
    if not found.start_date <= on_date <= found.end_date:
        raise ValidationError(
            {
                "on_date": _("The date must fall within the module: %(start)s to %(end)s.")
                % {
                    "start": found.start_date.strftime("%d-%m-%Y"),
                    "end": found.end_date.strftime("%d-%m-%Y"),
                }
            }
        )
    record = DeliveryRecord(
        module=found,
        on_date=on_date,
        delivered=delivered,
        amount=amount,
        miss_reason=miss_reason or "",
        note=note.strip(),
        recorded_by=access.user,
    )
    record.full_clean(exclude=["module", "recorded_by"])
    record.save()
    log_change(
        access,
        event=Event.CREATE,
        object_type="plan_delivery",
        object_id=str(record.uuid),
        category=found.category,
    )
    return record


@transaction.atomic
def record_evaluation(
    access: CaseAccess,
    *,
    held_on: dt.date,
    decision: str,
    next_evaluation_on: dt.date | None,
    summary: str,
    category: str,
    ratings: Mapping[Goal, tuple[str, str]],
) -> Evaluation:
    """The team's evaluation of the plan in force, recorded by the regisseur: per goal how
    far it was realised (the goals the regisseur may see; colleagues add theirs with
    rate_goal), and the decision. Adjust starts a new draft; close closes the plan."""
    require_regisseur(access)
    require_team_place(access)
    plan = lock_plan(access)
    step = _STEPS.get(decision)
    if step is None:
        raise ValidationError({"decision": _("Choose the decision: continue, adjust or close.")})
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError(_("Only an adopted plan can be evaluated."))
    require_step(plan, step)
    version = in_force(plan)
    assert version is not None
    next_evaluation_on = _evaluation_dates(version, held_on, decision, next_evaluation_on)
    require_category(access, category)
    if decision == EvaluationDecision.ADJUST and not summary.strip():
        raise ValidationError({"summary": _("Write what should be adjusted, and why.")})
    evaluation = Evaluation.objects.create(
        plan=plan,
        version=version,
        held_on=held_on,
        decision=decision,
        next_evaluation_on=next_evaluation_on,
        summary=summary.strip(),
        category=category,
        recorded_by=access.user,
    )
    for goal, (realisation, note) in ratings.items():
        if realisation:
            _rate(access, plan, evaluation, goal, realisation=realisation, note=note)
    if decision == EvaluationDecision.ADJUST:
        reopen_draft(plan, reason=summary.strip())
    elif decision == EvaluationDecision.CLOSE:
        plan.status = PlanStatus.CLOSED
        plan.save(update_fields=["status"])
    log_change(
        access,
        event=Event.CREATE,
        object_type="plan_evaluation",
        object_id=str(evaluation.uuid),
        category=category,
    )
    return evaluation


def _evaluation_dates(
    version: PlanVersion, held_on: dt.date, decision: str, next_evaluation_on: dt.date | None
) -> dt.date | None:
    """Checks the evaluation's day (not before the adoption, not in the future) and returns
    the day of the next one: none when the plan closes, else after this one."""
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the evaluation.")})
    _not_in_future(held_on, "held_on")
    if held_on < timezone.localtime(version.adopted_at or version.sent_at).date():
        raise ValidationError({"held_on": _("The evaluation cannot be before the adoption.")})
    if decision == EvaluationDecision.CLOSE:
        return None
    if next_evaluation_on is None:
        raise ValidationError({"next_evaluation_on": _("Give the date of the next evaluation.")})
    if next_evaluation_on <= held_on:
        raise ValidationError(
            {"next_evaluation_on": _("The next evaluation comes after this one.")}
        )
    return next_evaluation_on


def _rate(
    access: CaseAccess,
    plan: Plan,
    evaluation: Evaluation,
    goal: Goal,
    *,
    realisation: str,
    note: str,
) -> GoalEvaluation:
    found = _visible_goal(access, plan, goal)
    if realisation not in Realisation.values:
        raise ValidationError(_("Choose how far the goal was reached."))
    if GoalEvaluation.objects.filter(evaluation=evaluation, goal=found).exists():
        raise ValidationError(_("This goal is already rated in this evaluation."))
    rating = GoalEvaluation.objects.create(
        evaluation=evaluation,
        goal=found,
        realisation=realisation,
        note=note.strip(),
        recorded_by=access.user,
    )
    log_change(
        access,
        event=Event.CREATE,
        object_type="plan_goal_rating",
        object_id=str(found.uuid),
        category=found.category,
    )
    return rating


@transaction.atomic
def rate_goal(
    access: CaseAccess, evaluation: Evaluation, goal: Goal, *, realisation: str, note: str = ""
) -> GoalEvaluation:
    """A colleague adds how far a goal of their categories was realised to the latest
    evaluation (the regisseur may not see every goal)."""
    require_team_place(access)
    plan = lock_plan(access)
    latest = Evaluation.objects.filter(plan=plan).order_by("-held_on", "-recorded_at").first()
    if latest is None or latest.pk != evaluation.pk:
        raise ValidationError(_("Only the latest evaluation can be added to."))
    return _rate(access, plan, evaluation, goal, realisation=realisation, note=note)


@transaction.atomic
def end_module(access: CaseAccess, module: Module, *, ended_on: dt.date, reason: str) -> Module:
    """A module ends before its planned end (a child leaves a group): its end date becomes
    the day it ended, and the plan says so. Like a decision, a fact of carrying out the plan:
    also once adopted, without a new version. Deliveries after that day are refused by the
    module's period."""
    require_team_place(access)
    plan = lock_plan(access)
    require_recording(plan)
    found: Module | None = (
        Module.objects.in_categories(access)
        .select_for_update()
        .filter(pk=module.pk, plan=plan)
        .first()
    )
    if found is None:
        raise Http404
    if found.ended_on is not None:
        raise ValidationError(_("This module has ended already."))
    if ended_on is None:
        raise ValidationError({"ended_on": _("Give the date.")})
    _not_in_future(ended_on, "ended_on")
    if not found.start_date < ended_on <= found.end_date:
        raise ValidationError(
            {
                "ended_on": _("The module can end between %(start)s and %(end)s.")
                % {
                    "start": (found.start_date + dt.timedelta(days=1)).strftime("%d-%m-%Y"),
                    "end": found.end_date.strftime("%d-%m-%Y"),
                }
            }
        )
    found.end_date = ended_on
    found.ended_on = ended_on
    found.end_reason = reason.strip()[:300]
    found.lock_version += 1
    found.updated_by = access.user
    found._history_user = access.user
    found.save(
        update_fields=[
            "end_date",
            "ended_on",
            "end_reason",
            "lock_version",
            "updated_by",
            "updated_at",
        ]
    )
    if plan.status == PlanStatus.DRAFT:
        touch(plan)  # the draft's text changed; an adopted plan keeps its version
    log_change(
        access,
        event=Event.CHANGE,
        object_type="plan_module_end",
        object_id=str(found.uuid),
        category=found.category,
    )
    return found
