"""Pages of the MDO before and after it is held: the preparation, the record (attendance and
minutes), decisions and agreements, the approval of the minutes and its PDF."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.cases.access import (
    CaseAccess,
)
from arrangeer.core.forms_util import add_service_errors
from arrangeer.plans.models import Goal, Module

from . import pdf, selectors, services
from .constants import MeetingStatus
from .forms import (
    ActionForm,
    DecisionForm,
    PreparationForm,
    RecordForm,
)
from .models import ActionItem, AgendaItem, Invitee, Meeting
from .views_common import (
    managed_meeting,
    meeting_door,
    meeting_url,
    page_context,
    record_url,
    show_errors,
)


@login_required
@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = meeting_door(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    invited = Invitee.objects.filter(
        meeting=meeting, team_member__membership__user=access.user
    ).exists()
    if not (invited or services.can_manage(access, meeting)):
        raise Http404
    form = PreparationForm(
        request.POST or None, access=access, initial={"category": meeting.category}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_preparation(access, meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your input for the meeting was saved."))
            return redirect(meeting_url(case_id, meeting_id, "voorbereiding"))
    return render(
        request,
        "meetings/simple_form.html",
        page_context(
            access,
            meeting=meeting,
            form=form,
            title=_("Prepare the MDO"),
            intro=_(
                "Teachers and mentors: answer the four questions. Write the parents' input, or "
                "the child's view when the child will not attend, in the last field."
            ),
            submit=_("Save"),
        ),
    )


def _record_forms(
    access: CaseAccess, meeting: Meeting, data: Any = None
) -> tuple[RecordForm, DecisionForm, ActionForm]:
    view = selectors.meeting_view(access, meeting)
    record = RecordForm(data, invitees=view.invitees, agenda=view.agenda, prefix="verslag")
    decision = DecisionForm(
        access=access,
        agenda=AgendaItem.objects.filter(meeting=meeting).order_by("position"),
        goals=Goal.objects.visible_to(access),
        modules=Module.objects.visible_to(access),
        prefix="besluit",
        initial={"category": meeting.category},
    )
    action = ActionForm(
        access=access,
        members=selectors.team(access).filter(status="active"),
        prefix="actie",
        initial={"category": meeting.category},
    )
    return record, decision, action


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    form, decision_form, action_form = _record_forms(access, meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(
                access,
                meeting,
                attendance=form.attendance(),
                minutes=form.minutes(),
                parents_absent_reason=form.cleaned_data["parents_absent_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect(record_url(case_id, meeting_id))
    view = selectors.meeting_view(access, meeting)
    return render(
        request,
        "meetings/record.html",
        page_context(
            access,
            meeting=meeting,
            view=view,
            form=form,
            decision_form=decision_form,
            action_form=action_form,
        ),
    )


@login_required
@require_POST
def decision_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    blank = _record_forms(access, meeting)[1]
    form = DecisionForm(
        request.POST,
        access=access,
        agenda=blank.fields["agenda_item"].queryset,  # type: ignore[attr-defined]
        goals=blank.fields["goal"].queryset,  # type: ignore[attr-defined]
        modules=blank.fields["module"].queryset,  # type: ignore[attr-defined]
        prefix="besluit",
    )
    if form.is_valid():
        try:
            services.add_decision(access, meeting, **form.cleaned_data)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The decision was added."))
    else:
        for problems in form.errors.as_data().values():
            for problem in problems:
                for text in problem.messages:
                    messages.error(request, text)
    return redirect(record_url(case_id, meeting_id) + "#besluiten")


@login_required
@require_POST
def action_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    form = ActionForm(
        request.POST,
        access=access,
        members=selectors.team(access).filter(status="active"),
        prefix="actie",
    )
    if form.is_valid():
        try:
            services.add_action(access, meeting, **form.cleaned_data)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The agreement was added."))
    else:
        for problems in form.errors.as_data().values():
            for problem in problems:
                for text in problem.messages:
                    messages.error(request, text)
    return redirect(record_url(case_id, meeting_id) + "#acties")


@login_required
@require_POST
def action_done(
    request: HttpRequest, case_id: UUID, meeting_id: UUID, action_id: UUID
) -> HttpResponse:
    access = meeting_door(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    action = access.get(ActionItem.objects.filter(meeting=meeting), action_id)
    try:
        services.complete_action(access, action)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("The agreement is marked as done."))
    return redirect(meeting_url(case_id, meeting_id, "acties"))


@login_required
@require_POST
def approve(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    try:
        services.approve_minutes(access, meeting)
    except ValidationError as error:
        show_errors(request, error)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The minutes are approved and shared with the participants."))
    return redirect(meeting_url(case_id, meeting_id))


@login_required
@require_http_methods(["GET"])
def minutes_pdf(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = meeting_door(
        request, case_id, object_id=str(meeting_id), object_type="meeting_minutes"
    )
    meeting = selectors.get_meeting(access, meeting_id)
    view = selectors.meeting_view(access, meeting)
    if not view.sees_minutes or meeting.status == MeetingStatus.PLANNED:
        raise Http404
    body = pdf.minutes_pdf(access, view)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="verslag-mdo.pdf"'
    return response
