"""Writing the Loket's data: asking, advising, taking an advice over, following it up, and
registering that an organisation knows a child (with the match it may make). Each is one
transaction; every act on a case goes through its access and is logged.

The consult's writes (asking, the gouden driehoek, advising, taking over, following up) are in
`consults` and imported back here; this module holds "known in both domains" (a registration,
a signal, the match and the mail it sends), so the queued mail keeps its name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import Child
from arrangeer.children.validators import validate_bsn
from arrangeer.core import tasks
from arrangeer.organisations.models import Membership

from . import rules
from .constants import Domain, Source
from .consults import LOKET_PURPOSE_TEXT as LOKET_PURPOSE_TEXT
from .consults import MODULE_CATEGORY as MODULE_CATEGORY
from .consults import advise as advise
from .consults import ask_loket as ask_loket
from .consults import loket_consent as loket_consent
from .consults import plan_driehoek as plan_driehoek
from .consults import record_follow_up as record_follow_up
from .consults import take_over_module as take_over_module
from .consults import take_over_partner as take_over_partner
from .models import Match, Registration

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
