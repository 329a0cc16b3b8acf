"""Pages of the plan: the plan itself and writing its items. Every view gets the case through
access_case and every change through a service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.cases.access import Actor, CaseAccess, access_case, access_item
from arrangeer.core.forms_util import add_service_errors

from . import selectors, services, typed_work
from .constants import EDITABLE_STATUSES
from .forms import (
    BankSearchForm,
    DomainEntryForm,
    GoalForm,
    ModuleForm,
    NetworkPersonForm,
    PlanItemForm,
    SupportNeedForm,
)
from .funding import funding_overview
from .kinds import KINDS, Kind
from .models import BankGoal, Goal, Plan, PlanItem, SupportLevelLabel
from .parts import read_parts
from .services.common import StaleEdit, plan_of, require_editable, require_team_place

# The Dutch path segment of each kind of item.
SLUGS: dict[str, str] = {
    "domeinen": "domain",
    "netwerk": "network",
    "behoeften": "need",
    "doelen": "goal",
    "modules": "module",
}
SLUG_OF = {kind: slug for slug, kind in SLUGS.items()}
FORMS: dict[str, type[PlanItemForm]] = {
    "domain": DomainEntryForm,
    "network": NetworkPersonForm,
    "need": SupportNeedForm,
    "goal": GoalForm,
    "module": ModuleForm,
}
ANCHORS = {
    "domain": "kind",
    "network": "netwerk",
    "need": "behoeften",
    "goal": "doelen",
    "module": "modules",
}


def _kind(slug: str) -> Kind:
    if slug not in SLUGS:
        raise Http404
    return KINDS[SLUGS[slug]]


def _access(request: HttpRequest, case_id: UUID, **kwargs: Any) -> CaseAccess:
    kwargs.setdefault("object_type", "plan")
    return access_case(Actor.from_request(request), case_id, **kwargs)


def _writer(access: CaseAccess) -> None:
    require_team_place(access)


def _plan_url(case_id: UUID, anchor: str = "") -> str:
    url = reverse("plans:plan", kwargs={"case_id": case_id})
    return f"{url}#{anchor}" if anchor else url


def _access_item(
    request: HttpRequest, case_id: UUID, kind: Kind, item_id: UUID, **kwargs: Any
) -> tuple[CaseAccess, PlanItem]:
    """The case's access and one item of it in the person's categories (the access layer's
    `access_item`: 404 for whoever may not see its category, logged with that category)."""
    kwargs.setdefault("object_type", kind.object_type)
    access, item = access_item(
        Actor.from_request(request),
        case_id,
        kind.queryset().select_related("author", "updated_by"),
        item_id,
        **kwargs,
    )
    assert isinstance(item, PlanItem)
    return access, item


def _context(access: CaseAccess, **extra: Any) -> dict[str, Any]:
    return {"access": access, "case": access.case, **extra}


@login_required
@require_http_methods(["GET"])
def plan_page(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id)
    parts = read_parts(access.case)  # once, for the plan and its funding
    view = selectors.plan_view(access, parts=parts)
    overview = funding_overview(access, parts=parts) if view.plan is not None else None
    return render(
        request,
        "plans/plan.html",
        _context(access, plan=view, funding=overview, editable=True, funding_level=3),
    )


def _visible_goals(access: CaseAccess, plan: Plan | None) -> QuerySet[Goal]:
    if plan is None:
        return Goal.objects.none()
    return Goal.objects.in_categories(access).filter(plan=plan).order_by("side", "what")


def _form(
    kind: Kind,
    access: CaseAccess,
    plan: Plan | None,
    data: QueryDict | None,
    *,
    instance: PlanItem | None = None,
    initial: dict[str, Any] | None = None,
) -> PlanItemForm:
    kwargs: dict[str, Any] = {"access": access, "instance": instance, "initial": initial or {}}
    if kind.key == "module":
        kwargs["goals"] = _visible_goals(access, plan)
    if kind.key == "domain":
        kwargs["labels"] = dict(
            SupportLevelLabel.objects.filter(region_id=access.case.region_id).values_list(
                "level", "label"
            )
        )
    return FORMS[kind.key](data, **kwargs)


def _bank(access: CaseAccess, request: HttpRequest) -> tuple[BankSearchForm, list[BankGoal]]:
    """The region's goal bank, searched with a plain GET form (works without JavaScript)."""
    form = BankSearchForm(request.GET or None)
    query = form.data.get("zoek", "").strip()[:100] if form.is_bound else ""
    goals = BankGoal.objects.filter(region_id=access.case.region_id, is_active=True)
    for word in query.split():
        goals = goals.filter(
            Q(what__icontains=word) | Q(indicator__icontains=word) | Q(keywords__icontains=word)
        )
    return form, list(goals.order_by("side", "what")[:25]) if query else []


