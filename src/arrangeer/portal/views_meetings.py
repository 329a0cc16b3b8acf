"""The family and the MDO: the parents approve who is invited, and prepare the meeting."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from arrangeer.cases.access import Actor, access_family_case
from arrangeer.core.forms_util import add_service_errors
from arrangeer.meetings import selectors as meeting_selectors
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import InviteeStatus, MeetingStatus
from arrangeer.meetings.models import Preparation

from . import services
from .forms import InviteeDecisionForm, MeetingPreparationForm
from .views_common import said

# The MDO: who comes ----------------------------------------------------------------------


def _decision_form(invitee_pk: int, data: QueryDict | None = None) -> InviteeDecisionForm:
    return InviteeDecisionForm(data, prefix=f"i{invitee_pk}")


@login_required
@require_http_methods(["GET", "POST"])
def invitees(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    """ "Wie komt er naar het overleg?": a parent with gezag approves or refuses each proposed
    professional; the other parent and the young person read who is proposed."""
    access = access_family_case(Actor.from_request(request), case_id, object_type="meeting")
    place = access.family
    assert place is not None
    meeting = meeting_selectors.get_meeting(access, meeting_id)
    people = services.proposed_invitees(meeting)
    failed: InviteeDecisionForm | None = None
    failed_pk: int | None = None
    if request.method == "POST":
        if not place.has_authority:
            raise PermissionDenied(_("Only a parent with parental authority decides who comes."))
        chosen = next((i for i in people if str(i.uuid) == request.POST.get("invitee")), None)
        if chosen is None:
            raise Http404
        form = _decision_form(chosen.pk, request.POST)
        if form.is_valid():
            try:
                services.decide_invitee(
                    access,
                    chosen,
                    approve=form.cleaned_data["decision"] == "yes",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your answer is recorded."))
                return redirect("portal:invitees", case_id=case_id, meeting_id=meeting_id)
        failed, failed_pk = form, chosen.pk
    rows = [
        (
            invitee,
            (failed if invitee.pk == failed_pk else _decision_form(invitee.pk))
            if place.has_authority
            and meeting.status == MeetingStatus.PLANNED
            and invitee.status == InviteeStatus.PROPOSED
            else None,
        )
        for invitee in people
    ]
    return render(
        request,
        "portal/invitees.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "meeting": meeting,
            "rows": rows,
            "form": failed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_preparation(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    """Before the MDO: the parents' input (a parent with gezag), or "Hoe denk jij erover?" for
    the young person from 12. It reaches the participants like any preparation."""
    access = access_family_case(Actor.from_request(request), case_id, object_type="preparation")
    place = access.family
    assert place is not None
    meeting = meeting_selectors.get_meeting(access, meeting_id)
    form = MeetingPreparationForm(request.POST or None)
    if request.method == "POST":
        if not place.is_child and not place.has_authority:
            raise PermissionDenied(_("A parent without parental authority reads only."))
        if form.is_valid():
            try:
                meeting_services.add_preparation(
                    access, meeting, category=meeting.category, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    said(
                        request,
                        parent=_("Thank you. We will talk about it at the meeting."),
                        young=pgettext(
                            "jongere", "Thank you. We will talk about it at the meeting."
                        ),
                    ),
                )
                return redirect(
                    "portal:meeting_preparation", case_id=case_id, meeting_id=meeting_id
                )
    mine = list(
        Preparation.objects.filter(meeting=meeting, author=access.user).order_by("created_at")
    )
    return render(
        request,
        "portal/meeting_preparation.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "meeting": meeting,
            "form": form,
            "mine": mine,
            "can_write": (place.is_child or place.has_authority)
            and meeting.status == MeetingStatus.PLANNED,
        },
    )
