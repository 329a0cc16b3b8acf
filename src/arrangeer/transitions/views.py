"""Pages of the warm handover, under the case: /dossiers/<case>/overstap/… Every view gets the
case through the access layer (`access_case`, which logs) and every change through a service.
What someone may not do looks like a case they cannot see: 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases import regie
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.core.forms_util import add_service_errors, run_action, save_form
from arrangeer.meetings import selectors as meeting_selectors
from arrangeer.meetings.forms import OwnMeetingForm
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation

from . import selectors, services, summary
from .constants import TransitionStatus
from .forms import (
    CancelForm,
    CompleteForm,
    HandoverConsentForm,
    ImportForm,
    ProposeForm,
    RegieAgreementForm,
    TransitionForm,
)
from .models import Transition


def _access(
    request: HttpRequest,
    case_id: UUID,
    *,
    event: str = Event.VIEW,
    regisseur_only: bool = False,
    object_type: str = "transition",
) -> CaseAccess:
    return access_case(
        Actor.from_request(request),
        case_id,
        event=event,
        object_type=object_type,
        regisseur_only=regisseur_only,
    )


def _back(case_id: UUID) -> HttpResponse:
    return redirect("transitions:detail", case_id=case_id)


def _not_now(request: HttpRequest, case_id: UUID, message: str) -> HttpResponse:
    messages.error(request, message)
    return _back(case_id)


def _form_page(request: HttpRequest, access: CaseAccess, form: Any, **extra: Any) -> HttpResponse:
    return render(
        request,
        "transitions/form.html",
        {"access": access, "case": access.case, "form": form, **extra},
    )


@login_required
@require_GET
def transition_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    upcoming = selectors.next_transition(access.case)
    transition = upcoming.stored if upcoming is not None else None
    pending = regie.pending(access.case)
    return render(
        request,
        "transitions/detail.html",
        {
            "access": access,
            "case": access.case,
            "upcoming": upcoming,
            "transition": transition,
            "view": selectors.handover_view(access, transition),
            "is_receiving": selectors.is_receiving(access, transition),
            "may_summary": selectors.may_read_summary(access, transition),
            "may_import": selectors.may_import(access, transition),
            "regie_offer": (
                pending
                if pending is not None and pending.to_member.membership.user_id == access.user.pk
                else None
            ),
            "regie_moved": transition is not None
            and transition.receiving_member is not None
            and access.case.regisseur_id == transition.receiving_member.membership.user_id,
            "earlier": list(
                Transition.objects.filter(
                    case=access.case,
                    status__in=[TransitionStatus.DONE, TransitionStatus.CANCELLED],
                )
                .select_related("receiving_school")
                .order_by("-expected_on", "-pk")[:10]
            ),
            "handover_meeting": (
                meeting_selectors.meetings_of(access)
                .filter(pk=transition.handover_meeting_id)
                .first()
                if transition is not None and transition.handover_meeting_id is not None
                else None
            ),
            "regie_form": RegieAgreementForm(child=access.case.child, auto_id="regie_%s"),
            "cancel_form": CancelForm(auto_id="cancel_%s"),
            "complete_form": CompleteForm(auto_id="complete_%s"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition_edit(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
    upcoming = selectors.next_transition(access.case)
    initial = (
        {"kind": upcoming.kind, "expected_on": upcoming.expected_on} if upcoming is not None else {}
    )
    if upcoming is not None and upcoming.stored is not None:
        initial["note"] = upcoming.stored.note
    form = TransitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.set_transition(access, **data),
            _("The next transition is set."),
        ):
            return _back(case_id)
    return _form_page(
        request,
        access,
        form,
        title=_("Set the next transition"),
        intro=_(
            "Arrangeer derives the next transition from the child's age and school. Correct it "
            "when the child's path differs: staying a year longer, a change of school, a move."
        ),
        submit=_("Save the transition"),
    )


def _coordinators(access: CaseAccess) -> QuerySet[Membership]:
    """The schools' coordinators; and, for a move while the school is not known, the
    education specialists of the other regions' SWVs."""
    found = Membership.objects.active().filter(
        Q(role=Role.COORDINATOR, organisation__type=OrganisationType.SCHOOL)
        | Q(
            Q(role=Role.SWV_SPECIALIST, organisation__type=OrganisationType.SWV)
            & ~Q(organisation__region_id=access.case.region_id)
        ),
        organisation__is_active=True,
    )
    if access.case.child.school_id is not None:
        found = found.exclude(organisation_id=access.case.child.school_id)
    return found.select_related("user", "organisation__region").order_by(
        "organisation__region__name", "organisation__name", "user__last_name", "pk"
    )


