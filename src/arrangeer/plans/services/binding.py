"""A funding decision that binds: the last level of the escalatieladder (the regional
doorbraakfunctionaris) decides who pays a module, and that decision becomes the module's
funding decision, whatever the state of the plan (it is process data, like a granted
beschikking; the versions of the plan keep what they held)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from ..constants import DecisionStatus
from ..models import DecisionRecord, Module
from .common import in_force


@transaction.atomic
def record_binding_funding_decision(
    access: CaseAccess,
    *,
    module: Module,
    funding_framework: str,
    instrument: str,
    decided_on: dt.date,
    reference_number: str = "",
) -> Module:
    """Set the module's framework, instrument and a granted decision of `decided_on`. For
    who decides at a level of an escalation on this case, within their categories."""
    if access.member is None and not access.is_decision_seat:
        raise PermissionDenied(_("Only the level that decides can record this decision."))
    current: Module | None = (
        Module.objects.visible_to(access).select_for_update().filter(pk=module.pk).first()
    )
    if current is None:
        raise Http404
    current.funding_framework = funding_framework
    current.instrument = instrument
    current.decision_status = DecisionStatus.GRANTED
    current.decided_on = decided_on
    if reference_number:
        current.reference_number = reference_number
    current.full_clean(exclude=["plan", "author", "updated_by"], validate_constraints=False)
    current.lock_version += 1
    current.updated_by = access.user
    current._history_user = access.user
    current.save()
    # The plan's history of decisions shows it like any other (plans/services/decisions.py).
    version = in_force(current.plan)
    organisation = access.organisation
    DecisionRecord.objects.create(
        plan=current.plan,
        module=current,
        category=current.category,
        instrument=current.instrument,
        decision_status=DecisionStatus.GRANTED,
        reference_number=current.reference_number,
        requested_on=current.requested_on,
        decided_on=decided_on,
        note=_("Binding decision of the escalatieladder"),
        version_number=version.number if version is not None else None,
        recorded_by=access.user,
        recorded_by_organisation=organisation.name if organisation is not None else "",
    )
    log_change(
        access,
        event=Event.CHANGE,
        object_type="plan_module",
        object_id=str(current.uuid),
        category=current.category,
    )
    return current
