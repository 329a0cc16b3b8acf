"""Attachments of the plan: upload, list, download (only here, through the access layer and
logged) and remove."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor, CaseAccess, access_item
from arrangeer.core.forms_util import add_service_errors

from . import services
from .forms import AttachmentForm
from .models import Attachment
from .services.common import require_team_place
from .views import _access


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
        Attachment.objects.visible_to(access).select_related("uploaded_by").order_by("-uploaded_at")
    )
    return render(
        request,
        "plans/attachments.html",
        {"access": access, "case": access.case, "form": form, "files": files},
        status=400 if form is not None and form.errors else 200,
    )


def _attachment(
    request: HttpRequest, case_id: UUID, attachment_id: UUID, **kwargs: Any
) -> tuple[CaseAccess, Attachment]:
    """The case's access and one file of it this person may see (`access_item`)."""
    access, found = access_item(
        Actor.from_request(request),
        case_id,
        Attachment.objects.exclude(file=""),
        attachment_id,
        object_type="plan_attachment",
        **kwargs,
    )
    assert isinstance(found, Attachment)
    return access, found


@login_required
@require_GET
def attachment_download(request: HttpRequest, case_id: UUID, attachment_id: UUID) -> FileResponse:
    found = _attachment(request, case_id, attachment_id, event=Event.EXPORT)[1]
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
    access, found = _attachment(request, case_id, attachment_id)
    require_team_place(access)
    try:
        services.remove_attachment(access, found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect(reverse("plans:attachments", kwargs={"case_id": case_id}))
