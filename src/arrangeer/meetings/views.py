"""Pages of the MDO, under the case: /dossiers/<case>/overleg/… Every view gets the case
through access_case and every change through a service. Writes are for the regisseur and the
meeting's chair: anyone else gets the same 404 as for a case they cannot see (the plan's
convention for the regisseur's pages)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.cases import partners
from arrangeer.core.forms_util import VERSION_FIELD, add_service_errors, stale_conflict
from arrangeer.core.models_util import StaleVersion

from . import selectors, services
from .constants import InviteeStatus
from .forms import (
    AgendaItemForm,
    InviteForm,
    MeetingForm,
    RespondForm,
)
from .models import AgendaItem, Meeting
from .views_common import managed_meeting, meeting_door, meeting_url, page_context, show_errors


@login_required
@require_http_methods(["GET"])
def meeting_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = meeting_door(request, case_id)
    meetings = list(selectors.meetings_of(access).order_by("-starts_at"))
    return render(request, "meetings/list.html", page_context(access, meetings=meetings))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = meeting_door(request, case_id, regisseur_only=True)
    chairs = selectors.chairs(access)
    own = chairs.filter(membership__user=access.user).first()
    form = MeetingForm(
        request.POST or None,
        access=access,
        chairs=chairs,
        initial={"chair": own, "category": "onderwijs"},
    )
    overlap = False
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        data = form.cleaned_data
        try:
            meeting = services.plan_meeting(
                access,
                kind=data["kind"],
                starts_at=start,
                ends_at=end,
                chair=data["chair"],
                category=data["category"],
                confirm_overlap=data["confirm_overlap"],
                **form.logistics(),
            )
        except ValidationError as error:
            overlap = isinstance(error, services.OverlapWarning)
            _map_time_errors(error)
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The MDO is planned. Propose the invitees and record the parents' answer "
                    "before sending the invitations."
                ),
            )
            return redirect(meeting_url(case_id, meeting.uuid))
    return render(
        request,
        "meetings/form.html",
        page_context(
            access,
            form=form,
            title=_("Plan an MDO"),
            submit=_("Plan"),
            overlap=overlap,
            # Said before the form is filled in; after a post the refusal says it.
            missing_partners=(
                partners.missing_partners(access.case) if request.method == "GET" else []
            ),
        ),
    )


def _map_time_errors(error: ValidationError) -> None:
    """The service speaks of starts_at/ends_at; the form has date, start and end."""
    if hasattr(error, "error_dict"):
        for service_name, field in (("starts_at", "start"), ("ends_at", "end")):
            if service_name in error.error_dict:
                error.error_dict[field] = error.error_dict.pop(service_name)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    form = MeetingForm(
        request.POST or None,
        access=access,
        chairs=selectors.chairs(access),
        editing=True,
        initial=_saved(meeting),
    )
    overlap, conflict = False, None
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        data = form.cleaned_data
        try:
            services.change_meeting(
                access,
                meeting,
                starts_at=starts_at,
                ends_at=ends_at,
                confirm_overlap=data["confirm_overlap"],
                expected_version=data["version"] or meeting.lock_version,
                **form.logistics(),
            )
        except StaleVersion as stale:
            # Keep what this person typed; the next save is based on what is saved now.
            conflict = stale_conflict(
                form, stale, _saved(selectors.get_meeting(access, meeting_id))
            )
        except ValidationError as error:
            overlap = isinstance(error, services.OverlapWarning)
            _map_time_errors(error)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The meeting was changed. Send the invitations again for an update.")
            )
            return redirect(meeting_url(case_id, meeting_id))
    context = page_context(
        access,
        form=form,
        meeting=meeting,
        title=_("Change the MDO"),
        submit=_("Save"),
        overlap=overlap,
        conflict=conflict,
    )
    return render(request, "meetings/form.html", context, status=409 if conflict else 200)


def _saved(meeting: Meeting) -> dict[str, Any]:
    """What is saved of the meeting, by the change form's field names."""
    start = timezone.localtime(meeting.starts_at)
    return {
        "date": start.date(),
        "start": start.time(),
        "end": timezone.localtime(meeting.ends_at).time(),
        **{name: getattr(meeting, name) for name in MeetingForm.LOGISTICS},
        VERSION_FIELD: meeting.lock_version,
    }


@login_required
@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = meeting_door(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    view = selectors.meeting_view(access, meeting)
    extra: dict[str, Any] = {}
    if view.can_manage:
        team = selectors.team(access)
        invited = {i.team_member_id for i in view.invitees if i.team_member_id}
        extra["invite_form"] = InviteForm(members=team.exclude(pk__in=invited), prefix="uitnodigen")
        extra["agenda_form"] = AgendaItemForm(prefix="agenda")
    if view.my_invitation is not None and view.my_invitation.status in (
        InviteeStatus.INVITED,
        InviteeStatus.ACCEPTED,
        InviteeStatus.DECLINED,
        InviteeStatus.OTHER_TIME,
    ):
        extra["respond_form"] = RespondForm(prefix="antwoord")
    return render(
        request, "meetings/detail.html", page_context(access, view=view, meeting=meeting, **extra)
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    try:
        services.cancel_meeting(access, meeting)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The meeting was cancelled."))
    return redirect(meeting_url(case_id, meeting_id))


@login_required
@require_POST
def agenda_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        try:
            services.add_agenda_item(access, meeting, title=form.cleaned_data["title"])
        except ValidationError as error:
            show_errors(request, error)
    else:
        messages.error(request, _("Give the agenda item a title."))
    return redirect(meeting_url(case_id, meeting_id, "agenda"))


@login_required
@require_POST
def agenda_move(
    request: HttpRequest, case_id: UUID, meeting_id: UUID, item_id: int
) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
    if item is None:
        raise Http404
    action = request.POST.get("richting", "")
    try:
        if action == "verwijderen":
            services.remove_agenda_item(access, item)
        else:
            services.move_agenda_item(access, item, up=action == "omhoog")
    except ValidationError as error:
        show_errors(request, error)
    return redirect(meeting_url(case_id, meeting_id, "agenda"))
