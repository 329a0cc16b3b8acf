"""The Loket's consult on a case: asking the Loket (with the family's consent for its
advice), planning the gouden driehoek, advising, taking the advice's proposals over into
the team and the plan, and following it up. Each is one transaction; every act on the
case goes through its access and is logged. Other apps import these from `services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import consents as case_consents
from arrangeer.cases import services as case_services
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.cases.models import Case, TeamMember
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import Side
from arrangeer.plans.models import Goal, Module
from arrangeer.vocabulary import DataCategory

from . import rules
from .constants import ConsultStatus, ProposalKind, Urgency
from .models import Consult, Proposal

LOKET_PURPOSE_TEXT = "Advies van het Integraal Loket over de aanpak, met voorstellen voor het plan"

# The plan's data category of a module taken over, by its side.
MODULE_CATEGORY: dict[str, str] = {
    Side.EDUCATION: DataCategory.EDUCATION,
    Side.CARE: DataCategory.YOUTH_CARE,
}


def loket_consent(case: Case, loket: Organisation, *, day: dt.date | None = None) -> Consent | None:
    """The family's active consent for this Loket's advice on this case, if any."""
    return (
        Consent.objects.active_on(day or timezone.localdate())
        .for_purpose(ConsentPurpose.LOKET)
        .filter(case=case, organisation=loket)
        .order_by("-recorded_at", "-pk")
        .first()
    )


@transaction.atomic
def ask_loket(
    access: CaseAccess,
    *,
    loket: Organisation,
    question: str,
    tried: str,
    urgency: str,
    consent: Mapping[str, Any] | None = None,
) -> Consult:
    """Ask the Loket for advice. Without an active consent of the family for the Loket, the
    consent is recorded with the question (by the regisseur, as every consent)."""
    if not rules.may_ask(access):
        raise PermissionDenied(
            _(
                "An intern begeleider, SWV specialist or youth-team worker on the team asks "
                "the Loket for advice."
            )
        )
    assert access.member is not None
    errors: dict[str, str] = {}
    if loket.type != OrganisationType.INTEGRAL_DESK or loket.region_id != access.case.region_id:
        errors["loket"] = _("Choose an Integraal Loket of the case's region.")
    if not question.strip():
        errors["question"] = _("Write the question for the Loket.")
    if not tried.strip():
        errors["tried"] = _("Write what was already tried, and its effect.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    given = _loket_consent(access, loket, consent, today)
    now = timezone.now()
    consult = Consult.objects.create(
        case=access.case,
        loket=loket,
        consent=given,
        question=question.strip(),
        tried=tried.strip(),
        urgency=urgency,
        asked_by=access.user,
        asked_as=access.member.membership,
        asked_at=now,
        due_on=rules.due_on(access.case.region, today),
    )
    log_change(access, event=Event.CREATE, object_type="loket_consult", object_id=str(consult.uuid))
    return consult


def _loket_consent(
    access: CaseAccess, loket: Organisation, consent: Mapping[str, Any] | None, today: dt.date
) -> Consent:
    """The family's active consent for the Loket, or the one recorded with the question."""
    given = loket_consent(access.case, loket, day=today)
    if given is not None:
        return given
    if not consent:
        raise ValidationError(
            _("The parents' consent for the Loket is needed: record who gave it and how.")
        )
    return case_consents.record_consent(
        access,
        organisation=loket,
        categories=consent.get("categories") or (),
        purpose=LOKET_PURPOSE_TEXT,
        purpose_kind=ConsentPurpose.LOKET,
        given_by_representative=consent.get("representative"),
        given_by_child=bool(consent.get("by_child")),
        valid_from=today,
        valid_until=consent.get("valid_until"),
        evidence=str(consent.get("evidence") or ""),
        evidence_note=str(consent.get("note") or ""),
    )


def _lock(consult: Consult) -> Consult:
    return Consult.objects.select_for_update().get(pk=consult.pk)


@transaction.atomic
def plan_driehoek(
    access: CaseAccess,
    consult: Consult,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    room: str = "",
    video_link: str = "",
    category: str = DataCategory.EDUCATION,
    confirm_overlap: bool = False,
) -> Meeting:
    """The Loket's adviser meets the gouden driehoek about the question (000): a meeting of
    its own kind with the MDO's planning (`meetings.services.plan_driehoek`), inside the
    family's consent for the Loket. One per question while it is not cancelled."""
    if not rules.may_advise(access, consult):
        raise PermissionDenied(_("Only an adviser of this Loket plans the gouden driehoek."))
    locked = _lock(consult)
    if locked.status != ConsultStatus.ASKED:
        raise ValidationError(_("The advice has been given: the gouden driehoek came before."))
    if locked.meeting is not None and locked.meeting.status != MeetingStatus.CANCELLED:
        raise ValidationError(_("The gouden driehoek for this question is planned already."))
    meeting = meeting_services.plan_driehoek(
        access,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        room=room,
        video_link=video_link,
        category=category,
        confirm_overlap=confirm_overlap,
    )
    locked.meeting = meeting
    locked.save(update_fields=["meeting"])
    log_change(access, object_type="loket_consult", object_id=str(locked.uuid))
    return meeting


