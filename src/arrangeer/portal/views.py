"""The family's pages. Every page gets its case through access.access_family_case, which
logs the read; every write goes through the service of its aggregate."""

from __future__ import annotations

import json
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.accounts import services as accounts_services
from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases import consents as consent_services
from arrangeer.cases import notices
from arrangeer.cases.access import (
    Actor,
    CaseAccess,
    access_case,
    access_family_case,
    family_cases,
    log_listed,
)
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
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import InviteeStatus, MeetingStatus
from arrangeer.meetings.models import Preparation
from arrangeer.organisations.models import Organisation
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import AgreementDecision, EntrySource
from arrangeer.plans.models import DomainEntry, PlanVersion
from arrangeer.vocabulary import DataCategory

from . import gifts, plain, services
from .forms import (
    AcceptForm,
    AgreementForm,
    ChildViewForm,
    ConsentForm,
    InviteeDecisionForm,
    InviteForm,
    LogbookForm,
    MailPreferencesForm,
    MeetingPreparationForm,
    ParentsViewForm,
    QuestionnaireForm,
    SharingForm,
    UploadForm,
)
from .models import ChildView, FamilyMessage, Invitation, MessageKind
from .who_looked import who_looked as who_looked_lines


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _said(request: HttpRequest, *, parent: str, young: str) -> str:
    """The same message for its reader: "je" for the young person, "u" for a parent. The
    young person's text is the English msgid in the "jongere" context."""
    return young if _user(request).is_young_person else parent


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
    user = _user(request)
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
                    _said(
                        request,
                        parent=_("Thank you. Your consent is recorded."),
                        young=pgettext("jongere", "Thank you. Your consent is recorded."),
                    ),
                )
                return redirect("portal:consents", case_id=case_id)
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
    return render(
        request,
        "portal/consents.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "form": form,
            "consents": given,
            "categories": DataCategory.choices,
            "sharing_form": _sharing_form(access),
        },
    )


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
    user = _user(request)
    version = plan_services.version_for_family(access)
    form = AgreementForm(
        request.POST or None,
        initial={"content_hash": version.content_hash[:8] if version else ""},
    )
    if request.method == "POST":
        if not place.can_agree:
            raise PermissionDenied(_("Only a parent with parental authority agrees."))
        if "send_code" in request.POST:
            if accounts_services.send_mail_code(user, enrolling=False):
                messages.info(
                    request, _("We sent a code to your e-mail address. It works 10 minutes.")
                )
            else:
                messages.error(request, _("We cannot mail you a code. Use the code in your app."))
            form = AgreementForm(
                initial={
                    "content_hash": version.content_hash[:8] if version else "",
                    "decision": request.POST.get("decision", ""),
                    "reason": request.POST.get("reason", ""),
                }
            )
        elif form.is_valid():
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
            else:
                messages.success(request, _("Thank you. Your decision is signed and recorded."))
                return redirect("portal:agreement", case_id=case_id)
    mine = None
    changes: list[str] | None = None
    before = None
    agreed_before = False
    if version is not None:
        if place.representative is not None:
            mine = version.agreements.filter(representative=place.representative).first()
        before, agreed_before = _agreed_before(access, version)
        if before is not None:
            changes = plain.changes(before.content, version.content, access.categories)
    return render(
        request,
        "portal/agreement.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "version": version,
            "goals": plain.goals(version.content, access.categories) if version else [],
            "help_given": plain.help_given(version.content, access.categories) if version else [],
            "before": before,
            "agreed_before": agreed_before,
            "changes": changes,
            "form": form,
            "mine": mine,
            "has_mail_device": accounts_services.has_mail_device(user),
            "signs_with_digid": identity_services.signs_with_digid(request),
        },
    )


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


