"""Writing the Loket's data: asking, advising, taking an advice over, following it up, and
registering that an organisation knows a child (with the match it may make). Each is one
transaction; every act on a case goes through its access and is logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.cases import consents as case_consents
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, log_change
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import Child
from arrangeer.children.validators import validate_bsn
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent
from arrangeer.core import tasks
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
from .constants import ConsultStatus, Domain, ProposalKind, Source, Urgency
from .models import Consult, Match, Proposal, Registration

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


# --- Known in both domains ------------------------------------------------------------------

_BASIS_OF_DOMAIN = {
    Domain.EDUCATION: Basis.LEGAL_TASK_SCHOOL,
    Domain.YOUTH: Basis.LEGAL_TASK_YOUTH_TEAM,
}


def _match_records(actor: Actor, match: Match) -> list[AccessRecord]:
    """One access-log record per side: the contact told that the other side knows the child
    (basis: the side's legal duty to cooperate, docs/privacy.md)."""
    pseudonym = Child.objects.filter(bsn=match.education.bsn).values_list("pseudonym", flat=True)
    child_pseudonym = next(iter(pseudonym), None)
    records = []
    for side in (match.education, match.youth):
        contact = side.contact
        records.append(
            AccessRecord(
                event=Event.CREATE,
                outcome=Outcome.ALLOWED,
                channel=actor.channel,
                user_id=contact.user_id,
                username=contact.user.get_username(),
                role=contact.role,
                organisation_id=contact.organisation_id,
                organisation_name=contact.organisation.name,
                responsible_user_id=actor.user.pk,
                child_pseudonym=child_pseudonym,
                case_ref=side.case.uuid if side.case is not None else None,
                object_type="known_match",
                object_id=str(match.uuid),
                basis=_BASIS_OF_DOMAIN[Domain(side.domain)],
                client_address=actor.client_address,
            )
        )
    return records


@tasks.background
def _tell(match_id: int) -> None:
    """A mail to each side's contact, without child data: only that a match waits."""
    match = Match.objects.select_related("education__contact__user", "youth__contact__user").get(
        pk=match_id
    )
    link = settings.SITE_URL + reverse("loket_known:list")
    for side in (match.education, match.youth):
        address = side.contact.user.email
        if address:
            send_mail(
                _("Arrangeer: a child you know is also known elsewhere"),
                _(
                    "Another organisation in your region also knows a child your organisation "
                    "registered. See who, and whom to contact, in Arrangeer: %(url)s"
                )
                % {"url": link},
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )


@transaction.atomic
def register_known(
    actor: Actor,
    *,
    contact: Membership,
    bsn: str,
    child_name: str,
    source: str,
    case: Case | None = None,
) -> Registration | None:
    """Register that the contact's organisation knows the child, and match it with the other
    domain's registrations of the same BSN in the same region (never across regions). None
    when the organisation is on neither side or the BSN is unknown. An organisation's second
    registration of a child adds nothing: it is known already."""
    side = rules.domain_of(contact.organisation)
    if side is None or not bsn:
        return None
    region = contact.organisation.region
    existing = Registration.objects.filter(
        region=region, bsn=bsn, organisation=contact.organisation
    ).first()
    if existing is not None:
        if existing.case_id is None and case is not None:
            existing.case = case
            existing.save(update_fields=["case"])
        return existing
    registration = Registration.objects.create(
        region=region,
        bsn=bsn,
        domain=side,
        organisation=contact.organisation,
        contact=contact,
        case=case,
        child_name=child_name,
        source=source,
    )
    others = Registration.objects.filter(region=region, bsn=bsn).exclude(domain=side)
    matches = []
    for other in others.select_related("contact__user", "contact__organisation", "case"):
        education, youth = (
            (registration, other) if side == Domain.EDUCATION else (other, registration)
        )
        match = Match.objects.create(education=education, youth=youth)
        matches.append(match)
    if matches:
        write_access_records([r for m in matches for r in _match_records(actor, m)])
        for match in matches:
            tasks.on_commit(_tell, match.pk)
    return registration


@transaction.atomic
def record_signal(
    actor: Actor, *, membership: Membership, bsn: str, child_name: str
) -> Registration:
    """A youth-team worker records that the youth team knows a child (a signal, the
    Verwijsindex way): the BSN and a name to recognise the child by, nothing about why."""
    if membership.user_id != actor.user.pk or not membership.is_active:
        raise PermissionDenied
    if rules.domain_of(membership.organisation) != Domain.YOUTH:
        raise ValidationError({"membership": _("A youth team records a signal here.")})
    errors: dict[str, str] = {}
    try:
        validate_bsn(bsn)
    except ValidationError as error:
        errors["bsn"] = error.messages[0]
    if not child_name.strip():
        errors["child_name"] = _("Give the child's name, to recognise the child by.")
    if errors:
        raise ValidationError(errors)
    registration = register_known(
        actor, contact=membership, bsn=bsn, child_name=child_name.strip(), source=Source.SIGNAL
    )
    assert registration is not None
    return registration


def known_from_case(case: Case, *, source: str) -> Registration | None:
    """The case's side: the regisseur, in their place at the organisation that opened the
    case or on its team, registers that their organisation knows the child (called when a
    case is opened and when a thuiszitter is marked). Nothing for an organisation on
    neither side."""
    regisseur = case.regisseur
    if regisseur is None or not case.child.bsn:
        return None
    on_team = TeamMember.objects.filter(case=case, status=MemberStatus.ACTIVE).values(
        "membership_id"
    )
    places = (
        Membership.objects.active()
        .filter(user=regisseur)
        .filter(Q(organisation_id=case.initiating_organisation_id) | Q(pk__in=on_team))
        .select_related("organisation__region", "user")
        .order_by("pk")
    )
    contact = next((m for m in places if rules.domain_of(m.organisation) is not None), None)
    if contact is None:
        return None
    return register_known(
        Actor(regisseur),
        contact=contact,
        bsn=case.child.bsn,
        child_name=case.child.full_name,
        source=source,
        case=case,
    )


@transaction.atomic
def propose_from_match(access: CaseAccess, match: Match) -> TeamMember:
    """The button on a match: the regisseur of the case on one side proposes the other
    side's contact for the team (the family approves the place)."""
    own, other = (
        (match.education, match.youth)
        if match.education.case_id == access.case.pk
        else (match.youth, match.education)
    )
    if own.case_id != access.case.pk:
        raise PermissionDenied
    return case_services.propose_team_member(access, membership=other.contact)


def log_matches_shown(actor: Actor, told: Iterable[Any]) -> None:
    """One access-log record per match shown to its side's contact (a listing)."""
    records = []
    for item in told:
        own = item.own
        contact = own.contact
        pseudonym = Child.objects.filter(bsn=own.bsn).values_list("pseudonym", flat=True).first()
        records.append(
            AccessRecord(
                event=Event.LIST,
                outcome=Outcome.ALLOWED,
                channel=actor.channel,
                user_id=actor.user.pk,
                username=actor.user.get_username(),
                role=contact.role,
                organisation_id=contact.organisation_id,
                organisation_name=contact.organisation.name,
                responsible_user_id=actor.user.pk,
                child_pseudonym=pseudonym,
                case_ref=own.case.uuid if own.case is not None else None,
                object_type="known_match",
                object_id=str(item.match.uuid),
                basis=_BASIS_OF_DOMAIN[Domain(own.domain)],
                client_address=actor.client_address,
            )
        )
    if records:
        write_access_records(records)
