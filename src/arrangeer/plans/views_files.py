"""Attachments of the plan: upload, list, download (only here, through the access layer and
logged) and remove."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases.models import Case
from arrangeer.core.forms_util import add_service_errors

from . import services
from .forms import AttachmentForm
from .models import Attachment
from .services.common import require_team_place
from .views import _access


def _category(case_id: UUID, attachment_id: UUID) -> str:
    found = (
        Attachment.objects.filter(uuid=attachment_id, plan__case__uuid=case_id)
        .values_list("category", flat=True)
        .first()
    )
    return found or ""


@login_required
@require_http_methods(["GET", "POST"])
def attachments(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = _access(request, case_id, object_type="plan_attachment")
    form = None
    if access.member is not None:
        form = AttachmentForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST":
        require_team_place(access)
        assert form is not None
        if form.is_valid():
            try:
                services.add_attachment(
                    access,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    category=form.cleaned_data["category"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The file was added to the plan."))
                return redirect("plans:attachments", case_id=case_id)
    files = list(
        Attachment.objects.filter(
            plan__case=access.case,
            removed_at__isnull=True,
            category__in=sorted(access.categories),
        )
        .select_related("uploaded_by")
        .order_by("-uploaded_at")
    )
    return render(
        request,
        "plans/attachments.html",
        {"access": access, "case": access.case, "form": form, "files": files},
        status=400 if form is not None and form.errors else 200,
    )


def _attachment(case: Case, attachment_id: UUID, categories: frozenset[str]) -> Attachment:
    found = Attachment.objects.filter(
        uuid=attachment_id, plan__case=case, removed_at__isnull=True
    ).first()
    if found is None or found.category not in categories or not found.file:
        raise Http404
    return found


@login_required
@require_GET
def attachment_download(request: HttpRequest, case_id: UUID, attachment_id: UUID) -> FileResponse:
    access = _access(
        request,
        case_id,
        event=Event.EXPORT,
        object_type="plan_attachment",
        object_id=str(attachment_id),
        category=_category(case_id, attachment_id),
    )
    found = _attachment(access.case, attachment_id, access.categories)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, case_id: UUID, attachment_id: UUID) -> HttpResponse:
    access = _access(
        request,
        case_id,
        object_type="plan_attachment",
        object_id=str(attachment_id),
        category=_category(case_id, attachment_id),
    )
    require_team_place(access)
    found = _attachment(access.case, attachment_id, access.categories)
    try:
        services.remove_attachment(access, found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect(reverse("plans:attachments", kwargs={"case_id": case_id}))