def _swvs() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(type=OrganisationType.SWV, is_active=True)
        .select_related("region")
        .order_by("region__name", "name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition_propose(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
    upcoming = selectors.next_transition(access.case)
    if upcoming is None:
        return _not_now(request, case_id, _("Set the next transition first."))
    if upcoming.stored is not None and upcoming.stored.status != TransitionStatus.PLANNED:
        return _not_now(request, case_id, _("A receiving school is already proposed."))
    form = ProposeForm(request.POST or None, coordinators=_coordinators(access), swvs=_swvs())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.propose_receiving_school(access, **data),
            _(
                "The receiving school is proposed. Its coordinator joins the team once "
                "the family consents."
            ),
        ):
            return _back(case_id)
    return _form_page(
        request,
        access,
        form,
        title=_("Propose the receiving school"),
        intro=_(
            "Choose the support coordinator of the school the child goes to. With the "
            "family's consent they join the team for the handover."
        ),
        submit=_("Propose the receiving school"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition_consent(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
    transition = selectors.current_transition(access.case)
    if transition is None or transition.status != TransitionStatus.PROPOSED:
        return _not_now(
            request, case_id, _("Consent for the handover is recorded after proposing a school.")
        )
    form = HandoverConsentForm(request.POST or None, child=access.case.child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.record_handover_consent(
                access,
                transition,
                representative=data["representative"],
                by_child=data["by_child"],
                categories=data["categories"],
                evidence=data["evidence"],
                note=data["note"],
            ),
            _("The consent is recorded: the receiving coordinator is on the team."),
        ):
            return _back(case_id)
    return _form_page(
        request,
        access,
        form,
        title=_("Record the family's consent for the handover"),
        intro=_(
            "Under 12 a parent with parental authority consents; from 12 to 16 the child and a "
            "parent together; from 16 the young person alone."
        ),
        submit=_("Record the consent"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition_meeting(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
    transition = selectors.current_transition(access.case)
    if transition is None or transition.status not in (
        TransitionStatus.PROPOSED,
        TransitionStatus.CONSENTED,
    ):
        return _not_now(
            request, case_id, _("Plan the handover MDO once the receiving school is proposed.")
        )
    form = OwnMeetingForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        planned = save_form(
            request,
            form,
            lambda: services.plan_handover_meeting(
                access, transition, starts_at=start, ends_at=end, **form.logistics()
            ),
            _(
                "The handover MDO is planned with the current team; the receiving "
                "coordinator is invited once the family consented. The parents decide "
                "who comes."
            ),
        )
        if planned is not None:
            return redirect("meetings:detail", case_id=case_id, meeting_id=planned.value.uuid)
    return _form_page(
        request,
        access,
        form,
        title=_("Plan the handover MDO"),
        intro=_(
            "The current and the next team meet with the parents: the perspective, the "
            "running modules and what the receiving school needs. The agenda, the invitations "
            "and the minutes are those of an MDO."
        ),
        submit=_("Plan the meeting"),
    )


@login_required
@require_POST
def transition_regie(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, event=Event.CHANGE, regisseur_only=True)
    transition = selectors.current_transition(access.case)
    if transition is None:
        return _not_now(request, case_id, _("There is no transition in preparation."))
    form = RegieAgreementForm(request.POST, child=access.case.child)
    if not form.is_valid():
        return _not_now(request, case_id, _("Record who in the family agreed."))
    data = form.cleaned_data
    run_action(
        request,
        lambda: services.agree_regie_move(
            access,
            transition,
            representative=data["representative"],
            by_child=data["by_child"],
        ),
        _("The regie is offered to the receiving coordinator, who accepts it."),
    )
    return _back(case_id)


@login_required
@require_POST
def transition_complete(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, event=Event.CHANGE, regisseur_only=True)
    transition = selectors.current_transition(access.case)
    if transition is None:
        return _not_now(request, case_id, _("There is no transition in preparation."))
    region_before = access.case.region_id
    form = CompleteForm(request.POST)
    if not form.is_valid():
        return _not_now(request, case_id, _("Keep the reason short (at most 500 characters)."))
    reason = form.cleaned_data["reason"]
    done = run_action(
        request,
        lambda: services.complete_handover(access, transition, reason=reason),
        _("The handover is done. The plan goes on at the new school."),
    )
    if done and access.case.region_id != region_before:
        messages.info(
            request,
            _("The case moved with the child: it now belongs to %(region)s.")
            % {"region": access.case.region},
        )
    return _back(case_id)


@login_required
@require_POST
def transition_cancel(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, event=Event.CHANGE, regisseur_only=True)
    transition = selectors.current_transition(access.case)
    if transition is None:
        return _not_now(request, case_id, _("There is no transition in preparation."))
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _not_now(request, case_id, _("Say why the transition does not happen."))
    reason = form.cleaned_data["reason"]
    run_action(
        request,
        lambda: services.cancel_transition(access, transition, reason=reason),
        _("The transition is cancelled."),
    )
    return _back(case_id)


@login_required
@require_http_methods(["GET", "POST"])
def transition_import(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_type="pupil_file")
    transition = selectors.current_transition(access.case)
    if not selectors.may_read_summary(access, transition):
        raise Http404
    if transition is None or not selectors.may_import(access, transition):
        return _not_now(
            request,
            case_id,
            _("A pupil file is read in once the family consented to the receiving school."),
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.import_pupil_file(
                access, transition, file_name=upload.name, content=upload.read()
            )
        except PermissionDenied as refused:
            raise Http404 from refused
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pupil file is read in."))
            return _back(case_id)
    return _form_page(
        request,
        access,
        form,
        title=_("Read in a pupil file"),
        intro=_(
            "A pupil file in the shape of OSO's overstapdossier (JSON), made by the sending "
            "school: personal data, school career, support and test results. A file with any "
            "mistake is refused as a whole."
        ),
        submit=_("Read in the file"),
        multipart=True,
    )


def _summary_access(request: HttpRequest, case_id: UUID) -> CaseAccess:
    access = _access(request, case_id, event=Event.EXPORT, object_type="handover_summary")
    if not selectors.may_read_summary(access, selectors.current_transition(access.case)):
        raise Http404
    return access


@login_required
@require_GET
def summary_pdf(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _summary_access(request, case_id)
    response = HttpResponse(summary.summary_pdf(access), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="overdracht.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def summary_json(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _summary_access(request, case_id)
    response = JsonResponse(
        summary.summary_data(access), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="overdracht.json"'
    response["Cache-Control"] = "no-store"
    return response