# The professional side: inviting the family -----------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, case_id: UUID) -> HttpResponse:
    access = access_case(
        Actor.from_request(request), case_id, regisseur_only=True, object_type="invitation"
    )
    case = access.case
    representatives = list(case.child.representatives.all())
    choices = [(f"r{r.pk}", str(r)) for r in representatives]
    child_allowed = not services.too_young(case)
    if child_allowed:
        choices.append(("child", _("%(name)s (the young person)") % {"name": case.child}))
    form = InviteForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        invitee = form.cleaned_data["invitee"]
        representative = next((r for r in representatives if f"r{r.pk}" == invitee), None)
        try:
            services.invite(
                access,
                representative=representative,
                for_child=invitee == "child",
                email=form.cleaned_data["email"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("portal:invite", case_id=case_id)
    invitations = list(
        Invitation.objects.filter(case=case).select_related("representative").order_by("-pk")
    )
    return render(
        request,
        "portal/invite.html",
        {
            "case": case,
            "form": form,
            "invitations": invitations,
            "child_allowed": child_allowed,
        },
    )


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token)
    except services.InvitationUnusable:
        return render(request, "portal/invitation_unusable.html", status=410)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token, password=form.cleaned_data["password"])
        except services.InvitationUnusable:
            return render(request, "portal/invitation_unusable.html", status=410)
        except ValidationError as error:
            add_service_errors(form, ValidationError({"password": error.messages}))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:enrol")
    return render(
        request,
        "portal/accept.html",
        {"form": form, "invitation": invitation},
    )


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
    form = QuestionnaireForm(request.POST or None, young=_user(request).is_young_person)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_questionnaire(access, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _said(
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


# The MDO: who comes ----------------------------------------------------------------------


def _decision_form(invitee_pk: int, data: QueryDict | None = None) -> InviteeDecisionForm:
    return InviteeDecisionForm(data, prefix=f"i{invitee_pk}")


@login_required
@require_http_methods(["GET", "POST"])
def invitees(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    """ "Wie komt er naar het overleg?": a parent with gezag approves or refuses each proposed
    professional; the other parent and the young person read who is proposed."""
    access = access_family_case(Actor.from_request(request), case_id, object_type="meeting")
    place = access.family
    assert place is not None
    meeting = meeting_selectors.get_meeting(access, meeting_id)
    people = services.proposed_invitees(meeting)
    failed: InviteeDecisionForm | None = None
    failed_pk: int | None = None
    if request.method == "POST":
        if not place.has_authority:
            raise PermissionDenied(_("Only a parent with parental authority decides who comes."))
        chosen = next((i for i in people if str(i.uuid) == request.POST.get("invitee")), None)
        if chosen is None:
            raise Http404
        form = _decision_form(chosen.pk, request.POST)
        if form.is_valid():
            try:
                services.decide_invitee(
                    access,
                    chosen,
                    approve=form.cleaned_data["decision"] == "yes",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your answer is recorded."))
                return redirect("portal:invitees", case_id=case_id, meeting_id=meeting_id)
        failed, failed_pk = form, chosen.pk
    rows = [
        (
            invitee,
            (failed if invitee.pk == failed_pk else _decision_form(invitee.pk))
            if place.has_authority
            and meeting.status == MeetingStatus.PLANNED
            and invitee.status == InviteeStatus.PROPOSED
            else None,
        )
        for invitee in people
    ]
    return render(
        request,
        "portal/invitees.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "meeting": meeting,
            "rows": rows,
            "form": failed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_preparation(request: HttpRequest, case_id: UUID, meeting_id: UUID) -> HttpResponse:
    """Before the MDO: the parents' input (a parent with gezag), or "Hoe denk jij erover?" for
    the young person from 12. It reaches the participants like any preparation."""
    access = access_family_case(Actor.from_request(request), case_id, object_type="preparation")
    place = access.family
    assert place is not None
    meeting = meeting_selectors.get_meeting(access, meeting_id)
    form = MeetingPreparationForm(request.POST or None)
    if request.method == "POST":
        if not place.is_child and not place.has_authority:
            raise PermissionDenied(_("A parent without parental authority reads only."))
        if form.is_valid():
            try:
                meeting_services.add_preparation(
                    access, meeting, category=meeting.category, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _said(
                        request,
                        parent=_("Thank you. We will talk about it at the meeting."),
                        young=pgettext(
                            "jongere", "Thank you. We will talk about it at the meeting."
                        ),
                    ),
                )
                return redirect(
                    "portal:meeting_preparation", case_id=case_id, meeting_id=meeting_id
                )
    mine = list(
        Preparation.objects.filter(meeting=meeting, author=access.user).order_by("created_at")
    )
    return render(
        request,
        "portal/meeting_preparation.html",
        {
            "access": access,
            "case": access.case,
            "place": place,
            "meeting": meeting,
            "form": form,
            "mine": mine,
            "can_write": (place.is_child or place.has_authority)
            and meeting.status == MeetingStatus.PLANNED,
        },
    )


# The professional side: what the family gave ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def from_family(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """ "Van het gezin": the logbook, files, remarks and withdrawn consents the family gave in
    the portal, within what this person reads of it; the regisseur marks them as read."""
    access = access_case(
        Actor.from_request(request),
        case_id,
        event=Event.CHANGE if request.method == "POST" else Event.VIEW,
        object_type="family_message",
    )
    if request.method == "POST":
        count = gifts.mark_read(access, messages=request.POST.getlist("message"))
        if count:
            messages.success(request, _("Marked as read. The family sees that you read it."))
        return redirect("portal:from_family", case_id=case_id)
    given = gifts.family_messages(access)
    return render(
        request,
        "portal/from_family.html",
        {
            "access": access,
            "case": access.case,
            "given": given,
            "unread": [m for m in given if m.read_at is None],
        },
    )
