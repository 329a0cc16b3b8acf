"""Pages of the plan's lifecycle: send for agreement, record the parents' instemming, adopt,
adjust, evaluate; the versions, their comparison and the groeidocument (PDF)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess
from arrangeer.children.models import LegalRepresentative
from arrangeer.core.forms_util import add_service_errors

from . import document_cache, pdf, selectors, services, snapshot
from .constants import EDITABLE_STATUSES, PlanStatus, VersionStatus
from .forms_lifecycle import AdjustForm, AdoptForm, AgreementForm, EvaluationForm, RatingForm
from .kinds import KINDS
from .models import Evaluation, Goal, Plan, PlanVersion
from .services.common import plan_of, require_team_place
from .views import _access, _access_item, _plan_url


def _ctx(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "case": access.case, **extra}


def _messages_from(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _awaiting(plan: Plan | None) -> PlanVersion | None:
    if plan is None:
        return None
    return (
        PlanVersion.objects.filter(plan=plan, status=VersionStatus.AWAITING)
        .defer("content")
        .first()
    )


@login_required
@require_POST
def send(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
    try:
        version = services.send_for_agreement(access)
    except ValidationError as error:
        _messages_from(request, error)
    else:
        messages.success(
            request,
            _(
                "Version %(number)s was sent to the parents for agreement. Record their "
                "instemming when they have given it."
            )
            % {"number": version.number},
        )
    return redirect(_plan_url(case_id))


def _parents(access: CaseAccess) -> Any:
    return LegalRepresentative.objects.filter(
        child_id=access.case.child_id, has_authority=True
    ).order_by("last_name", "first_name", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True, object_type="plan_agreement")
    version = _awaiting(plan_of(access))
    if version is None:
        messages.error(request, _("No version of this plan is waiting for the parents."))
        return redirect(_plan_url(case_id))
    form = AgreementForm(
        request.POST or None,
        parents=_parents(access),
        initial={"content_hash": version.content_hash, "given_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_parent_agreement(
                access,
                content_hash=data["content_hash"],
                representative=data["representative"],
                decision=data["decision"],
                given_on=data["given_on"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The parent's decision was recorded."))
            return redirect(_plan_url(case_id))
    view = selectors.plan_view(access)
    return render(
        request,
        "plans/agreement.html",
        _ctx(
            access,
            form=form,
            version=version,
            plan=view,
            title=_("Record a parent's instemming"),
            submit=_("Record"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True, object_type="plan_version")
    version = _awaiting(plan_of(access))
    if version is None:
        messages.error(request, _("No version of this plan is waiting for the parents."))
        return redirect(_plan_url(case_id))
    form = AdoptForm(
        request.POST or None, access=access, initial={"content_hash": version.content_hash}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adopted = services.adopt_plan(
                access,
                content_hash=data["content_hash"],
                child_heard=data["child_heard"],
                child_view=data["child_view"],
                child_view_category=data["child_view_category"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is adopted: it is the plan in force.")
                % {"number": adopted.number},
            )
            return redirect(_plan_url(case_id))
    view = selectors.plan_view(access)
    return render(
        request,
        "plans/adopt.html",
        _ctx(
            access,
            form=form,
            version=version,
            plan=view,
            title=_("Adopt the plan"),
            submit=_("Adopt"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adjust(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True)
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_adjustment(access, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "A new draft was started from the adopted plan. The adopted version stays "
                    "in force until the new one is adopted."
                ),
            )
            return redirect(_plan_url(case_id))
    return render(
        request,
        "plans/simple_form.html",
        _ctx(
            access,
            title=_("Adjust the plan"),
            intro=_(
                "The adopted plan stays in force and readable. You write the changes in a new "
                "draft, which goes to the parents for agreement again."
            ),
            form=form,
            submit=_("Start the adjustment"),
        ),
    )


@login_required
@require_GET
def versions(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_type="plan_version")
    view = selectors.plan_view(access)
    return render(request, "plans/versions.html", _ctx(access, plan=view))


def _version(plan: Plan | None, number: int) -> PlanVersion:
    version = (
        PlanVersion.objects.filter(plan=plan, number=number)
        .select_related("sent_by", "adopted_by")
        .first()
        if plan is not None
        else None
    )
    if version is None:
        raise Http404
    return version


@login_required
@require_GET
def version(request: HttpRequest, case_id: UUID, number: int) -> HttpResponse:
    access = _access(request, case_id, object_type="plan_version", object_id=str(number))
    found = _version(plan_of(access), number)
    agreements = list(found.agreements.select_related("representative", "recorded_by"))
    return render(
        request,
        "plans/version.html",
        _ctx(
            access,
            version=found,
            sections=snapshot.display(found.content, access.categories),
            agreements=agreements,
            show_child_view=access.allows(found.child_view_category),
        ),
    )


def _content(plan: Plan, choice: str) -> tuple[str, snapshot.Content]:
    """A version by number, or "concept": the draft as it is now."""
    if choice == "concept":
        return _("the current draft"), snapshot.build(plan)
    if not choice.isdigit():
        raise Http404
    found = _version(plan, int(choice))
    return _("version %(number)s") % {"number": found.number}, found.content


@login_required
@require_GET
def compare(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_type="plan_version")
    plan = plan_of(access)
    numbers = (
        list(
            PlanVersion.objects.filter(plan=plan)
            .order_by("number")
            .values_list("number", flat=True)
        )
        if plan is not None
        else []
    )
    choices = [(str(n), _("Version %(number)s") % {"number": n}) for n in numbers]
    if plan is not None and plan.status not in (PlanStatus.ADOPTED, PlanStatus.CLOSED):
        choices.append(("concept", _("Current draft")))
    changes = None
    older_label = newer_label = ""
    older = request.GET.get("van") or (choices[-2][0] if len(choices) >= 2 else "")
    newer = request.GET.get("met") or (choices[-1][0] if choices else "")
    if plan is not None and older and newer:
        older_label, older_content = _content(plan, older)
        newer_label, newer_content = _content(plan, newer)
        changes = snapshot.compare(older_content, newer_content, access.categories)
    return render(
        request,
        "plans/compare.html",
        _ctx(
            access,
            choices=choices,
            older=older,
            newer=newer,
            older_label=older_label,
            newer_label=newer_label,
            changes=changes,
        ),
    )


@login_required
@require_GET
def groeidocument(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The plan as a PDF: the current draft, or an adopted version (?versie=N). The access
    log names what was served: the version's number, or "concept" for the draft."""
    choice = request.GET.get("versie", "")
    found: dict[str, Any] = {}

    def served(access: CaseAccess) -> str:
        plan = found["plan"] = plan_of(access)
        if plan is None:
            raise Http404
        version: PlanVersion | None = None
        if choice:
            if not choice.isdigit():
                raise Http404
            version = _version(plan, int(choice))
        elif plan.status not in EDITABLE_STATUSES:
            # No draft (adopted or closed): the document of the version that holds, never a
            # "draft" beside "adopted".
            version = _current_version(plan)
        found["version"] = version
        return str(version.number) if version is not None else "concept"

    access = _access(
        request, case_id, event=Event.EXPORT, object_type="plan_document", served=served
    )
    plan, version = found["plan"], found["version"]
    short = str(access.case.uuid)[:8]
    if version is not None:
        # An adopted version's document is built once per reader's view (document_cache).
        body = document_cache.groeidocument(access, plan=plan, version=version)
        name = f"groeidocument-{short}-versie-{version.number}.pdf"
    else:
        body = pdf.groeidocument(access, plan=plan, version=None)
        name = f"groeidocument-{short}-concept.pdf"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _current_version(plan: Plan) -> PlanVersion | None:
    """The version in force, or else the last adopted one, or else the last sent."""
    versions = PlanVersion.objects.filter(plan=plan)
    return (
        versions.filter(status=VersionStatus.ADOPTED).first()
        or versions.filter(adopted_at__isnull=False).order_by("-number").first()
        or versions.order_by("-number").first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, regisseur_only=True, object_type="plan_evaluation")
    plan = plan_of(access)
    if plan is None or plan.status != PlanStatus.ADOPTED:
        messages.error(request, _("Only an adopted plan can be evaluated."))
        return redirect(_plan_url(case_id))
    goals = list(Goal.objects.in_categories(access).filter(plan=plan).order_by("side", "what"))
    form = EvaluationForm(
        request.POST or None,
        access=access,
        goals=goals,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_evaluation(
                access,
                held_on=data["held_on"],
                decision=data["decision"],
                next_evaluation_on=data.get("next_evaluation_on"),
                summary=data.get("summary", ""),
                category=data["category"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect(_plan_url(case_id, "evaluaties"))
    return render(
        request,
        "plans/simple_form.html",
        _ctx(
            access,
            title=_("Evaluate the plan"),
            intro=_(
                "Per goal: how far was it reached? Colleagues add the goals you cannot see. "
                "Then decide: continue, adjust (a new draft) or close the plan."
            ),
            form=form,
            submit=_("Record the evaluation"),
        ),
    )


@login_required
@require_POST
def goal_rating(
    request: HttpRequest, case_id: UUID, evaluation_id: UUID, item_id: UUID
) -> HttpResponse:
    kind = KINDS["goal"]
    access, goal = _access_item(
        request,
        case_id,
        kind,
        item_id,
        object_type="plan_goal_rating",
    )
    require_team_place(access)
    assert isinstance(goal, Goal)
    evaluation = Evaluation.objects.of_case(access).filter(uuid=evaluation_id).first()
    if evaluation is None:
        raise Http404
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how far the goal was reached."))
    else:
        try:
            services.rate_goal(
                access,
                evaluation,
                goal,
                realisation=form.cleaned_data["realisation"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _messages_from(request, error)
        else:
            messages.success(request, _("Your rating of the goal was added to the evaluation."))
    return redirect(reverse("plans:plan", kwargs={"case_id": case_id}) + f"#doel-{goal.uuid}")
