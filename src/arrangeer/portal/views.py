"""The family's pages: home, account, consents, the agreement with the plan and the file.
Every page gets its case through access.access_family_case, which logs the read; every write
goes through the service of its aggregate. The child's voice: views_voice; the MDO:
views_meetings; the professional side: views_professional."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.accounts import services as accounts_services
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases import consents as consent_services
from arrangeer.cases import notices
from arrangeer.cases.access import Actor, CaseAccess, access_family_case, family_cases, log_listed
from arrangeer.cases.export import file_data, file_pdf
from arrangeer.cases.models import Case
from arrangeer.cases.partners import family_organisations
from arrangeer.children.ages import decides_together
from arrangeer.consents.models import Consent, ParentSharing
from arrangeer.core.forms_util import add_service_errors
from arrangeer.escalations import selectors as escalation_selectors
from arrangeer.identity import services as identity_services
from arrangeer.loket import selectors as loket_selectors
from arrangeer.meetings import selectors as meeting_selectors
from arrangeer.organisations.models import Organisation
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import AgreementDecision
from arrangeer.plans.models import PlanVersion
from arrangeer.vocabulary import DataCategory

from . import gifts, plain, services
from .forms import AgreementForm, ConsentForm, MailPreferencesForm, SharingForm
from .models import FamilyMessage, MessageKind
from .views_common import said, user_of
from .who_looked import who_looked as who_looked_lines


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if user.is_professional:
        raise Http404  # a professional's account never reaches the portal
    cases = list(family_cases(user).select_related("child").order_by("-status", "pk"))
    if len(cases) == 1:
        return redirect("portal:home", case_id=cases[0].uuid)  # the page itself is logged
    # The children's names on the list are read like any other child data: one record each.
    log_listed(Actor.from_request(request), cases)
    return render(request, "portal/index.html", {"cases": cases})


@login_required
@require_GET
def home(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_family_case(Actor.from_request(request), case_id)
    plan = plan_services.plan_view(access)
    case = access.case
    last = services.last_approved_meeting(access)
    step = case.current_step
    return render(
        request,
        "portal/home.html",
        {
            "access": access,
            "case": case,
            "place": access.family,
            "team": services.team_for_family(access),
            "step": step,
            "plan": plan,
            "todos": services.todos(access, versions=plan.versions if plan.plan else None),
            "meetings": services.upcoming_meetings(access),
            "held": meeting_selectors.meeting_view(access, last) if last else None,
            "paying": escalation_selectors.open_for_family(access),
            "known": loket_selectors.for_family(access),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The family member's own account: which mails they get, and when. Stored per person,
    for all their children's plans."""
    user = user_of(request)
    if user.is_professional:
        raise Http404
    kinds = notices.kinds_for(user)
    current = notices.moments_of(user)
    form = MailPreferencesForm(
        request.POST or None, kinds=kinds, initial={k: current[k] for k in kinds}
    )
    if request.method == "POST" and form.is_valid():
        try:
            notices.set_mail_preferences(user, acting_user=user, moments=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. We mail you as you chose."))
            return redirect("portal:account")
    return render(
        request,
        "portal/account.html",
        {
            "form": form,
            "cases": list(family_cases(user).order_by("pk").values_list("uuid", flat=True)),
        },
    )


def _organisation_choices(case: Case) -> list[tuple[str, str]]:
    return [(str(o.pk), o.name) for o in family_organisations(case)]


@login_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_family_case(Actor.from_request(request), case_id)
    place = access.family
    assert place is not None
    together = decides_together(place.band)
    form = ConsentForm(
        request.POST or None,
        organisations=_organisation_choices(access.case),
        together=together,
        young=place.is_child,
    )
    if request.method == "POST":
        if not place.can_decide_consent:
            raise PermissionDenied(_("You cannot give or withdraw consent for this child."))
        if form.is_valid():
            organisation = Organisation.objects.filter(pk=form.cleaned_data["organisation"]).first()
            try:
                consent_services.give_consent_in_portal(
                    access,
                    organisation=organisation,
                    categories=form.cleaned_data["categories"],
                    purpose="",
                    together=bool(form.cleaned_data.get("together")),
                    given_with=identity_services.consent_given_with(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    said(
                        request,
                        parent=_("Thank you. Your consent is recorded."),
                        young=pgettext("jongere", "Thank you. Your consent is recorded."),
                    ),
                )
                return redirect("portal:consents", case_id=case_id)
    return render(
        request,
        "portal/consents.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "form": form,
            "consents": _consents_given(access),
            "categories": DataCategory.choices,
            "sharing_form": _sharing_form(access),
        },
    )


def _consents_given(access: CaseAccess) -> list[Consent]:
    """The case's consents, newest first, each with the family's withdrawal of it (if any)."""
    given = list(
        Consent.objects.filter(case=access.case)
        .select_related("organisation")
        .order_by("-recorded_at")
    )
    withdrawals = {
        m.consent_id: m
        for m in FamilyMessage.objects.visible_to(access).filter(kind=MessageKind.CONSENT_WITHDRAWN)
    }
    for consent in given:
        consent.family_message = withdrawals.get(consent.pk)  # type: ignore[attr-defined]
    return given


def _sharing_form(access: CaseAccess) -> SharingForm | None:
    place = access.family
    if place is None or not place.chooses_what_parents_see:
        return None
    latest = ParentSharing.objects.filter(case=access.case).order_by("-recorded_at", "-pk").first()
    return SharingForm(initial={"categories": list(latest.categories) if latest else []})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, case_id: UUID, consent_id: UUID) -> HttpResponse:
    access = access_family_case(
        Actor.from_request(request), case_id, event=Event.CHANGE, object_type="consent"
    )
    consent = Consent.objects.filter(case=access.case, uuid=consent_id).first()
    if consent is None:
        raise Http404
    place = access.family
    assert place is not None
    if not place.can_decide_consent:
        raise PermissionDenied(_("You cannot give or withdraw consent for this child."))
    try:
        gifts.withdraw_consent(access, consent, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consent is withdrawn."))
    return redirect("portal:consents", case_id=case_id)


def _agreed_before(access: CaseAccess, version: PlanVersion) -> tuple[PlanVersion | None, bool]:
    """The version the reader compares with, and whether they agreed to it themselves: for a
    parent the last one they agreed to, for the others (and a parent who never agreed) the
    last one adopted."""
    earlier = PlanVersion.objects.filter(plan=version.plan, number__lt=version.number)
    place = access.family
    if place is not None and place.representative is not None:
        mine = (
            earlier.filter(
                agreements__representative=place.representative,
                agreements__decision=AgreementDecision.AGREES,
            )
            .order_by("-number")
            .first()
        )
        if mine is not None:
            return mine, True
    return earlier.filter(adopted_at__isnull=False).order_by("-number").first(), False


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_family_case(Actor.from_request(request), case_id, object_type="plan_version")
    place = access.family
    assert place is not None
    user = user_of(request)
    version = plan_services.version_for_family(access)
    form = AgreementForm(
        request.POST or None,
        initial={"content_hash": version.content_hash[:8] if version else ""},
    )
    if request.method == "POST":
        if not place.can_agree:
            raise PermissionDenied(_("Only a parent with parental authority agrees."))
        if "send_code" in request.POST:
            form = _send_code(request, user, version)
        elif form.is_valid() and _sign(request, access, form):
            messages.success(request, _("Thank you. Your decision is signed and recorded."))
            return redirect("portal:agreement", case_id=case_id)
    return render(
        request,
        "portal/agreement.html",
        {
            **_versions_compared(access, version),
            "access": access,
            "case": access.case,
            "place": place,
            "version": version,
            "form": form,
            "has_mail_device": accounts_services.has_mail_device(user),
            "signs_with_digid": identity_services.signs_with_digid(request),
        },
    )


def _send_code(request: HttpRequest, user: User, version: PlanVersion | None) -> AgreementForm:
    """Mail a code to sign with; the form comes back as it was filled in."""
    if accounts_services.send_mail_code(user, enrolling=False):
        messages.info(request, _("We sent a code to your e-mail address. It works 10 minutes."))
    else:
        messages.error(request, _("We cannot mail you a code. Use the code in your app."))
    return AgreementForm(
        initial={
            "content_hash": version.content_hash[:8] if version else "",
            "decision": request.POST.get("decision", ""),
            "reason": request.POST.get("reason", ""),
        }
    )


def _sign(request: HttpRequest, access: CaseAccess, form: AgreementForm) -> bool:
    """Record the parent's signed decision; False (with the errors on the form) when refused."""
    try:
        plan_services.agree_in_portal(
            access,
            content_hash=form.cleaned_data["content_hash"],
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            second_factor_code=form.cleaned_data["second_factor_code"],
            signed_with_digid=identity_services.signs_with_digid(request),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


def _versions_compared(access: CaseAccess, version: PlanVersion | None) -> dict[str, Any]:
    """The version in plain words, the reader's own decision on it, and what changed since
    the version they compare with."""
    if version is None:
        return {
            "goals": [],
            "help_given": [],
            "before": None,
            "agreed_before": False,
            "changes": None,
            "mine": None,
        }
    place = access.family
    mine = None
    if place is not None and place.representative is not None:
        mine = version.agreements.filter(representative=place.representative).first()
    before, agreed_before = _agreed_before(access, version)
    changes = None
    if before is not None:
        changes = plain.changes(before.content, version.content, access.categories)
    return {
        "goals": plain.goals(version.content, access.categories),
        "help_given": plain.help_given(version.content, access.categories),
        "before": before,
        "agreed_before": agreed_before,
        "changes": changes,
        "mine": mine,
    }


def _require_file_rights(access_place: object) -> None:
    from arrangeer.cases.access import FamilyPlace

    if not isinstance(access_place, FamilyPlace) or not access_place.can_see_file:
        raise Http404


@login_required
@require_GET
def who_looked(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_family_case(Actor.from_request(request), case_id, object_type="access_log")
    _require_file_rights(access.family)
    page, lines = who_looked_lines(access, request.GET.get("pagina"))
    return render(
        request,
        "portal/who_looked.html",
        {
            "access": access,
            "case": access.case,
            "place": access.family,
            "page": page,
            "lines": lines,
        },
    )


@login_required
@require_GET
def download(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_family_case(
        Actor.from_request(request), case_id, event=Event.EXPORT, object_type="file"
    )
    _require_file_rights(access.family)
    response = HttpResponse(file_pdf(access), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{str(access.case.uuid)[:8]}.pdf"'
    )
    return response


@login_required
@require_GET
def download_json(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The same file as data (JSON), to keep or to take elsewhere."""
    access = access_family_case(
        Actor.from_request(request), case_id, event=Event.EXPORT, object_type="file"
    )
    _require_file_rights(access.family)
    body = json.dumps(file_data(access), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="dossier-{str(access.case.uuid)[:8]}.json"'
    )
    return response


@login_required
@require_POST
def share_with_parents(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """From 16 the young person chooses what their parents see in the portal."""
    access = access_family_case(
        Actor.from_request(request), case_id, event=Event.CHANGE, object_type="parent_sharing"
    )
    place = access.family
    assert place is not None
    if not place.chooses_what_parents_see:
        raise PermissionDenied(_("From 16, only the young person chooses what parents see."))
    form = SharingForm(request.POST)
    if form.is_valid():
        consent_services.share_with_parents(access, categories=form.cleaned_data["categories"])
        messages.success(request, _("Saved. Your parents now see what you chose."))
    return redirect("portal:consents", case_id=case_id)
