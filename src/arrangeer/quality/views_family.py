"""The family's pages of the quality contact point: /gezin/<case>/kwaliteit/… Each page gets
the case through `access_family_case`, which logs the read. A parent or the young person
reads only the concerns they reported themselves: their own channel."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from arrangeer.accounts.models import User
from arrangeer.cases.access import Actor, CaseAccess, access_family_case
from arrangeer.core.forms_util import add_service_errors

from . import selectors, services
from .constants import OBJECT_TYPE
from .forms import FamilyConcernForm


def _young(request: HttpRequest) -> bool:
    """The young person's own account is spoken to as "je", a parent as "u"."""
    user = request.user
    return isinstance(user, User) and user.is_young_person


def _family(request: HttpRequest, case_id: UUID, object_id: str = "") -> CaseAccess:
    return access_family_case(
        Actor.from_request(request), case_id, object_type=OBJECT_TYPE, object_id=object_id
    )


@login_required
@require_GET
def family_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _family(request, case_id)
    return render(
        request,
        "quality/family_list.html",
        {
            "access": access,
            "case": access.case,
            "place": access.family,
            "concerns": selectors.concerns_for_family(access),
            "points": list(selectors.contact_points(access.case)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _family(request, case_id)
    points = selectors.contact_points(access.case)
    form = FamilyConcernForm(
        request.POST or None,
        contact_points=points,
        organisations=selectors.concerned_choices(access),
        parts=selectors.shareable_parts(access),
        young=_young(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.report_concern(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                pgettext(
                    "jongere",
                    "Thank you. Your report is sent. You can see here what happens with it.",
                )
                if _young(request)
                else _("Thank you. Your report is sent. You can see here what happens with it."),
            )
            return redirect("quality_family:detail", case_id=case_id, concern_id=concern.uuid)
    return render(
        request,
        "quality/family_form.html",
        {
            "access": access,
            "case": access.case,
            "place": access.family,
            "form": form,
            "has_points": points.exists(),
        },
    )


@login_required
@require_GET
def family_detail(request: HttpRequest, case_id: UUID, concern_id: UUID) -> HttpResponse:
    access = _family(request, case_id, object_id=str(concern_id))
    concern = selectors.family_concern(access, concern_id)
    if concern is None:
        raise Http404
    return render(
        request,
        "quality/family_detail.html",
        {
            "access": access,
            "case": access.case,
            "place": access.family,
            "concern": concern,
            "steps": selectors.steps_for(None, concern, reporter=True),
        },
    )
