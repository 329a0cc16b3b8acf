"""Pages of the MDO, under the case: /dossiers/<case>/overleg/… Every view gets the case
through access_case and every change through a service. Writes are for the regisseur and the
meeting's chair: anyone else gets the same 404 as for a case they cannot see (the plan's
convention for the regisseur's pages)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases import partners
from arrangeer.cases.access import (
    LOKET_ROLES,
    Actor,
    CaseAccess,
    access_case,
    access_case_for_advice,
)
from arrangeer.children.models import LegalRepresentative
from arrangeer.core.forms_util import add_service_errors
from arrangeer.organisations.models import Membership
from arrangeer.plans.models import Goal, Module

from . import pdf, selectors, services
from .constants import InviteeKind, InviteeStatus, MeetingKind, MeetingStatus
from .forms import (
    ActionForm,
    AgendaItemForm,
    DecisionForm,
    InviteForm,
    MeetingForm,
    ParentsDecisionForm,
    PreparationForm,
    RecordForm,
    RespondForm,
)
from .models import ActionItem, AgendaItem, Invitee, Meeting


def _access(request: HttpRequest, case_id: UUID, **kwargs: Any) -> CaseAccess:
    """The case's door (the team); for a gouden driehoek, its Loket's adviser comes in through
    the Loket's door, within the family's consent for the Loket (`access_case_for_advice`)."""
    kwargs.setdefault("object_type", "meeting")
    actor = Actor.from_request(request)
    loket_id = _loket_of(request, case_id, kwargs.get("object_id", ""))
    if loket_id is not None and not kwargs.get("regisseur_only"):
        return access_case_for_advice(
            actor,
            case_id,
            organisation_id=loket_id,
            event=kwargs.get("event", Event.VIEW),
            object_type=kwargs["object_type"],
            object_id=kwargs.get("object_id", ""),
        )
    return access_case(actor, case_id, **kwargs)


def _loket_of(request: HttpRequest, case_id: UUID, meeting_id: str) -> int | None:
    """The Loket that organises this gouden driehoek, when the viewer works there."""
    if not meeting_id or not request.user.is_authenticated:
        return None
    loket_id = (
        Meeting.objects.filter(
            uuid=meeting_id, case__uuid=case_id, kind=MeetingKind.GOUDEN_DRIEHOEK
        )
        .values_list("organiser__organisation_id", flat=True)
        .first()
    )
    if loket_id is None:
        return None
    at_loket = (
        Membership.objects.active()
        .filter(user=request.user, organisation_id=loket_id, role__in=LOKET_ROLES)
        .exists()
    )
    return loket_id if at_loket else None


def _managed(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> tuple[CaseAccess, Meeting]:
    access = _access(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    if not services.can_manage(access, meeting):
        raise Http404
    return access, meeting


def _url(case_id: UUID, meeting_id: UUID, anchor: str = "") -> str:
    url = reverse("meetings:detail", kwargs={"case_id": case_id, "meeting_id": meeting_id})
    return f"{url}#{anchor}" if anchor else url


def _record_url(case_id: UUID, meeting_id: UUID) -> str:
    return reverse("meetings:record", kwargs={"case_id": case_id, "meeting_id": meeting_id})


def _ctx(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "case": access.case, **extra}


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET"])
def meeting_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    meetings = list(selectors.meetings_of(access).order_by("-starts_at"))
    return render(request, "meetings/list.html", _ctx(access, meetings=meetings))


def _parents(access: CaseAccess) -> Any:
    return LegalRepresentative.objects.filter(
        child_id=access.case.child_id, has_authority=True
    ).order_by("last_name", "first_name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
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
            return redirect(_url(case_id, meeting.uuid))
    return render(
        request,
        "meetings/form.html",
        _ctx(
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
    access, meeting = _managed(request, case_id, meeting_id)
    start = timezone.localtime(meeting.starts_at)
    form = MeetingForm(
        request.POST or None,
        access=access,
        chairs=selectors.chairs(access),
        editing=True,
        initial={
            "date": start.date(),
            "start": start.time(),
            "end": timezone.localtime(meeting.ends_at).time(),
            **{name: getattr(meeting, name) for name in MeetingForm.LOGISTICS},
        },
    )
    overlap = False
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
                **form.logistics(),
            )
        except ValidationError as error:
            overlap = isinstance(error, services.OverlapWarning)
            _map_time_errors(error)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The meeting was changed. Send the invitations again for an update.")
            )
            return redirect(_url(case_id, meeting_id))
    return render(
        request,
        "meetings/form.html",
        _ctx(
            access,
            form=form,
            meeting=meeting,
            title=_("Change the MDO"),
            submit=_("Save"),
            overlap=overlap,
        ),
    )


@login_required
@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_id=str(meeting_id))
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
        request, "meetings/detail.html", _ctx(access, view=view, meeting=meeting, **extra)
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
    try:
        services.cancel_meeting(access, meeting)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The meeting was cancelled."))
    return redirect(_url(case_id, meeting_id))


@login_required
@require_POST
def agenda_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        try:
            services.add_agenda_item(access, meeting, title=form.cleaned_data["title"])
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Give the agenda item a title."))
    return redirect(_url(case_id, meeting_id, "agenda"))


@login_required
@require_POST
def agenda_move(
    request: HttpRequest, case_id: UUID, meeting_id: UUID, item_id: int
) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
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
        _errors(request, error)
    return redirect(_url(case_id, meeting_id, "agenda"))


@login_required
@require_POST
def invitee_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
    form = InviteForm(request.POST, members=selectors.team(access), prefix="uitnodigen")
    if form.is_valid() and form.cleaned_data["member"] is not None:
        try:
            services.propose_invitee(access, meeting, member=form.cleaned_data["member"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Proposed. Now ask the parents whether they agree."))
    else:
        messages.error(request, _("Choose whom to invite."))
    return redirect(_url(case_id, meeting_id, "genodigden"))


def _invitee(meeting: Meeting, invitee_id: UUID) -> Invitee:
    invitee = (
        Invitee.objects.filter(meeting=meeting, uuid=invitee_id)
        .select_related("team_member__membership__user", "meeting")
        .first()
    )
    if invitee is None:
        raise Http404
    return invitee


@login_required
@require_http_methods(["GET", "POST"])
def invitee_decide(
    request: HttpRequest, case_id: UUID, meeting_id: UUID, invitee_id: UUID
) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
    invitee = _invitee(meeting, invitee_id)
    form = ParentsDecisionForm(request.POST or None, parents=_parents(access))
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
            return redirect(_url(case_id, meeting_id, "genodigden"))
    return render(
        request,
        "meetings/simple_form.html",
        _ctx(
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
    access, meeting = _managed(request, case_id, meeting_id)
    named = list(
        Invitee.objects.filter(meeting=meeting, uuid__in=_uuids(request.POST.getlist("genodigde")))
    )
    try:
        sending = services.send_invitations(access, meeting, only=named)
    except ValidationError as error:
        _errors(request, error)
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
    return redirect(_url(case_id, meeting_id, "genodigden"))


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
    access = _access(request, case_id, object_id=str(meeting_id))
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
                _errors(request, error)
            else:
                raise
        else:
            messages.success(request, _("Your answer was recorded."))
    else:
        messages.error(request, _("Choose your answer."))
    return redirect(_url(case_id, meeting_id))


@login_required
@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_id=str(meeting_id))
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
            return redirect(_url(case_id, meeting_id, "voorbereiding"))
    return render(
        request,
        "meetings/simple_form.html",
        _ctx(
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
    access, meeting = _managed(request, case_id, meeting_id)
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
            return redirect(_record_url(case_id, meeting_id))
    view = selectors.meeting_view(access, meeting)
    return render(
        request,
        "meetings/record.html",
        _ctx(
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
    access, meeting = _managed(request, case_id, meeting_id)
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
            _errors(request, error)
        else:
            messages.success(request, _("The decision was added."))
    else:
        for problems in form.errors.as_data().values():
            for problem in problems:
                for text in problem.messages:
                    messages.error(request, text)
    return redirect(_record_url(case_id, meeting_id) + "#besluiten")


@login_required
@require_POST
def action_add(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
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
            _errors(request, error)
        else:
            messages.success(request, _("The agreement was added."))
    else:
        for problems in form.errors.as_data().values():
            for problem in problems:
                for text in problem.messages:
                    messages.error(request, text)
    return redirect(_record_url(case_id, meeting_id) + "#acties")


@login_required
@require_POST
def action_done(
    request: HttpRequest, case_id: UUID, meeting_id: UUID, action_id: UUID
) -> HttpResponse:
    access = _access(request, case_id, object_id=str(meeting_id))
    meeting = selectors.get_meeting(access, meeting_id)
    action = access.get(ActionItem.objects.filter(meeting=meeting), action_id)
    try:
        services.complete_action(access, action)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("The agreement is marked as done."))
    return redirect(_url(case_id, meeting_id, "acties"))


@login_required
@require_POST
def approve(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access, meeting = _managed(request, case_id, meeting_id)
    try:
        services.approve_minutes(access, meeting)
    except ValidationError as error:
        _errors(request, error)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The minutes are approved and shared with the participants."))
    return redirect(_url(case_id, meeting_id))


@login_required
@require_http_methods(["GET"])
def minutes_pdf(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_id=str(meeting_id), object_type="meeting_minutes")
    meeting = selectors.get_meeting(access, meeting_id)
    view = selectors.meeting_view(access, meeting)
    if not view.sees_minutes or meeting.status == MeetingStatus.PLANNED:
        raise Http404
    body = pdf.minutes_pdf(access, view)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="verslag-mdo.pdf"'
    return response


__all__ = ["InviteeKind"]
