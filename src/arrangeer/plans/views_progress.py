"""Pages that record on a running plan: a goal's measurement, a module's delivery, and the
state of a module's funding decision (also on an adopted plan: no new version, no new
instemming). Every view gets the item through the case's access and writes through a
service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess
from arrangeer.core.forms_util import add_service_errors

from . import rules, services
from .constants import RECORDING_STATUSES
from .forms import DecisionForm, DeliveryForm, MeasurementForm
from .kinds import KINDS
from .models import DecisionRecord, Goal, Module
from .models.items import plain
from .services.common import StaleEdit, plan_of
from .views import _access_item, _context, _plan_url, _writer


def _simple(
    request: HttpRequest,
    access: CaseAccess,
    *,
    title: str,
    form: Any,
    submit: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "plans/simple_form.html",
) -> HttpResponse:
    return render(
        request,
        template,
        _context(access, title=title, form=form, submit=submit, intro=intro, **(extra or {})),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_new(request: HttpRequest, case_id: UUID, item_id: UUID) -> HttpResponse:
    kind = KINDS["goal"]
    access, goal = _access_item(
        request,
        case_id,
        kind,
        item_id,
        event=Event.VIEW,
        object_type="plan_measurement",
        check=_writer,
    )
    _writer(access)
    assert isinstance(goal, Goal)
    plan = plan_of(access)
    if plan is None or plan.status not in RECORDING_STATUSES:
        messages.error(request, _("This plan is closed: nothing more can be recorded on it."))
        return redirect(_plan_url(case_id, "doelen"))
    form = MeasurementForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_measurement(
                access,
                goal,
                measured_on=data["measured_on"],
                value=data.get("value"),
                achievement=data.get("achievement", ""),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect(_plan_url(case_id, f"doel-{goal.uuid}"))
    return _simple(
        request,
        access,
        title=_("Record progress"),
        intro=_("Goal: %(goal)s. Target: %(target)s") % {"goal": goal.what, "target": goal.target},
        form=form,
        submit=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delivery_new(request: HttpRequest, case_id: UUID, item_id: UUID) -> HttpResponse:
    kind = KINDS["module"]
    access, module = _access_item(
        request,
        case_id,
        kind,
        item_id,
        object_type="plan_delivery",
        check=_writer,
    )
    _writer(access)
    assert isinstance(module, Module)
    plan = plan_of(access)
    if plan is None or plan.status not in RECORDING_STATUSES:
        messages.error(request, _("This plan is closed: nothing more can be recorded on it."))
        return redirect(_plan_url(case_id, "modules"))
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_delivery(
                access,
                module,
                on_date=data["on_date"],
                delivered=data["delivered"],
                amount=data["amount"],
                miss_reason=data.get("miss_reason", ""),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The delivery was recorded."))
            return redirect(_plan_url(case_id, f"module-{module.uuid}"))
    return _simple(
        request,
        access,
        title=_("Record delivery"),
        intro=_("Module: %(title)s (%(intensity)s %(unit)s).")
        % {
            "title": module.title,
            "intensity": plain(module.intensity),
            "unit": module.get_intensity_unit_display(),
        },
        form=form,
        submit=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, case_id: UUID, item_id: UUID) -> HttpResponse:
    """Record the state of a module's decision (requested, granted, refused) with its
    reference and dates, also on an adopted plan: no new version, no new instemming."""
    kind = KINDS["module"]
    access, module = _access_item(
        request,
        case_id,
        kind,
        item_id,
        object_type="plan_decision",
        check=_writer,
    )
    _writer(access)
    assert isinstance(module, Module)
    if not rules.may_record_decision(access, module):
        raise PermissionDenied(
            _("Only the organisation that decides on this module's instrument can record it.")
        )
    initial = {
        "lock_version": module.lock_version,
        "decision_status": module.decision_status,
        "reference_number": module.reference_number,
        "requested_on": module.requested_on,
        "decided_on": module.decided_on,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_decision(access, module, form):
        messages.success(request, _("The decision was recorded."))
        return redirect(_plan_url(case_id, f"module-{module.uuid}"))
    records = (
        DecisionRecord.objects.in_categories(access)
        .filter(module=module)
        .select_related("recorded_by")
    )
    return _simple(
        request,
        access,
        title=_("Record the decision"),
        intro=_("Module: %(title)s — %(instrument)s.")
        % {"title": module.title, "instrument": module.get_instrument_display()},
        form=form,
        submit=_("Record the decision"),
        extra={"records": list(records)},
        template="plans/decision_form.html",
    )


def _save_decision(access: CaseAccess, module: Module, form: DecisionForm) -> bool:
    """Record the form's decision; on a refusal or a stale edit, the form says why."""
    data = form.cleaned_data
    try:
        services.record_decision(
            access,
            module,
            expected_version=data["lock_version"],
            decision_status=data["decision_status"],
            reference_number=data["reference_number"],
            requested_on=data["requested_on"],
            decided_on=data["decided_on"],
            note=data["note"],
        )
    except StaleEdit as conflict:
        form.add_error(None, conflict.message)
        return False
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
