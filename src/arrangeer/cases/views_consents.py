from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.forms import ConsentForm, FamilyDecisionForm
from arrangeer.consents.models import Consent
from arrangeer.core.forms_util import add_service_errors
from arrangeer.organisations.models import Organisation

from . import consents as services
from .partners import choosable_organisations


@login_required
@require_http_methods(["GET"])
def consent_list(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="consent"
    )
    consents = list(
        Consent.objects.filter(case=access.case)
        .select_related(
            "organisation", "given_by_representative", "withdrawn_by_representative", "recorded_by"
        )
        .order_by("-recorded_at")
    )
    band = access.case.child.age_band()
    return render(
        request,
        "cases/consent_list.html",
        {
            "access": access,
            "case": access.case,
            "consents": consents,
            "today": timezone.localdate(),
            "band": band,
            "withdraw_form": FamilyDecisionForm(child=access.case.child),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="consent"
    )
    organisations = choosable_organisations(access.case)
    proposal = services.proposed_consent(access)
    proposed = proposal.get("organisation")
    if isinstance(proposed, Organisation) and not organisations.filter(pk=proposed.pk).exists():
        proposal.pop("organisation")
    form = ConsentForm(
        request.POST or None,
        child=access.case.child,
        organisations=organisations,
        initial={"valid_from": timezone.localdate(), **proposal},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                access,
                organisation=data["organisation"],
                categories=data["categories"],
                purpose=data["purpose"],
                given_by_representative=data["representative"],
                given_by_child=data["by_child"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                evidence=data["evidence"],
                evidence_note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("cases:consents", case_id=case_id)
    return render(
        request,
        "cases/consent_new.html",
        {
            "access": access,
            "case": access.case,
            "form": form,
            "band": access.case.child.age_band(),
            "proposal": proposal,
        },
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, case_id: UUID, consent_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="consent"
    )
    consent = Consent.objects.filter(case=access.case, uuid=consent_id).first()
    if consent is None:
        raise Http404
    form = FamilyDecisionForm(request.POST, child=access.case.child)
    if not form.is_valid():
        messages.error(request, _("The form was not complete."))
        return redirect("cases:consents", case_id=case_id)
    try:
        services.withdraw_consent(
            access,
            consent,
            by_representative=form.cleaned_data["representative"],
            by_child=form.cleaned_data["by_child"],
            reason=form.cleaned_data["note"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The consent was withdrawn. Access that rested on it has ended."),
        )
    return redirect("cases:consents", case_id=case_id)
