"""Pages of the MDO's invitees: proposing one, the parents' answer recorded on their behalf,
sending the invitations and the invitee's own answer."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.core.forms_util import add_service_errors

from . import selectors, services
from .constants import InviteeStatus
from .forms import (
    InviteForm,
    ParentsDecisionForm,
    RespondForm,
)
from .models import Invitee
from .views_common import (
    invitee_of,
    managed_meeting,
    meeting_door,
    meeting_url,
    page_context,
    parents_with_authority,
    show_errors,
)


@login_required
@require_POST
def invitee_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    form = InviteForm(request.POST, members=selectors.team(access), prefix="uitnodigen")
    if form.is_valid() and form.cleaned_data["member"] is not None:
        try:
            services.propose_invitee(access, meeting, member=form.cleaned_data["member"])
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Proposed. Now ask the parents whether they agree."))
    else:
        messages.error(request, _("Choose whom to invite."))
    return redirect(meeting_url(case_id, meeting_id, "genodigden"))


@login_required
@require_http_methods(["GET", "POST"])
def invitee_decide(
    request: HttpRequest, case_id: UUID, meeting_id: UUID, invitee_id: UUID
) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    invitee = invitee_of(meeting, invitee_id)
    form = ParentsDecisionForm(request.POST or None, parents=parents_with_authority(access))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == InviteeStatus.APPROVED:
                services.approve_invitee(
                    access,
                    invitee,
                    representative=data["representative"],
                    via=data["via"],
                    reason=data["reason"],
                )
            else:
                services.refuse_invitee(
                    access,
                    invitee,
                    representative=data["representative"],
                    via=data["via"],
                    reason=data["reason"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The parents' answer was recorded."))
            return redirect(meeting_url(case_id, meeting_id, "genodigden"))
    return render(
        request,
        "meetings/simple_form.html",
        page_context(
            access,
            meeting=meeting,
            form=form,
            title=_("The parents' answer about inviting %(name)s") % {"name": invitee.name},
            intro=_(
                "No invitation goes out before a parent with parental authority agreed that "
                "this person takes part."
            ),
            submit=_("Record"),
        ),
    )


@login_required
@require_POST
def send(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = managed_meeting(request, case_id, meeting_id)
    named = list(
        Invitee.objects.filter(meeting=meeting, uuid__in=_uuids(request.POST.getlist("genodigde")))
    )
    try:
        sending = services.send_invitations(access, meeting, only=named)
    except ValidationError as error:
        show_errors(request, error)
    else:
        if sending.sent:
            messages.success(request, _("%(count)d invitation(s) sent.") % {"count": sending.sent})
        if sending.without_address:
            messages.info(
                request,
                _(
                    "%(count)d invitee(s) without an e-mail address got no mail: let them know "
                    "another way."
                )
                % {"count": sending.without_address},
            )
        if not sending.sent and not sending.without_address:
            messages.info(
                request, _("Everyone approved has this version of the invitation already.")
            )
        if sending.waiting_for_team:
            messages.info(
                request,
                _(
                    "%(count)d approved invitee(s) will be invited once their place on the team "
                    "is active."
                )
                % {"count": sending.waiting_for_team},
            )
    return redirect(meeting_url(case_id, meeting_id, "genodigden"))


def _uuids(values: list[str]) -> list[UUID]:
    found = []
    for value in values:
        try:
            found.append(UUID(value))
        except ValueError:
            continue
    return found


@login_required
@require_POST
def respond(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = meeting_door(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    mine = Invitee.objects.filter(
        meeting=meeting, team_member__membership__user=access.user
    ).first()
    if mine is None or mine.status in (
        InviteeStatus.PROPOSED,
        InviteeStatus.APPROVED,
        InviteeStatus.REFUSED,
    ):
        raise Http404
    form = RespondForm(request.POST, prefix="antwoord")
    if form.is_valid():
        try:
            services.respond(
                access, mine, answer=form.cleaned_data["answer"], note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                show_errors(request, error)
            else:
                raise
        else:
            messages.success(request, _("Your answer was recorded."))
    else:
        messages.error(request, _("Choose your answer."))
    return redirect(meeting_url(case_id, meeting_id))
