"""Pages of the Integraal Loket under the case: /dossiers/<case>/loket/… The team comes in
through `access_case`; the Loket's adviser through `access_case_for_advice`, within the
family's consent for the Loket. Without a way in, a page looks like a case that does not
exist: 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, CaseAccess, access_case, access_case_for_advice
from arrangeer.cases.partners import choosable_organisations, region_organisations
from arrangeer.core.forms_util import add_service_errors
from arrangeer.meetings import selectors as meeting_selectors
from arrangeer.meetings.forms import OwnMeetingForm
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType
from arrangeer.organisations.models import Membership
from arrangeer.plans.models import Goal

from . import rules, selectors, services
from .constants import ProposalKind
from .forms import AdviseForm, AskForm, FollowUpForm, ModuleTakeOverForm
from .models import Consult, Proposal


def _team_access(request: HttpRequest, case_id: UUID, *, event: str = Event.VIEW) -> CaseAccess:
    access = access_case(
        Actor.from_request(request), case_id, event=event, object_type="loket_consult"
    )
    if access.member is None:  # emergency access alone is not the team
        raise Http404
    return access


def _consult_access(
    request: HttpRequest, case_id: UUID, consult_id: UUID
) -> tuple[CaseAccess, Consult]:
    """The Loket's adviser through the Loket's door (when they hold a place at the Loket the
    consult is asked of), everyone else through the case's own door (the team)."""
    actor = Actor.from_request(request)
    loket_id = (
        Consult.objects.filter(uuid=consult_id, case__uuid=case_id)
        .values_list("loket_id", flat=True)
        .first()
    )
    at_loket = (
        loket_id is not None
        and Membership.objects.active().filter(user=actor.user, organisation_id=loket_id).exists()
    )
    if at_loket:
        assert loket_id is not None
        access = access_case_for_advice(
            actor, case_id, organisation_id=loket_id, object_id=str(consult_id)
        )
    else:
        access = access_case(actor, case_id, object_type="loket_consult", object_id=str(consult_id))
        if access.member is None:
            raise Http404
    consult = selectors.consults_of(access).filter(uuid=consult_id).first()
    if consult is None:
        raise Http404
    return access, consult


def _lokets(access: CaseAccess) -> Any:
    return region_organisations(access.case).filter(type=OrganisationType.INTEGRAL_DESK)


