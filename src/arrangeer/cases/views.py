"""Pages of a case. Every view gets its case through access.access_case (or the list through
access.visible_cases) and every change through a service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.core.forms_util import add_service_errors
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType, Role
from arrangeer.organisations.models import Membership

from . import dossier, services, views_route
from .access import Actor, access_case, log_listed, visible_cases
from .constants import MemberStatus
from .forms import (
    CloseCaseForm,
    EmergencyAccessForm,
    FamilyDecisionForm,
    FlagsForm,
    NewCaseForm,
    ProposeMemberForm,
)
from .forms_route import CaseFilterForm
from .models import TeamMember

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


@login_required
@require_http_methods(["GET"])
def case_list(request: HttpRequest) -> HttpResponse:
    """ "My cases": the caseload with step, due date, flags and regisseur; filters by name,
    step, flag, school and overdue. A constant number of queries, whatever the caseload."""
    actor = _actor(request)
    visible = visible_cases(actor.user)
    steps: dict[str, str] = {}
    for code, name, number in (
        visible.filter(current_step__isnull=False)
        .values_list("current_step__code", "current_step__name", "current_step__number")
        .distinct()
        .order_by("current_step__number", "current_step__name")
    ):
        steps.setdefault(code, f"{number}. {name}")
    schools = list(
        visible.filter(child__school__isnull=False)
        .values_list("child__school_id", "child__school__name")
        .distinct()
        .order_by("child__school__name")
    )
    form = CaseFilterForm(request.GET or None, steps=list(steps.items()), schools=schools)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    query = (filters.get("q") or "").strip()
    cases = visible.select_related("child", "child__school", "regisseur", "current_step")
    if query:
        for word in query.split():
            cases = cases.filter(
                Q(child__first_name__icontains=word) | Q(child__last_name__icontains=word)
            )
    if filters.get("stap"):
        cases = cases.filter(current_step__code=filters["stap"])
    if filters.get("kenmerk"):
        cases = cases.filter(**{filters["kenmerk"]: True})
    if filters.get("school"):
        cases = cases.filter(child__school_id=filters["school"])
    today = timezone.localdate()
    if filters.get("te_laat"):
        cases = cases.filter(step_due__lt=today)
    cases = cases.order_by("child__last_name", "child__first_name", "pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    filtered = any(filters.get(k) for k in ("q", "stap", "kenmerk", "school", "te_laat"))
    log_listed(actor, rows, event=Event.SEARCH if filtered else Event.LIST)
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "cases": rows,
            "query": query,
            "form": form,
            "filtered": filtered,
            "today": today,
            "querystring": params.urlencode(),
            "can_open": bool(_opening_memberships(actor)),
        },
    )


def _opening_memberships(actor: Actor) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=actor.user)
        .filter(
            Q(role=Role.COORDINATOR, organisation__type=OrganisationType.SCHOOL)
            | Q(role=Role.YOUTH_WORKER, organisation__type=OrganisationType.YOUTH_TEAM)
        )
        .select_related("organisation")
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    memberships = _opening_memberships(actor)
    if not memberships:
        raise Http404
    queryset = Membership.objects.filter(pk__in=[m.pk for m in memberships]).select_related(
        "organisation"
    )
    form = NewCaseForm(request.POST or None, memberships=queryset)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                actor=actor,
                membership=form.cleaned_data["membership"],
                child_fields=form.child_fields(),
                representatives=form.representatives(),
                flags=form.flags(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case was opened. You are its regisseur."))
            return redirect("cases:detail", case_id=case.uuid)
    return render(request, "cases/case_new.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(_actor(request), case_id)
    context = dossier.build(access)
    context["route_summary"] = views_route.summary(access)
    return render(request, "cases/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_flags(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(_actor(request), case_id, regisseur_only=True)
    case = access.case
    initial: dict[str, Any] = {f: getattr(case, f) for f in dossier.flag_names()}
    initial["thuiszitter_since"] = case.thuiszitter_since
    form = FlagsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_flags(
                access,
                flags=form.cleaned_data,
                thuiszitter_since=form.cleaned_data["thuiszitter_since"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case details were saved."))
            return redirect("cases:detail", case_id=case.uuid)
    return render(request, "cases/case_flags.html", {"access": access, "case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(_actor(request), case_id, regisseur_only=True)
    form = CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(
                access, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case was closed. Nobody has access to it any more."))
            return redirect("cases:list")
    return render(
        request, "cases/case_close.html", {"access": access, "case": access.case, "form": form}
    )


def _proposable(access: Any) -> Any:
    current = TeamMember.objects.filter(
        case=access.case, status__in=[MemberStatus.PROPOSED, MemberStatus.ACTIVE]
    ).values("membership_id")
    return (
        Membership.objects.active()
        .filter(role__in=CASEWORK_ROLES, organisation__region=access.case.region)
        .exclude(pk__in=current)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_team(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(_actor(request), case_id, object_type="team")
    propose_form = None
    if access.is_regisseur:
        propose_form = ProposeMemberForm(request.POST or None, memberships=_proposable(access))
        if request.method == "POST" and propose_form.is_valid():
            try:
                member = services.propose_team_member(
                    access, membership=propose_form.cleaned_data["membership"]
                )
            except ValidationError as error:
                add_service_errors(propose_form, error)
            else:
                if member.status == MemberStatus.ACTIVE:
                    messages.success(request, _("Added to the team on the ground of a legal task."))
                else:
                    messages.success(
                        request,
                        _(
                            "Proposed. The member gets access after the family's approval "
                            "and consent."
                        ),
                    )
                return redirect("cases:team", case_id=case_id)
    elif request.method == "POST":
        raise PermissionDenied
    members = list(
        TeamMember.objects.filter(case=access.case)
        .select_related("membership__user", "membership__organisation", "consent")
        .order_by("status", "proposed_at")
    )
    decision_form = FamilyDecisionForm(child=access.case.child) if access.is_regisseur else None
    return render(
        request,
        "cases/case_team.html",
        {
            "access": access,
            "case": access.case,
            "members": members,
            "propose_form": propose_form,
            "decision_form": decision_form,
        },
    )


def _member(access: Any, member_id: int) -> TeamMember:
    member = (
        TeamMember.objects.filter(case=access.case, pk=member_id)
        .select_related("membership__user", "membership__organisation")
        .first()
    )
    if member is None:
        raise Http404
    return member


@login_required
@require_POST
def member_decide(
    request: HttpRequest, case_id: UUID, member_id: int, decision: str
) -> HttpResponse:
    access = access_case(_actor(request), case_id, regisseur_only=True, object_type="team")
    member = _member(access, member_id)
    form = FamilyDecisionForm(request.POST, child=access.case.child)
    if not form.is_valid():
        messages.error(request, _("The form was not complete."))
        return redirect("cases:team", case_id=case_id)
    data = form.cleaned_data
    try:
        if decision == "approve":
            services.approve_team_member(
                access,
                member,
                approved_by_representative=data["representative"],
                approved_by_child=data["by_child"],
                note=data["note"],
            )
            messages.success(
                request,
                _("Approval recorded: %(name)s is now on the team.")
                % {"name": member.membership.user},
            )
        else:
            services.refuse_team_member(access, member, note=data["note"])
            messages.success(request, _("Refusal recorded."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("cases:team", case_id=case_id)


@login_required
@require_POST
def member_end(request: HttpRequest, case_id: UUID, member_id: int) -> HttpResponse:
    actor = _actor(request)
    # A member may end their own place; anyone else's only the regisseur.
    leaving_self = TeamMember.objects.filter(
        case__uuid=case_id, pk=member_id, membership__user=actor.user
    ).exists()
    access = access_case(actor, case_id, object_type="team", regisseur_only=not leaving_self)
    member = _member(access, member_id)
    try:
        services.end_team_member(access, member, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:team", case_id=case_id)
    if leaving_self:
        messages.success(request, _("You left the team. You no longer have access to this case."))
        return redirect("cases:list")
    messages.success(
        request, _("%(name)s is no longer on the team.") % {"name": member.membership.user}
    )
    return redirect("cases:team", case_id=case_id)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_access(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    memberships = (
        Membership.objects.active()
        .filter(user=actor.user, role__in=CASEWORK_ROLES)
        .select_related("organisation")
    )
    if not memberships.exists():
        raise Http404
    form = EmergencyAccessForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            emergency = services.start_emergency_access(
                actor=actor,
                membership=data["membership"],
                reason=data["reason"],
                bsn=data["bsn"],
                last_name=data["last_name"],
                date_of_birth=data["date_of_birth"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request,
                _("Emergency access until %(until)s. Everything you see is recorded.")
                % {"until": emergency.expires_at.strftime("%d-%m-%Y %H:%M")},
            )
            return redirect("cases:detail", case_id=emergency.case.uuid)
    return render(request, "cases/emergency_access.html", {"form": form})
