"""The child's and the family's own view: "our view", "how do you think", the questionnaire,
and the child's view read together with the team. Cases through the access layer, which logs."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from arrangeer.cases.access import Actor, CaseAccess, access_case, access_family_case
from arrangeer.core.forms_util import add_service_errors
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import EntrySource
from arrangeer.plans.models import DomainEntry

from . import gifts, services
from .forms import ChildViewForm, LogbookForm, ParentsViewForm, QuestionnaireForm, UploadForm
from .models import ChildView, MessageKind
from .views_common import said, user_of


@login_required
@require_http_methods(["GET", "POST"])
def our_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Co-writing: the parents' view per life domain, uploads and the logbook."""
    access = access_family_case(Actor.from_request(request), case_id, object_type="parents_view")
    place = access.family
    assert place is not None
    which = request.POST.get("form", "") if request.method == "POST" else ""
    view_form = ParentsViewForm(request.POST if which == "view" else None, prefix="view")
    upload_form = UploadForm(
        request.POST if which == "upload" else None,
        request.FILES if which == "upload" else None,
        prefix="upload",
    )
    log_form = LogbookForm(request.POST if which == "log" else None, prefix="log")
    if request.method == "POST":
        if not place.has_authority:
            raise PermissionDenied(_("A parent without parental authority reads only."))
        try:
            if which == "view" and view_form.is_valid():
                plan_services.add_parents_view(access, **view_form.cleaned_data)
                messages.success(request, _("Thank you. Your view is now part of the plan."))
                return redirect("portal:our_view", case_id=case_id)
            if which == "upload" and upload_form.is_valid():
                gifts.give_file(
                    access,
                    upload=upload_form.cleaned_data["upload"],
                    description=upload_form.cleaned_data["description"],
                )
                messages.success(request, _("Thank you. The file was added."))
                return redirect("portal:our_view", case_id=case_id)
            if which == "log" and log_form.is_valid():
                gifts.write_logbook(access, text=log_form.cleaned_data["text"])
                messages.success(request, _("Written in the logbook."))
                return redirect("portal:our_view", case_id=case_id)
        except ValidationError as error:
            target = {"view": view_form, "upload": upload_form, "log": log_form}[which]
            if which == "upload" and "file" in getattr(error, "error_dict", {}):
                error = ValidationError({"upload": error.error_dict["file"]})
            add_service_errors(target, error)
    given = gifts.family_messages(access, limit=50)
    ours = list(
        DomainEntry.objects.visible_to(access)
        .filter(source=EntrySource.PARENTS)
        .order_by("domain", "created_at")
    )
    return render(
        request,
        "portal/our_view.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "view_form": view_form,
            "upload_form": upload_form,
            "log_form": log_form,
            "given": given,
            "ours": ours,
        },
    )


def _child_view_page(
    request: HttpRequest, access: CaseAccess, *, template: str, back: str
) -> HttpResponse:
    form = ChildViewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_child_view(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you! We read what you said."))
            return redirect(back, case_id=access.case.uuid)
    views = list(ChildView.objects.filter(case=access.case).order_by("-recorded_at")[:50])
    return render(
        request,
        template,
        {
            "access": access,
            "case": access.case,
            "place": access.family,
            "form": form,
            "views": views,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_view(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """ "Hoe denk jij erover?" for the young person from 12, with their own login."""
    access = access_family_case(Actor.from_request(request), case_id, object_type="child_view")
    place = access.family
    assert place is not None
    if not place.is_child:
        raise Http404
    return _child_view_page(
        request, access, template="portal/child_view.html", back="portal:child_view"
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_view_together(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The same questions, filled in by a professional on the team together with the child."""
    access = access_case(Actor.from_request(request), case_id, object_type="child_view")
    if request.method == "POST" and access.member is None:
        raise PermissionDenied(_("With emergency access you can read, not write."))
    return _child_view_page(
        request,
        access,
        template="portal/child_view_together.html",
        back="portal:child_view_together",
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_family_case(Actor.from_request(request), case_id, object_type="satisfaction")
    open_moment = services.open_questionnaire(access)
    form = QuestionnaireForm(request.POST or None, young=user_of(request).is_young_person)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_questionnaire(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                said(
                    request,
                    parent=_("Thank you for your answers."),
                    young=pgettext("jongere", "Thank you for your answers."),
                ),
            )
            return redirect("portal:home", case_id=case_id)
    return render(
        request,
        "portal/questionnaire.html",
        {
            "access": access,
            "case": access.case,
            "place": access.family,
            "form": form,
            "open": open_moment is not None,
            "remarks": [
                m
                for m in gifts.family_messages(access, limit=20)
                if m.kind == MessageKind.REMARK and m.author_id == access.user.pk
            ],
        },
    )
