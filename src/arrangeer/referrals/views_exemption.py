"""The vrijstellingen van de leerplicht of a case: /dossiers/<case>/vrijstellingen/. The page
gets the case through `access_case` (the education data); leerplicht records one here."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrangeer.cases.access import Actor, access_case
from arrangeer.core.forms_util import add_service_errors

from . import exemptions
from .constants import EXEMPTION_CATEGORY
from .forms import ExemptionForm


@login_required
@require_http_methods(["GET", "POST"])
def exemptions_page(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request),
        case_id,
        object_type="exemption",
        category=EXEMPTION_CATEGORY,
    )
    if not exemptions.may_read_exemptions(access):
        raise Http404
    may_record = exemptions.may_record_exemption(access)
    form = ExemptionForm(request.POST or None) if may_record else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                exemptions.record_exemption(access, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The vrijstelling is recorded."))
                return redirect("exemptions:overview", case_id=case_id)
    return render(
        request,
        "referrals/exemptions.html",
        {
            "access": access,
            "case": access.case,
            "exemptions": exemptions.exemptions_of(access),
            "form": form,
        },
    )
