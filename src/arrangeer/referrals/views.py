"""The aanmelding's pages: /aanmeldingen/… The receiving school's coordinator reads and decides
(`access_referral(..., as_receiver=True)`); the referrer sends and follows the status
(`as_receiver=False`). What someone may not see looks like an aanmelding that does not
exist: 404."""

from __future__ import annotations

from typing import Any, TypedDict
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arrangeer.audit.constants import Event
from arrangeer.cases.access import Actor
from arrangeer.core.forms_util import add_service_errors
from arrangeer.organisations.constants import OrganisationType

from . import selectors, services
from .access import ReferralAccess, access_referral, log_referrals, receiving_memberships
from .constants import TEXT_FOR_REFERRER, ReferralStatus
from .forms import ReferralForm, TextForm


class TextSpec(TypedDict):
    name: str
    label: Any
    required: Any


QUESTION: TextSpec = {
    "name": "question",
    "label": gettext_lazy("What do you want to know?"),
    "required": gettext_lazy("Say what you want to know."),
}
DECLINE: TextSpec = {
    "name": "reason",
    "label": gettext_lazy("Why do you decline?"),
    "required": gettext_lazy("Give the reason for declining."),
}
ANSWER: TextSpec = {
    "name": "answer",
    "label": gettext_lazy("Your answer"),
    "required": gettext_lazy("Write your answer."),
}


@login_required
@require_GET
def incoming(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    memberships = list(receiving_memberships(actor.user))
    if not memberships:
        # Who only sends aanmeldingen lands on their own list.
        if services.referrer_memberships(actor):
            return redirect("referrals:sent")
        raise Http404
    referrals = selectors.incoming(actor.user)
    by_school = {m.organisation_id: m for m in memberships}
    log_referrals(
        actor,
        referrals,
        {r.pk: by_school[r.receiving_organisation_id] for r in referrals},
        event=Event.LIST,
    )
    return render(request, "referrals/incoming.html", {"referrals": referrals, "is_receiver": True})


@login_required
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    memberships = services.referrer_memberships(actor)
    if not memberships:
        raise Http404
    # Sent in a role that has ended: its status page is closed to them, so it is not listed.
    by_pk = {m.pk: m for m in memberships}
    referrals = list(
        selectors.sent(actor.user).filter(referrer_membership_id__in=list(by_pk))[
            : selectors.LIST_LIMIT
        ]
    )
    log_referrals(
        actor,
        referrals,
        {r.pk: by_pk[r.referrer_membership_id] for r in referrals},
        event=Event.LIST,
    )
    return render(
        request,
        "referrals/sent.html",
        {"referrals": referrals, "is_receiver": receiving_memberships(actor.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    memberships = services.referrer_memberships(actor)
    if not memberships:
        raise Http404
    form = ReferralForm(
        request.POST or None,
        memberships=memberships,
        schools=services.receiving_organisations(*memberships),
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.submit_referral(
                actor=actor,
                membership=form.cleaned_data["membership"],
                receiving_organisation=form.cleaned_data["receiving_organisation"],
                fields=form.fields_for_service(),
                consent_confirmed=form.cleaned_data["consent_confirmed"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The aanmelding is sent. Its reference is %(reference)s.")
                % {"reference": referral.reference},
            )
            return redirect("referrals:status", referral_id=referral.uuid)
    return render(request, "referrals/new.html", {"form": form})


def _detail(
    request: HttpRequest,
    access: ReferralAccess,
    *,
    question: TextForm | None = None,
    decline: TextForm | None = None,
    status: int = 200,
) -> HttpResponse:
    referral = access.referral
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "events": selectors.trail(access),
            "waiting": referral.status == ReferralStatus.SUBMITTED,
            "at_swv": access.membership.organisation.type == OrganisationType.SWV,
            "may_decline": referral.status in (ReferralStatus.SUBMITTED, ReferralStatus.QUESTION),
            "question_form": question or TextForm(**QUESTION),
            "decline_form": decline or TextForm(**DECLINE),
            "form": question if question is not None and question.errors else decline,
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    access = access_referral(Actor.from_request(request), referral_id, as_receiver=True)
    return _detail(request, access)


@login_required
@require_POST
def accept(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    access = access_referral(
        Actor.from_request(request), referral_id, as_receiver=True, event=Event.CHANGE
    )
    try:
        case = services.accept(access)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(_messages(error)))
        return redirect("referrals:detail", referral_id=referral_id)
    messages.success(
        request,
        _("The aanmelding is accepted and the case is open. Start the intake here."),
    )
    return redirect("intake:intake", case_id=case.uuid)


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


def _text_action(
    request: HttpRequest,
    referral_id: UUID,
    spec: TextSpec,
    action: Any,
    done: str,
    *,
    as_receiver: bool,
) -> HttpResponse:
    access = access_referral(
        Actor.from_request(request), referral_id, as_receiver=as_receiver, event=Event.CHANGE
    )
    form = TextForm(request.POST, **spec)
    if form.is_valid():
        try:
            action(access, **{spec["name"]: form.cleaned_data[spec["name"]]})
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, done)
            view = "referrals:detail" if as_receiver else "referrals:status"
            return redirect(view, referral_id=referral_id)
    if as_receiver:
        if spec is QUESTION:
            return _detail(request, access, question=form)
        return _detail(request, access, decline=form)
    return _status(request, access, answer=form)


@login_required
@require_POST
def ask(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    return _text_action(
        request,
        referral_id,
        QUESTION,
        services.ask_for_more,
        _("Your question is sent to the referrer."),
        as_receiver=True,
    )


@login_required
@require_POST
def decline(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    return _text_action(
        request,
        referral_id,
        DECLINE,
        services.decline,
        _("The aanmelding is declined; the referrer reads your reason."),
        as_receiver=True,
    )


def _status(
    request: HttpRequest, access: ReferralAccess, *, answer: TextForm | None = None
) -> HttpResponse:
    referral = access.referral
    events = [
        (event, event.text if event.kind in TEXT_FOR_REFERRER else "")
        for event in selectors.trail(access)
    ]
    return render(
        request,
        "referrals/status.html",
        {
            "referral": referral,
            "events": events,
            "outcome": referral.outcome if referral.outcome_may_be_shared else "",
            "answer_form": answer or TextForm(**ANSWER),
            "form": answer,
            "asks": referral.status == ReferralStatus.QUESTION,
        },
    )


@login_required
@require_GET
def status(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    access = access_referral(Actor.from_request(request), referral_id, as_receiver=False)
    return _status(request, access)


@login_required
@require_POST
def answer(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    return _text_action(
        request,
        referral_id,
        ANSWER,
        services.answer_question,
        _("Your answer is sent to the receiving school."),
        as_receiver=False,
    )
