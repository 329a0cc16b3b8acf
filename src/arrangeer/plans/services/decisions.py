"""Recording the state of a module's decision (a TLV, a beschikking, an SWV arrangement) on
the plan, also once it is adopted.

Whether a decision is requested, granted or refused is a fact about carrying out the plan,
not a change of what the parents agreed to: it changes only the decision's fields of the
module (status, reference, dates), keeps a DecisionRecord for the plan's history, and makes
no new version and asks no new instemming."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from ..constants import (
    DECISION_PLAN_STATUSES,
    RECORDED_DECISION_STATES,
    DecisionStatus,
    Instrument,
    PlanStatus,
)
from ..kinds import KINDS
from ..models import DecisionRecord, Module, Plan
from ..rules import may_record_decision
from .common import in_force, lock_plan, require_recording, require_team_place, stale_edit, touch
from .items import _lock_item

DECISION_FIELDS = ("decision_status", "reference_number", "requested_on", "decided_on")


def _not_in_future(day: dt.date | None, field_name: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field_name: _("The date cannot be in the future.")})


def _require_decider(
    access: CaseAccess, plan: Plan, current: Module, expected_version: int
) -> None:
    """The module (unchanged since `expected_version`) needs a decision, this person's
    organisation takes it, and the plan is not with the parents."""
    kind = KINDS["module"]
    if current.removed_at is not None:
        raise stale_edit(kind, current, expected_version)
    if current.instrument == Instrument.NONE:
        raise ValidationError(_("This module needs no separate decision."))
    if not may_record_decision(access, current):
        raise PermissionDenied(
            _("Only the organisation that decides on a %(instrument)s can record it.")
            % {"instrument": Instrument(current.instrument).label}
        )
    if plan.status not in DECISION_PLAN_STATUSES:
        # The module is part of the text the parents are answering on: changing it now
        # would make their answer refer to a text that no longer holds.
        raise ValidationError(
            _(
                "The plan is with the parents for their agreement. Record the decision once "
                "they have answered, or ask the regisseur."
            )
        )
    if current.lock_version != expected_version:
        raise stale_edit(kind, current, expected_version)


def _decision_dates(
    decision_status: str, requested_on: dt.date | None, decided_on: dt.date | None
) -> dt.date | None:
    """Checks the state and its dates; returns the day of the decision (none while it is
    only requested)."""
    if decision_status not in RECORDED_DECISION_STATES:
        raise ValidationError(
            {"decision_status": _("Choose whether the decision is requested, granted or refused.")}
        )
    _not_in_future(requested_on, "requested_on")
    _not_in_future(decided_on, "decided_on")
    if decision_status == DecisionStatus.REQUESTED:
        if requested_on is None:
            raise ValidationError({"requested_on": _("Give the date of the request.")})
        return None
    return decided_on


@transaction.atomic
def record_decision(
    access: CaseAccess,
    module: Module,
    *,
    expected_version: int,
    decision_status: str,
    reference_number: str = "",
    requested_on: dt.date | None = None,
    decided_on: dt.date | None = None,
    note: str = "",
) -> DecisionRecord:
    """Record the state of the decision a module needs. Refused (StaleEdit) when the module
    was saved by someone else since `expected_version`."""
    require_team_place(access)
    plan = lock_plan(access)
    require_recording(plan)
    kind = KINDS["module"]
    current = _lock_item(access, kind, module, plan)
    assert isinstance(current, Module)
    _require_decider(access, plan, current, expected_version)
    reference_number = reference_number.strip()
    decided_on = _decision_dates(decision_status, requested_on, decided_on)
    current.decision_status = decision_status
    current.reference_number = reference_number
    current.requested_on = requested_on
    current.decided_on = decided_on
    try:
        current.clean()
    except ValidationError as error:
        # Only the decision's own rules: the rest of the module is not being changed here.
        mine = {k: v for k, v in error.message_dict.items() if k in DECISION_FIELDS}
        if mine:
            raise ValidationError(mine) from error
    current.lock_version += 1
    current.updated_by = access.user
    current._history_user = access.user
    current.save(update_fields=[*DECISION_FIELDS, "lock_version", "updated_by", "updated_at"])
    if plan.status == PlanStatus.DRAFT:
        touch(plan)  # the draft's text changed; an adopted plan keeps its version
    record = _history_record(access, plan, current, note=note)
    log_change(
        access,
        event=Event.CHANGE,
        object_type="plan_decision",
        object_id=str(current.uuid),
        category=current.category,
    )
    return record


def _history_record(access: CaseAccess, plan: Plan, module: Module, *, note: str) -> DecisionRecord:
    """The decision as the module now holds it, in the plan's history of decisions."""
    version = in_force(plan)
    organisation = access.organisation
    return DecisionRecord.objects.create(
        plan=plan,
        module=module,
        category=module.category,
        instrument=module.instrument,
        decision_status=module.decision_status,
        reference_number=module.reference_number,
        requested_on=module.requested_on,
        decided_on=module.decided_on,
        note=note.strip(),
        version_number=version.number if version is not None else None,
        recorded_by=access.user,
        recorded_by_organisation=organisation.name if organisation is not None else "",
    )
