"""The running group's evaluation (Alkmaar phase 5, for the region's policy officers and SWV
staff) and its weekly registration of attendance and progress (for the group's professionals,
each child through its own case access, what is registered landing in the child's plan)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, CaseAccess, access_cases
from arrangeer.core.forms_util import save_form

from . import selectors, services
from .forms import (
    EvaluationForm,
    RegisterDateForm,
    RegisterForm,
)
from .models import GroupArrangement, Placement
from .selectors import RegisterRow
from .views import _form_page, _group, _posted, _user


@login_required
@require_http_methods(["GET", "POST"])
def group_evaluate(request: HttpRequest, group_id: UUID) -> HttpResponse:
    """An evaluation moment of the running group and its decision (Alkmaar phase 5)."""
    group = _group(request, group_id, manage=True)
    if not group.is_running:
        raise Http404
    form = EvaluationForm(_posted(request), initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_form(
            request,
            form,
            lambda: services.record_evaluation(
                user=_user(request),
                group=group,
                held_on=data["held_on"],
                goals_findings=data["goals_findings"],
                indicators_findings=data["indicators_findings"],
                decision=data["decision"],
                decision_note=data["decision_note"],
                next_on=data["next_on"],
            ),
            _("The evaluation is recorded."),
        ):
            return redirect("groups:detail", group_id=group.uuid)
    return _form_page(
        request,
        group,
        form,
        title=_("Evaluate the group"),
        intro=_(
            "Write what the group reached against the goals of its group plan (%(goals)s) and "
            "the outcome indicators of the business case (%(indicators)s). At the end of a "
            "period, decide: continue, develop further, or integrate into regular processes."
        )
        % {
            "goals": group.group_goals or "—",
            "indicators": group.outcome_indicators or "—",
        },
        submit=_("Record the evaluation"),
    )


def _register_accesses(
    request: HttpRequest, group: GroupArrangement, event: str
) -> tuple[list[tuple[CaseAccess, Placement]], int]:
    """The group's children this professional may see, each through its own case access
    (through the access layer's door for several cases at once, each logged), and how many
    more there are that they may not see."""
    actor = Actor.from_request(request)
    placed, _waiting, unseen = selectors.group_children(actor, group)
    accesses = access_cases(
        actor,
        [row.case.uuid for row in placed],
        event=event,
        object_type=services.REGISTER_OBJECT_TYPE,
    )
    found = []
    for access, row in zip(accesses, placed, strict=True):
        assert row.placement is not None
        found.append((access, row.placement))
    return found, unseen


def _register_lines(
    request: HttpRequest, group: GroupArrangement, writable: list[RegisterRow]
) -> list[tuple[RegisterRow, RegisterForm]]:
    """Each child this person may register, with its line of the form."""
    return [
        (
            row,
            RegisterForm(
                _posted(request),
                prefix=str(row.access.case.uuid),
                goals=row.goals,
                may_attend=row.may_attend and not row.registered,
                initial={"hours": group.hours_per_week},
            ),
        )
        for row in writable
    ]


def _registration(form: RegisterForm) -> services.Registration:
    data = form.cleaned_data
    return services.Registration(
        attendance=data.get("attendance", ""),
        hours=data.get("hours"),
        goal=data.get("goal"),
        achievement=data.get("achievement", ""),
        value=data.get("value"),
        note=data.get("note", ""),
    )


def _save_week(
    request: HttpRequest,
    group: GroupArrangement,
    on: dt.date,
    lines: list[tuple[RegisterRow, RegisterForm]],
) -> tuple[HttpResponse | None, list[str]]:
    """Registers the week's lines in one go: the page to return to after the save, or the
    service's messages."""
    entries = [(row.access, _registration(form)) for row, form in lines]
    try:
        saved = services.register_week(group, on=on, entries=entries)
    except ValidationError as error:
        return None, list(error.messages)
    messages.success(
        request,
        ngettext(
            "%(count)s child registered: it is in the child's plan.",
            "%(count)s children registered: it is in each child's plan.",
            saved,
        )
        % {"count": saved},
    )
    return redirect(f"{request.path}?on={on.isoformat()}"), []


@login_required
@require_http_methods(["GET", "POST"])
def group_register(request: HttpRequest, group_id: UUID) -> HttpResponse:
    """The week's attendance and progress of the group's children in one place, for the
    group's three professionals: each child only as far as their place on its team and their
    categories go; what is registered lands in the child's own plan."""
    user = _user(request)
    group = _group(request, group_id)
    if not group.is_running or not selectors.is_professional(user, group):
        raise Http404
    today = timezone.localdate()
    date_form = RegisterDateForm(
        request.POST if request.method == "POST" else request.GET or None,
        initial={"on": today},
    )
    on = date_form.cleaned_data["on"] if date_form.is_valid() else today
    monday, sunday = services.week_of(on)
    accesses, unseen = _register_accesses(
        request, group, Event.CHANGE if request.method == "POST" else Event.VIEW
    )
    rows = selectors.register_rows(accesses, monday=monday, sunday=sunday)
    lines = _register_lines(request, group, [row for row in rows if row.may_register])
    errors: list[str] = []
    if request.method == "POST" and date_form.is_valid() and all(f.is_valid() for _r, f in lines):
        saved, errors = _save_week(request, group, on, lines)
        if saved is not None:
            return saved
    elif request.method == "POST":
        errors = [_("Check the lines marked below.")]
    return render(
        request,
        "groups/register.html",
        {
            "group": group,
            "date_form": date_form,
            "monday": monday,
            "sunday": sunday,
            "lines": lines,
            "read_only": [row for row in rows if not row.may_register],
            "outside": len(accesses) - len(rows),
            "unseen": unseen,
            "errors": errors,
        },
    )
