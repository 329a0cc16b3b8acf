"""The professionals' pages of the quality contact point.

Under the case, /dossiers/<case>/kwaliteit/…: the regisseur reports a concern and follows its
status; the handler at the contact point reads the concern (only the case data the reporter
chose, never the dossier) and acknowledges it, records the handling and the outcome. Every
concern is opened through `doors.open_concern`, the access layer's ground of the contact
point, which logs the read. What someone may not do
looks like a case they cannot see: 404.

/kwaliteit/: the handler's own list of the concerns at their contact points."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.core.forms_util import add_service_errors

from . import selectors, services
from .constants import OBJECT_TYPE, ConcernStatus
from .doors import ConcernAccess, handler_places, log_handler, open_concern
from .forms import AcknowledgeForm, ConcernForm, HandleForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _team(request: HttpRequest, case_id: UUID, **kwargs: Any) -> CaseAccess:
    return access_case(Actor.from_request(request), case_id, object_type=OBJECT_TYPE, **kwargs)


@login_required
@require_GET
def concern_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _team(request, case_id)
    if access.member is None:
        raise Http404
    return render(
        request,
        "quality/list.html",
        {
            "access": access,
            "case": access.case,
            "concerns": selectors.concerns_for_team(access),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _team(request, case_id, regisseur_only=True)
    points = selectors.contact_points(access.case)
    form = ConcernForm(
        request.POST or None,
        contact_points=points,
        organisations=selectors.concerned_choices(access),
        parts=selectors.shareable_parts(access),
    )
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.report_concern(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The concern is sent to the contact point. You can follow it here.")
            )
            return redirect("quality:detail", case_id=case_id, concern_id=concern.uuid)
    return render(
        request,
        "quality/form.html",
        {"access": access, "case": access.case, "form": form, "has_points": points.exists()},
    )


def _detail_context(view: ConcernAccess) -> dict[str, Any]:
    concern = view.concern
    return {
        "view": view,
        "access": view.access,
        "case": concern.case,
        "concern": concern,
        "steps": selectors.steps_for(view, concern, reporter=not view.is_handler),
        "overdue": selectors.is_overdue(concern),
        "acknowledge_form": AcknowledgeForm(),
    }


@login_required
@require_GET
def concern_detail(request: HttpRequest, case_id: UUID, concern_id: UUID) -> HttpResponse:
    view = open_concern(Actor.from_request(request), case_id, concern_id)
    return render(request, "quality/detail.html", _detail_context(view))


def _handler_only(request: HttpRequest, case_id: UUID, concern_id: UUID) -> ConcernAccess:
    view = open_concern(Actor.from_request(request), case_id, concern_id, event=Event.CHANGE)
    if not view.is_handler:
        raise Http404
    return view


@login_required
@require_POST
def concern_acknowledge(request: HttpRequest, case_id: UUID, concern_id: UUID) -> HttpResponse:
    view = _handler_only(request, case_id, concern_id)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    try:
        services.acknowledge(view, note=form.cleaned_data.get("note", ""))
    except PermissionDenied as refused:
        raise Http404 from refused
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The concern is acknowledged. The reporter is told."))
    return redirect("quality:detail", case_id=case_id, concern_id=concern_id)


@login_required
@require_http_methods(["GET", "POST"])
def concern_handle(request: HttpRequest, case_id: UUID, concern_id: UUID) -> HttpResponse:
    view = _handler_only(request, case_id, concern_id)
    form = HandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = (
            services.record_outcome
            if form.cleaned_data["step"] == HandleForm.OUTCOME
            else services.record_handling
        )
        try:
            record(view, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("quality:detail", case_id=case_id, concern_id=concern_id)
    return render(
        request,
        "quality/handle.html",
        {"view": view, "case": view.concern.case, "concern": view.concern, "form": form},
    )


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    """The handler's concerns. Who handles none gets the 404 of a page they have no place on."""
    user = _user(request)
    places = handler_places(user)
    if not places:
        raise Http404
    concerns = list(selectors.concerns_for_handler(user)[:200])
    actor = Actor.from_request(request)
    by_point = {p.contact_point_id: p for p in places}
    log_handler(
        actor,
        [(concern, by_point[concern.contact_point_id].membership) for concern in concerns],
        event=Event.LIST,
    )
    today = timezone.localdate()
    return render(
        request,
        "quality/desk.html",
        {
            "points": sorted({p.contact_point for p in places}, key=lambda p: p.name),
            "open": [c for c in concerns if c.status != ConcernStatus.CLOSED],
            "closed": [c for c in concerns if c.status == ConcernStatus.CLOSED],
            "today": today,
        },
    )