def _bank_initial(access: CaseAccess, request: HttpRequest) -> dict[str, Any]:
    raw = request.GET.get("van_bank", "")
    if not raw.isdigit():
        return {}
    bank = BankGoal.objects.filter(
        pk=int(raw), region_id=access.case.region_id, is_active=True
    ).first()
    if bank is None:
        return {}
    return {
        "side": bank.side,
        "domain": bank.domain,
        "what": bank.what,
        "indicator": bank.indicator,
        "target": bank.target,
        "bank_goal": bank.pk,
    }


def _render_form(
    request: HttpRequest,
    access: CaseAccess,
    kind: Kind,
    form: PlanItemForm,
    *,
    item: PlanItem | None = None,
    conflict: StaleEdit | None = None,
    restored: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = _context(
        access,
        kind=kind,
        slug=SLUG_OF[kind.key],
        form=form,
        item=item,
        conflict=conflict,
        keep_token=typed_work.token(request),
        restored=restored,
    )
    if kind.key == "goal" and item is None:
        context["bank_form"], context["bank_goals"] = _bank(access, request)
        context["bank_goal"] = (
            request.GET.get("van_bank", "")
            if request.method == "GET"
            else request.POST.get("bank_goal", "")
        )
    return render(request, "plans/item_form.html", context, status=status)


def _refuse_if_not_editable(
    request: HttpRequest, plan: Plan | None, case_id: UUID
) -> HttpResponse | None:
    if plan is None or plan.status in EDITABLE_STATUSES:
        return None
    try:
        require_editable(plan)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_plan_url(case_id))


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, case_id: UUID, slug: str) -> HttpResponse:
    kind = _kind(slug)
    access = _access(request, case_id, object_type=kind.object_type)
    _writer(access)
    plan = plan_of(access)
    refused = _refuse_if_not_editable(request, plan, case_id)
    if refused is not None:
        return refused
    restored = typed_work.restore(request) if request.method == "GET" else None
    data = request.POST if request.method == "POST" else restored
    initial = _bank_initial(access, request) if kind.key == "goal" else {}
    if kind.key == "domain" and request.GET.get("domein"):
        initial["domain"] = request.GET["domein"]
    form = _form(kind, access, plan, data, initial=initial)
    if restored is not None:
        messages.info(request, _restored_message())
    if request.method == "POST" and form.is_valid():
        fields = form.content()
        if kind.key == "goal":
            fields["bank_goal"] = _bank_goal(access, request.POST.get("bank_goal", ""))
        try:
            item = services.add_item(access, kind=kind.key, fields=fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": kind.title(item)[:80]})
            return redirect(_plan_url(case_id, ANCHORS[kind.key]))
    return _render_form(request, access, kind, form, restored=restored is not None)


def _bank_goal(access: CaseAccess, raw: str) -> BankGoal | None:
    if not raw.isdigit():
        return None
    return BankGoal.objects.filter(pk=int(raw), region_id=access.case.region_id).first()


def _restored_message() -> str:
    return _(
        "You were logged out before your work was saved. What you typed is back in the form "
        "below: check it and save."
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, case_id: UUID, slug: str, item_id: UUID) -> HttpResponse:
    kind = _kind(slug)
    access, item = _access_item(
        request,
        case_id,
        kind,
        item_id,
        check=_writer,
    )
    _writer(access)
    plan = plan_of(access)
    refused = _refuse_if_not_editable(request, plan, case_id)
    if refused is not None:
        return refused
    restored = typed_work.restore(request) if request.method == "GET" else None
    data = request.POST if request.method == "POST" else restored
    form = _form(kind, access, plan, data, instance=item)
    if restored is not None:
        messages.info(request, _restored_message())
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("lock_version") or item.lock_version
        try:
            saved = services.change_item(
                access, item, expected_version=expected, fields=form.content()
            )
        except StaleEdit as conflict:
            # Keep what this person typed; the next save is based on the version they
            # have now seen, so saving again is a deliberate choice.
            data = request.POST.copy()
            data["lock_version"] = str(conflict.current_version)
            fresh = kind.queryset().get(pk=item.pk)
            form = _form(kind, access, plan, data, instance=fresh)
            form.is_valid()
            form.add_error(None, conflict.message)
            return _render_form(
                request, access, kind, form, item=fresh, conflict=conflict, status=409
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": kind.title(saved)[:80]})
            return redirect(_plan_url(case_id, ANCHORS[kind.key]))
    return _render_form(request, access, kind, form, item=item, restored=restored is not None)


@login_required
@require_POST
def item_remove(request: HttpRequest, case_id: UUID, slug: str, item_id: UUID) -> HttpResponse:
    kind = _kind(slug)
    access, item = _access_item(
        request,
        case_id,
        kind,
        item_id,
        check=_writer,
    )
    _writer(access)
    raw = request.POST.get("lock_version", "")
    expected = int(raw) if raw.isdigit() else item.lock_version
    try:
        services.remove_item(access, item, expected_version=expected)
    except StaleEdit as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Removed: %(what)s.") % {"what": kind.title(item)[:80]})
    return redirect(_plan_url(case_id, ANCHORS[kind.key]))
