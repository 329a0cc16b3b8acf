"""What every write of the plan shares: who may write, the lock on the plan, and the refusal
of a save that is based on an older version of an item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.cases.access import CaseAccess
from arrangeer.vocabulary import DataCategory

from ..constants import ALLOWED_STEPS, EDITABLE_STATUSES, RECORDING_STATUSES, PlanStatus
from ..kinds import Kind
from ..models import Plan, PlanItem, PlanVersion
from ..snapshot import FieldChange, field_changes, item_content


def require_team_place(access: CaseAccess) -> None:
    """Writing needs a place on the team. Emergency access (break the glass) is for reading:
    whoever needs to change the plan in an emergency calls the regisseur."""
    if access.read_only:
        raise PermissionDenied(_("This case is closed: it can still be read, not changed."))
    if access.member is None:
        raise PermissionDenied(_("With emergency access you can read the plan, not change it."))


def require_category(access: CaseAccess, category: str, *, field_name: str = "category") -> None:
    if category not in DataCategory.values:
        raise ValidationError({field_name: _("Choose the data category.")})
    if not access.allows(category):
        raise ValidationError(
            {
                field_name: _(
                    "You cannot write data of the category “%(category)s”: your organisation "
                    "has no ground to see it in this case."
                )
                % {"category": DataCategory(category).label}
            }
        )


def plan_of(access: CaseAccess) -> Plan | None:
    return Plan.objects.filter(case=access.case).first()


def lock_plan(access: CaseAccess, *, create: bool = False) -> Plan:
    """The case's plan, locked for the rest of the transaction, so that a change of content
    and a step of the lifecycle (sending, adopting) never interleave. Made on first use."""
    assert transaction.get_connection().in_atomic_block
    if create:
        Plan.objects.get_or_create(case=access.case, defaults={"created_by": access.user})
    plan = Plan.objects.select_for_update().filter(case=access.case).first()
    if plan is None:
        raise ValidationError(_("This case has no plan yet."))
    return plan


def current_version(plan: Plan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()


def in_force(plan: Plan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, status="adopted").first()


def require_editable(plan: Plan) -> None:
    if plan.status in EDITABLE_STATUSES:
        return
    if plan.status == PlanStatus.ADOPTED:
        version = in_force(plan)
        raise ValidationError(
            _(
                "This plan is adopted (version %(number)s) and cannot be changed. The regisseur "
                "can start an adjustment; that makes a new draft."
            )
            % {"number": version.number if version else "?"}
        )
    raise ValidationError(_("This plan is closed and cannot be changed."))


def require_recording(plan: Plan) -> None:
    if plan.status not in RECORDING_STATUSES:
        raise ValidationError(_("This plan is closed: nothing more can be recorded on it."))


def require_step(plan: Plan, step: str) -> None:
    if plan.status not in ALLOWED_STEPS[step]:
        raise ValidationError(
            _("This cannot be done while the plan is “%(status)s”.")
            % {"status": PlanStatus(plan.status).label}
        )


def touch(plan: Plan) -> None:
    now = timezone.now()
    Plan.objects.filter(pk=plan.pk).update(content_changed_at=now)
    plan.content_changed_at = now


@dataclass
class StaleEdit(Exception):
    """A save based on an older version of the item: someone else saved in between. Carries
    what they changed, so the page can show it next to what this person typed."""

    kind: Kind
    current_version: int
    changed_by: str
    changed_at: dt.datetime | None
    changes: list[FieldChange] = field(default_factory=list)
    removed: bool = False

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        when = (
            timezone.localtime(self.changed_at).strftime("%d-%m-%Y %H:%M")
            if self.changed_at
            else ""
        )
        if self.removed:
            return _(
                "%(who)s removed this %(kind)s at %(when)s while you were editing it. Your text "
                "was not saved."
            ) % {"who": self.changed_by, "kind": self.kind.label, "when": when}
        return _(
            "%(who)s saved this %(kind)s at %(when)s while you were editing it. Your save was "
            "refused so that nothing is overwritten silently. What they changed is listed "
            "below; your text is still in the form. Check it, then save again to keep yours."
        ) % {"who": self.changed_by, "kind": self.kind.label, "when": when}


def stale_edit(kind: Kind, current: PlanItem, expected_version: int) -> StaleEdit:
    """What changed between the version the editor started from and the saved one. The
    change history keeps every version of an item."""
    base = current.history.filter(lock_version=expected_version).order_by("-history_date").first()
    changes: list[FieldChange] = []
    if base is not None:
        before = item_content(kind, base.instance)
        after = item_content(kind, current)
        changes = field_changes(kind, before, after)
    return StaleEdit(
        kind=kind,
        current_version=current.lock_version,
        changed_by=str(current.updated_by),
        changed_at=current.updated_at,
        changes=changes,
        removed=current.removed_at is not None,
    )