@transaction.atomic
def advise(
    access: CaseAccess,
    consult: Consult,
    *,
    advice: str,
    route_step: str = "",
    partners: Iterable[Membership] = (),
    modules: Sequence[Mapping[str, Any]] = (),
) -> Consult:
    """The Loket's adviser writes the advice, with concrete proposals: partners to involve
    (people of the case's region in a casework role), modules (title, side, function,
    provider) and a step on the route."""
    if not rules.may_advise(access, consult):
        raise PermissionDenied(_("Only an adviser of this Loket writes the advice."))
    locked = _lock(consult)
    if locked.status != ConsultStatus.ASKED:
        raise ValidationError(_("This advice has already been given."))
    errors: dict[str, str] = {}
    if not advice.strip():
        errors["advice"] = _("Write the advice.")
    chosen = list(partners)
    for membership in chosen:
        if (
            not membership.is_active
            or membership.role not in CASEWORK_ROLES
            or membership.organisation.region_id != access.case.region_id
        ):
            errors["partners"] = _("Choose professionals of the case's region.")
    for module in modules:
        provider = module.get("provider")
        if not str(module.get("title") or "").strip() or module.get("side") not in Side.values:
            errors["modules"] = _("Give each proposed module a title and a side.")
        elif provider is not None and provider.region_id != access.case.region_id:
            errors["modules"] = _("Choose a provider of the case's region.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for membership in chosen:
        Proposal.objects.create(consult=locked, kind=ProposalKind.PARTNER, membership=membership)
    for module in modules:
        Proposal.objects.create(
            consult=locked,
            kind=ProposalKind.MODULE,
            title=str(module["title"]).strip(),
            side=module["side"],
            function=module.get("function") or "",
            provider=module.get("provider"),
        )
    locked.advice = advice.strip()
    locked.route_step = route_step.strip()
    locked.advised_by = access.user
    locked.advised_as = access.seat
    locked.advised_at = now
    locked.status = ConsultStatus.ADVISED
    locked.save()
    log_change(access, event=Event.CHANGE, object_type="loket_consult", object_id=str(locked.uuid))
    return locked


def _proposal_open(access: CaseAccess, consult: Consult, proposal: Proposal) -> Proposal:
    if not rules.may_take_over(access, consult):
        raise PermissionDenied(_("Who asked for the advice, or the regisseur, takes it over."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk, consult=consult)
    if consult.status == ConsultStatus.ASKED:
        raise ValidationError(_("The advice has not been given yet."))
    if locked.taken_over_at is not None:
        raise ValidationError(_("This proposal has already been taken over."))
    return locked


def _taken(access: CaseAccess, proposal: Proposal) -> None:
    proposal.taken_over_at = timezone.now()
    proposal.taken_over_by = access.user
    proposal.save(update_fields=["taken_over_at", "taken_over_by"])


@transaction.atomic
def take_over_partner(access: CaseAccess, consult: Consult, proposal: Proposal) -> TeamMember:
    """The proposed partner onto the team proposal: the family approves the place, as for
    anyone proposed (cases.services.propose_team_member, the regisseur's act)."""
    locked = _proposal_open(access, consult, proposal)
    if locked.kind != ProposalKind.PARTNER or locked.membership is None:
        raise ValidationError(_("This proposal is not a partner."))
    member = case_services.propose_team_member(access, membership=locked.membership)
    _taken(access, locked)
    return member


@transaction.atomic
def take_over_module(
    access: CaseAccess,
    consult: Consult,
    proposal: Proposal,
    *,
    goals: Iterable[Goal],
    provider: Organisation | None,
    function: str,
    place: str,
    intensity: Decimal | None,
    intensity_unit: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    funding_framework: str,
    instrument: str,
    method_description: str = "",
    method_rationale: str = "",
) -> Module:
    """The proposed module as a draft module of the plan (plans.services.add_item), with what
    the plan needs besides the proposal: the goals it serves, place, intensity, period,
    funding and the method."""
    locked = _proposal_open(access, consult, proposal)
    if locked.kind != ProposalKind.MODULE:
        raise ValidationError(_("This proposal is not a module."))
    item = plan_services.add_item(
        access,
        kind="module",
        fields={
            "category": MODULE_CATEGORY.get(locked.side, DataCategory.EDUCATION),
            "title": locked.title,
            "side": locked.side,
            "provider": provider,
            "function": function,
            "place": place,
            "intensity": intensity,
            "intensity_unit": intensity_unit,
            "start_date": start_date,
            "end_date": end_date,
            "funding_framework": funding_framework,
            "instrument": instrument,
            "method_description": method_description.strip(),
            "method_rationale": method_rationale.strip(),
            "goals": list(goals),
        },
    )
    _taken(access, locked)
    assert isinstance(item, Module)
    return item


@transaction.atomic
def record_follow_up(access: CaseAccess, consult: Consult, *, outcome: str) -> Consult:
    """The asker records what was done with the advice."""
    if not rules.may_take_over(access, consult):
        raise PermissionDenied(_("Who asked for the advice, or the regisseur, records this."))
    locked = _lock(consult)
    if locked.status == ConsultStatus.ASKED:
        raise ValidationError(_("The advice has not been given yet."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write what was done with the advice.")})
    locked.outcome = outcome.strip()
    locked.outcome_by = access.user
    locked.outcome_at = timezone.now()
    locked.status = ConsultStatus.FOLLOWED_UP
    locked.save(update_fields=["outcome", "outcome_by", "outcome_at", "status"])
    log_change(access, event=Event.CHANGE, object_type="loket_consult", object_id=str(locked.uuid))
    return locked