@login_required
@require_http_methods(["GET", "POST"])
def consult_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _team_access(request, case_id)
    if not rules.may_ask(access):
        raise PermissionDenied(
            _(
                "An intern begeleider, SWV specialist or youth-team worker on the team asks "
                "the Loket for advice."
            )
        )
    lokets = _lokets(access)
    chosen = lokets.filter(pk=request.POST.get("loket") or 0).first() or lokets.first()
    needs_consent = chosen is None or services.loket_consent(access.case, chosen) is None
    form = AskForm(
        request.POST or None, child=access.case.child, lokets=lokets, needs_consent=needs_consent
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consult = services.ask_loket(
                access,
                loket=data["loket"],
                question=data["question"],
                tried=data["tried"],
                urgency=data["urgency"],
                consent=form.consent(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your question is with the Loket. The advice is due on %(date)s.")
                % {"date": consult.due_on.strftime("%d-%m-%Y")},
            )
            return redirect("loket:detail", case_id=case_id, consult_id=consult.uuid)
    return render(
        request,
        "loket/form.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "title": _("Ask the Integraal Loket for advice"),
            "intro": _(
                "The Loket looks at the whole picture of school and youth care, and advises "
                "on partners to involve, modules and the next step. The Loket sees the case "
                "only with the parents' consent for the Loket."
            ),
            "submit": _("Send the question"),
            "no_loket": not lokets.exists(),
        },
    )


def _detail_context(access: CaseAccess, consult: Consult) -> dict[str, Any]:
    return {
        "access": access,
        "case": access.case,
        "consult": consult,
        "proposals": list(
            consult.proposals.select_related(
                "membership__user", "membership__organisation", "provider"
            )
        ),
        "may_advise": rules.may_advise(access, consult),
        "meeting": _driehoek(access, consult),
        "may_take_over": rules.may_take_over(access, consult),
        "follow_up_form": FollowUpForm(),
    }


def _driehoek(access: CaseAccess, consult: Consult) -> Any:
    """The question's gouden driehoek as this viewer may see it (`meetings.selectors`)."""
    if consult.meeting_id is None:
        return None
    return meeting_selectors.meetings_of(access).filter(pk=consult.meeting_id).first()


@login_required
@require_GET
def consult_detail(request: HttpRequest, case_id: UUID, consult_id: UUID) -> HttpResponse:
    access, consult = _consult_access(request, case_id, consult_id)
    return render(request, "loket/detail.html", _detail_context(access, consult))


def _region_memberships(access: CaseAccess) -> Any:
    return (
        Membership.objects.active()
        .filter(organisation__region=access.case.region, role__in=CASEWORK_ROLES)
        .exclude(organisation__type=OrganisationType.INTEGRAL_DESK)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def consult_advise(request: HttpRequest, case_id: UUID, consult_id: UUID) -> HttpResponse:
    access, consult = _consult_access(request, case_id, consult_id)
    if not rules.may_advise(access, consult):
        raise Http404
    form = AdviseForm(
        request.POST or None,
        memberships=_region_memberships(access),
        providers=region_organisations(access.case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.advise(
                access,
                consult,
                advice=data["advice"],
                route_step=data["route_step"],
                partners=data["partners"],
                modules=form.modules(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The advice is on the dossier; the asker is told."))
            return redirect("loket:detail", case_id=case_id, consult_id=consult.uuid)
    return render(
        request,
        "loket/form.html",
        {
            "access": access,
            "case": access.case,
            "consult": consult,
            "form": form,
            "title": _("Write the advice"),
            "intro": _(
                "Advise from the whole picture. Make it concrete: which partners to involve, "
                "which modules, and the next step on the route."
            ),
            "submit": _("Give the advice"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consult_meeting(request: HttpRequest, case_id: UUID, consult_id: UUID) -> HttpResponse:
    """The adviser plans the gouden driehoek: when and where; the invitees are the driehoek's
    three roles as on the case and the parents, as for an MDO."""
    access, consult = _consult_access(request, case_id, consult_id)
    if not rules.may_advise(access, consult):
        raise Http404
    form = OwnMeetingForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        start, end = form.times()
        try:
            meeting = services.plan_driehoek(
                access, consult, starts_at=start, ends_at=end, **form.logistics()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The gouden driehoek is planned. The parents decide who comes; then send "
                    "the invitations from the meeting's page."
                ),
            )
            return redirect("meetings:detail", case_id=case_id, meeting_id=meeting.uuid)
    return render(
        request,
        "loket/form.html",
        {
            "access": access,
            "case": access.case,
            "consult": consult,
            "form": form,
            "title": _("Plan the gouden driehoek"),
            "intro": _(
                "Meet the school's intern begeleider, the SWV's gedragswetenschapper and the "
                "youth team's ouder-kindcoach of this case, with the parents, as for an MDO. "
                "Those three on the team are proposed to the parents; the regisseur chairs "
                "with you."
            ),
            "submit": _("Plan the meeting"),
        },
    )


def _proposal(consult: Consult, proposal_id: int) -> Proposal:
    found = consult.proposals.filter(pk=proposal_id).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def take_over(
    request: HttpRequest, case_id: UUID, consult_id: UUID, proposal_id: int
) -> HttpResponse:
    access, consult = _consult_access(request, case_id, consult_id)
    if access.member is None:
        raise Http404
    if not rules.may_take_over(access, consult):
        raise PermissionDenied(_("Who asked for the advice, or the regisseur, takes it over."))
    proposal = _proposal(consult, proposal_id)
    if proposal.kind == ProposalKind.PARTNER:
        if request.method == "POST":
            try:
                services.take_over_partner(access, consult, proposal)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("Proposed for the team; the family approves the place.")
                )
        return redirect("loket:detail", case_id=case_id, consult_id=consult.uuid)
    goals = Goal.objects.visible_to(access).order_by("pk")
    form = ModuleTakeOverForm(
        request.POST or None,
        goals=goals,
        providers=choosable_organisations(access.case),
        initial={"provider": proposal.provider, "function": proposal.function},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.take_over_module(access, consult, proposal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The module is in the plan's draft."))
            return redirect("loket:detail", case_id=case_id, consult_id=consult.uuid)
    return render(
        request,
        "loket/form.html",
        {
            "access": access,
            "case": access.case,
            "consult": consult,
            "form": form,
            "title": _("Take the module “%(title)s” into the plan") % {"title": proposal.title},
            "intro": _("The plan needs a few more things of a module: fill them in here."),
            "submit": _("Add to the plan's draft"),
        },
    )


@login_required
@require_POST
def follow_up(request: HttpRequest, case_id: UUID, consult_id: UUID) -> HttpResponse:
    access, consult = _consult_access(request, case_id, consult_id)
    if access.member is None:
        raise Http404
    if not rules.may_take_over(access, consult):
        raise PermissionDenied(_("Who asked for the advice, or the regisseur, records this."))
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.record_follow_up(access, consult, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded what was done with the advice."))
            return redirect("loket:detail", case_id=case_id, consult_id=consult.uuid)
    context = _detail_context(access, consult)
    context["follow_up_form"] = form
    return render(request, "loket/detail.html", context)


@login_required
@require_POST
def known_propose(request: HttpRequest, case_id: UUID, match_id: UUID) -> HttpResponse:
    """The button on a match: propose the other side's contact for the team."""
    access = access_case(
        Actor.from_request(request), case_id, object_type="known_match", object_id=str(match_id)
    )
    told = selectors.match_for(access.user, match_id)
    if told is None or told.own.case_id != access.case.pk:
        raise Http404
    try:
        services.propose_from_match(access, told.match)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Proposed for the team; the family approves the place."))
    return redirect("cases:detail", case_id=case_id)
