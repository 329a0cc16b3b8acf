"""Pages of a case. Every view gets its case through access.access_case (or the list through
access.visible_cases) and every change through a service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.core.forms_util import Conflict, add_service_errors, stale_conflict
from arrangeer.core.models_util import StaleVersion
from arrangeer.core.paging import Window
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.routes.models import Step

from . import dossier, journey, services, views_route
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
from .models import Case, TeamMember

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request)


@login_required
@require_http_methods(["GET"])
def case_list(request: HttpRequest) -> HttpResponse:
    """ "My cases": the caseload with step, due date, flags and regisseur; filters by name,
    step, flag, school and overdue. A constant number of queries and work for the 50 rows
    shown, whatever the caseload: the choices of the filters come from the routes and the
    person's organisations (not from the caseload), and the pages are counted by "is there a
    next one" (no COUNT over thousands of cases)."""
    actor = _actor(request)
    if not actor.user.is_professional:
        raise Http404  # a family account's pages are the portal's
    memberships = list(
        Membership.objects.active().filter(user=actor.user).select_related("organisation")
    )
    steps, schools = filter_choices(memberships)
    form = CaseFilterForm(request.GET or None, steps=steps, schools=schools)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    query = (filters.get("q") or "").strip()
    cases = visible_cases(actor.user)
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
    # The page's cases first (their ids: the database sorts and cuts without joining the
    # school, regisseur and step of thousands of rows), then those 50 with what they show.
    ids = Window.of(cases.values_list("pk", flat=True), request.GET.get("pagina"), PAGE_SIZE)
    loaded = Case.objects.filter(pk__in=ids.rows).select_related(
        "child", "child__school", "regisseur", "current_step"
    )
    by_pk = {case.pk: case for case in loaded}
    rows = [by_pk[pk] for pk in ids.rows if pk in by_pk]
    page = Window(ids.number, rows, ids.has_next)
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
            "can_open": any(_can_open(m) for m in memberships),
        },
    )


def filter_choices(
    memberships: list[Membership],
) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """The step and school choices of "My cases", from what the person works in: the steps
    of the routes of their regions (every version, and the model routes), the schools they
    work at, and for a youth team, SWV or other organisation the schools of its region. Small
    tables, whatever the caseload."""
    regions = {m.organisation.region_id for m in memberships}
    steps: dict[str, str] = {}
    for code, name, number in (
        Step.objects.filter(Q(route__region_id__in=regions) | Q(route__region__isnull=True))
        .values_list("code", "name", "number")
        .order_by("number", "name", "pk")
    ):
        steps.setdefault(code, f"{number}. {name}")
    own = {m.organisation.pk: m.organisation.name for m in memberships if m.organisation.is_school}
    beyond = {m.organisation.region_id for m in memberships if not m.organisation.is_school}
    schools = dict(own)
    if beyond:
        schools.update(
            Organisation.objects.filter(
                region_id__in=beyond, type=OrganisationType.SCHOOL, is_active=True
            ).values_list("pk", "name")
        )
    return list(steps.items()), sorted(schools.items(), key=lambda item: (item[1], item[0]))


def _can_open(membership: Membership) -> bool:
    return (
        membership.role == Role.COORDINATOR
        and membership.organisation.type == OrganisationType.SCHOOL
    ) or (
        membership.role == Role.YOUTH_WORKER
        and membership.organisation.type == OrganisationType.YOUTH_TEAM
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
    context["route_summary"] = views_route.summary(access, context["team"])
    return render(request, "cases/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_flags(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(_actor(request), case_id, regisseur_only=True)
    case = access.case
    form = FlagsForm(request.POST or None, initial=_flags_saved(case))
    conflict: Conflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_flags(
                access,
                flags=form.cleaned_data,
                thuiszitter_since=form.cleaned_data["thuiszitter_since"],
                expected_version=form.cleaned_data["version"] or case.flags_version,
            )
        except StaleVersion as stale:
            # Keep what this person chose; the next save is based on what is saved now.
            saved = Case.objects.get(pk=case.pk)
            conflict = stale_conflict(form, stale, _flags_saved(saved))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case details were saved."))
            return redirect("cases:detail", case_id=case.uuid)
    return render(
        request,
        "cases/case_flags.html",
        {"access": access, "case": case, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _flags_saved(case: Case) -> dict[str, Any]:
    """What is saved of the case's flags, by the flags form's field names."""
    saved: dict[str, Any] = {f: getattr(case, f) for f in dossier.flag_names()}
    saved["thuiszitter_since"] = case.thuiszitter_since
    saved["version"] = case.flags_version
    return saved


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(_actor(request), case_id, regisseur_only=True)
    form = CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(
                access,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                destination=form.cleaned_data["destination"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The case was closed. You and the family can still read it during its "
                    "retention period; everyone else has no access any more."
                ),
            )
            for line in journey.close_warnings(access.case):
                messages.warning(request, line)
            return redirect("cases:detail", case_id=access.case.uuid)
    step = access.case.current_step
    closing = journey.closing_steps(access.case) if step is not None else []
    return render(
        request,
        "cases/case_close.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "closing_steps": " / ".join(f"{s.number}. {s.name}" for s in closing),
            "close_warnings": journey.close_warnings(access.case),
            "current_step": f"{step.number}. {step.name}" if step is not None else "",
        },
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
