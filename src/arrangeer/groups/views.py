"""Pages of group arrangements: /groepen/… The arrangement's own pages (proposal, business
case, decision route, set-up) are for the region's policy officers and SWV staff and the
group's professionals; they hold no child data. The children appear only through the access
layer: the group's page and the intake list show the cases the viewer may see (each logged),
and a child's intake and outflow go through `access_case` (URLs with the case, in the
authorization matrix). What someone may not see answers 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor
from arrangeer.core.forms_util import run_action, save_form
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation

from . import pdf, selectors, services
from .constants import (
    BUSINESS_CASE_FIELDS,
    OUTCOMES_BY_ROLE,
    PROPOSAL_FIELDS,
    PROPOSAL_MAX_WORDS,
    SET_UP_FIELDS,
    GroupStatus,
)
from .forms import (
    BodyDecisionForm,
    BusinessCaseForm,
    ProposalForm,
    SetUpForm,
    StartForm,
    candidate_initial,
)
from .models import GroupArrangement


def _posted(request: HttpRequest) -> Any:
    """The posted data, also when empty (an empty form gets its messages)."""
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _group(request: HttpRequest, group_id: UUID, *, manage: bool = False) -> GroupArrangement:
    group = selectors.group_for(_user(request), group_id)
    if group is None or (manage and not selectors.may_manage(_user(request), group)):
        raise Http404
    return group


def _form_page(
    request: HttpRequest, group: GroupArrangement | None, form: Any, **context: Any
) -> HttpResponse:
    return render(request, "groups/form.html", {"group": group, "form": form, **context})


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.is_professional:
        raise Http404
    return render(
        request,
        "groups/list.html",
        {
            "groups": list(selectors.groups_for(user)),
            "may_propose": bool(selectors.managed_regions(user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    regions = selectors.managed_regions(user)
    if not regions:
        raise Http404
    # Started from a candidate of the monitor (individual → collective): its figures prefill.
    initial = candidate_initial(request.GET, regions) if request.method == "GET" else {}
    form = ProposalForm(_posted(request), regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = save_form(
            request,
            form,
            lambda: services.create_proposal(
                user=user, region=data.get("region") or regions[0], name=data["name"], fields=data
            ),
            _("The proposal is saved."),
        )
        if created is not None:
            return redirect("groups:detail", group_id=created.value.uuid)
    return _form_page(
        request,
        None,
        form,
        title=_("New proposal for a group arrangement"),
        intro=_(
            "The proposal follows bijlage 2 and is at most about two A4 (%(limit)s words). "
            "The business case follows when the proposal is saved."
        )
        % {"limit": PROPOSAL_MAX_WORDS},
        submit=_("Save the proposal"),
    )


def _section(group: GroupArrangement, names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(selectors.field_label(name), getattr(group, name)) for name in names]


@login_required
@require_GET
def group_detail(request: HttpRequest, group_id: UUID) -> HttpResponse:
    user = _user(request)
    group = _group(request, group_id)
    manager = selectors.may_manage(user, group)
    professional = selectors.is_professional(user, group)
    decisions = selectors.decisions_of(group)
    placed: list[selectors.ChildRow] = []
    waiting: list[selectors.ChildRow] = []
    unseen = 0
    if professional and group.is_running:
        placed, waiting, unseen = selectors.group_children(Actor.from_request(request), group)
    today = timezone.localdate()
    return render(
        request,
        "groups/detail.html",
        {
            "group": group,
            "manager": manager,
            "professional": professional,
            "proposal": _section(group, PROPOSAL_FIELDS),
            "business_case": _section(group, BUSINESS_CASE_FIELDS),
            "words": selectors.proposal_words(
                {name: getattr(group, name) for name in PROPOSAL_FIELDS}
            ),
            "max_words": PROPOSAL_MAX_WORDS,
            "costs": selectors.cost_comparison(group, today=today),
            "bodies": selectors.route_bodies(group.route)
            if group.status == GroupStatus.PROPOSAL
            else [],
            "decisions": decisions,
            "next_decision": selectors.next_decision(decisions),
            "missing": selectors.set_up_missing(group),
            "places_used": selectors.places_used(group) if group.is_running else 0,
            "placed": placed,
            "waiting": waiting,
            "unseen": unseen,
            "start_form": StartForm(initial={"started_on": today}),
            "evaluations": selectors.evaluations_of(group),
            "is_proposal": group.status == GroupStatus.PROPOSAL,
            "is_approved": group.status == GroupStatus.APPROVED,
            "is_refused": group.status == GroupStatus.REFUSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_proposal(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _group(request, group_id, manage=True)
    if group.status != GroupStatus.PROPOSAL:
        raise Http404
    initial = {"name": group.name, **{name: getattr(group, name) for name in PROPOSAL_FIELDS}}
    form = ProposalForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.update_proposal(
                user=_user(request), group=group, name=data["name"], fields=data
            ),
            _("The proposal is saved."),
        ):
            return redirect("groups:detail", group_id=group.uuid)
    return _form_page(
        request,
        group,
        form,
        title=_("Proposal"),
        intro=_("Bijlage 2, at most about two A4 (%(limit)s words).")
        % {"limit": PROPOSAL_MAX_WORDS},
        submit=_("Save the proposal"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_business_case(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _group(request, group_id, manage=True)
    if group.status != GroupStatus.PROPOSAL:
        raise Http404
    names = (*BUSINESS_CASE_FIELDS, *services.COST_FIELDS)
    form = BusinessCaseForm(
        _posted(request), initial={name: getattr(group, name) for name in names}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.update_business_case(user=_user(request), group=group, fields=data),
            _("The business case is saved."),
        ):
            return redirect("groups:detail", group_id=group.uuid)
    return _form_page(
        request,
        group,
        form,
        title=_("Business case"),
        intro=_(
            "Bijlage 3. The costs are compared with the individual arrangements the group "
            "replaces, at the region's tariff of their product."
        ),
        submit=_("Save the business case"),
    )


@login_required
@require_GET
def group_pdf(request: HttpRequest, group_id: UUID) -> HttpResponse:
    """Proposal and business case as a PDF for the bodies' meetings (no child data)."""
    group = _group(request, group_id)
    response = HttpResponse(pdf.proposal_pdf(group), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="voorstel-en-businesscase.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _act(request: HttpRequest, group: GroupArrangement, action: Any, done: str) -> HttpResponse:
    run_action(request, action, done)
    return redirect("groups:detail", group_id=group.uuid)


@login_required
@require_POST
def group_submit(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _group(request, group_id, manage=True)
    return _act(
        request,
        group,
        lambda: services.submit(user=_user(request), group=group),
        _("The proposal is in the decision route."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_decide(request: HttpRequest, group_id: UUID, decision_id: int) -> HttpResponse:
    group = _group(request, group_id, manage=True)
    decision = group.decisions.select_related("body").filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    form = BodyDecisionForm(
        _posted(request),
        outcomes=sorted(OUTCOMES_BY_ROLE[decision.body.role]),
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.record_body_decision(
                user=_user(request),
                group=group,
                decision=decision,
                status=data["status"],
                decided_on=data["decided_on"],
                text=data["text"],
                conditions=data["conditions"],
            ),
            _("The decision of %(body)s is recorded.") % {"body": decision.body.name},
        ):
            return redirect("groups:detail", group_id=group.uuid)
    return _form_page(
        request,
        group,
        form,
        title=_("Decision of %(body)s") % {"body": decision.body.name},
        intro=decision.body.description,
        submit=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_set_up(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _group(request, group_id, manage=True)
    if group.status == GroupStatus.REFUSED:
        raise Http404
    schools = Organisation.objects.filter(
        region=group.region, type=OrganisationType.SCHOOL, is_active=True
    ).order_by("name")
    school_id = request.POST.get("school") if request.method == "POST" else group.school_id
    staff = Membership.objects.active().select_related("user", "organisation")
    form = SetUpForm(
        _posted(request),
        initial={name: getattr(group, name) for name in SET_UP_FIELDS},
        schools=schools,
        school_staff=staff.filter(
            organisation__region=group.region, organisation__type=OrganisationType.SCHOOL
        )
        .filter(organisation_id=school_id or 0)
        .order_by("user__last_name")
        if school_id
        else staff.filter(
            organisation__region=group.region, organisation__type=OrganisationType.SCHOOL
        ).order_by("organisation__name", "user__last_name"),
        care_staff=staff.filter(
            organisation__region=group.region,
            organisation__type=OrganisationType.CARE_PROVIDER,
        ).order_by("organisation__name", "user__last_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.set_up(user=_user(request), group=group, fields=data),
            _("The group is set up."),
        ):
            return redirect("groups:detail", group_id=group.uuid)
    return _form_page(
        request,
        group,
        form,
        title=_("Set up the group"),
        intro=_(
            "Places, school and location, the three professionals and the group plan. The "
            "group starts when the decision route is through."
        ),
        submit=_("Save"),
    )


@login_required
@require_POST
def group_start(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _group(request, group_id, manage=True)
    form = StartForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("groups:detail", group_id=group.uuid)
    return _act(
        request,
        group,
        lambda: services.start(
            user=_user(request), group=group, started_on=form.cleaned_data["started_on"]
        ),
        _("The group has started."),
    )


@login_required
@require_GET
def group_intake(request: HttpRequest, group_id: UUID) -> HttpResponse:
    group = _group(request, group_id)
    if not group.is_running:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "groups/intake.html",
        {
            "group": group,
            "rows": selectors.intake_candidates(Actor.from_request(request), group, today=today),
            "places_used": selectors.places_used(group),
        },
    )
