"""Opening a case: the child found (by BSN) or registered with the parents, the case saved
with the opener as its regisseur and first team member, and, for an aanmelding accepted at an
SWV, the parents' consent it brought. Public through `cases.services`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.children.ages import decides_alone, parents_decide
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.children.validators import validate_date_of_birth
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent
from arrangeer.consents.rules import check_givers
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership

from . import journey
from .access import Actor, log_for_membership
from .constants import CASE_FLAGS, CaseStatus, Initiator, MemberBasis, MemberStatus
from .models import Case, TeamMember

CHILD_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "school",
    "group",
    "sector",
    "address",
    "phone",
    "email",
    "home_language",
    "interpreter_needed",
)
REPRESENTATIVE_FIELDS = (
    "first_name",
    "last_name",
    "relation",
    "has_authority",
    "email",
    "phone",
    "address",
)


def _own_membership(actor: Actor, membership: Membership) -> None:
    if membership.user_id != actor.user.pk or not membership.is_active:
        raise PermissionDenied(_("This is not one of your roles."))


def _initiator_for(membership: Membership, *, on_consent: bool = False) -> tuple[str, str]:
    """School coordinators open cases for their own pupils; youth team workers for a signal
    from outside school (DOMAIN.md). The creator becomes the first regisseur. With
    `on_consent` (an aanmelding accepted at an SWV), the SWV's education specialist opens it
    on the education side, on the parents' consent for the SWV: the SWV has no legal task of
    its own in the access layer."""
    org_type = membership.organisation.type
    if on_consent and membership.role == Role.SWV_SPECIALIST and org_type == OrganisationType.SWV:
        return Initiator.SCHOOL, MemberBasis.CONSENT
    if membership.role == Role.COORDINATOR and org_type == OrganisationType.SCHOOL:
        return Initiator.SCHOOL, MemberBasis.LEGAL_TASK_SCHOOL
    if membership.role == Role.YOUTH_WORKER and org_type == OrganisationType.YOUTH_TEAM:
        return Initiator.YOUTH_TEAM, MemberBasis.LEGAL_TASK_YOUTH_TEAM
    raise PermissionDenied(
        _("Only a school's support coordinator or a youth team worker can open a case.")
    )


def _find_or_make_child(
    child_fields: Mapping[str, Any], representatives: Sequence[Mapping[str, Any]]
) -> Child:
    bsn = (child_fields.get("bsn") or "").strip()
    if bsn:
        existing = Child.objects.filter(bsn=bsn).first()
        if existing is not None:
            same = (
                existing.date_of_birth == child_fields.get("date_of_birth")
                and existing.last_name.casefold()
                == str(child_fields.get("last_name", "")).casefold()
            )
            if not same:
                raise ValidationError(
                    {
                        "bsn": _(
                            "This BSN is registered with another name or date of birth. "
                            "Check the details."
                        )
                    }
                )
            return existing
    child = Child(**{name: child_fields[name] for name in CHILD_FIELDS if name in child_fields})
    child.bsn = bsn
    if child.school is not None and not child.sector:
        child.sector = child.school.sector
    child.full_clean()
    child.save()
    for rep in representatives:
        representative = LegalRepresentative(
            child=child, **{k: rep[k] for k in REPRESENTATIVE_FIELDS if k in rep}
        )
        representative.full_clean()
        representative.save()
    return child


@transaction.atomic
def open_case(
    *,
    actor: Actor,
    membership: Membership,
    child_fields: Mapping[str, Any],
    representatives: Sequence[Mapping[str, Any]] = (),
    flags: Mapping[str, bool] | None = None,
    thuiszitter_since: dt.date | None = None,
    consent: Mapping[str, Any] | None = None,
) -> Case:
    """Open a case with the opener as its regisseur and first team member. `consent` is for
    a place that stands on consent (an SWV accepting an aanmelding): the parents' consent the
    referrer recorded, written as the team's consent for the opener's organisation in the
    same transaction (`categories`, `purpose`, `evidence`, `evidence_note`, `valid_from`,
    `parent_last_name` to find who gave it)."""
    _own_membership(actor, membership)
    initiator, basis = _initiator_for(membership, on_consent=consent is not None)
    child = _child_to_open(membership, initiator, child_fields, representatives)
    case = _new_case(actor, membership, child, initiator, flags, thuiszitter_since)
    now = timezone.now()
    given: Consent | None = None
    if basis == MemberBasis.CONSENT:
        assert consent is not None
        given = _consent_at_opening(actor, case, membership, consent)
    TeamMember.objects.create(
        case=case,
        membership=membership,
        status=MemberStatus.ACTIVE,
        basis=basis,
        proposed_by=actor.user,
        decided_at=now,
        decided_by=actor.user,
    )
    journey.start_route(case, user=actor.user, membership=membership, at=now)
    log_for_membership(actor, case, membership, event=Event.CREATE, object_type="case", basis=basis)
    if given is not None:
        log_for_membership(
            actor,
            case,
            membership,
            event=Event.CREATE,
            object_type="consent",
            object_id=str(given.uuid),
            basis=basis,
        )
    return case


def _child_to_open(
    membership: Membership,
    initiator: str,
    child_fields: Mapping[str, Any],
    representatives: Sequence[Mapping[str, Any]],
) -> Child:
    """The child a case opens for, found or made; a school opens only for its own pupil."""
    fields = dict(child_fields)
    at_school = membership.organisation.type == OrganisationType.SCHOOL
    if initiator == Initiator.SCHOOL and at_school:
        fields["school"] = membership.organisation
    dob = fields.get("date_of_birth")
    if isinstance(dob, dt.date):
        try:
            validate_date_of_birth(dob)
        except ValidationError as error:
            raise ValidationError({"date_of_birth": error.messages}) from error
    child = _find_or_make_child(fields, representatives)
    if (
        at_school
        and initiator == Initiator.SCHOOL
        and child.school_id != membership.organisation_id
    ):
        raise ValidationError(
            _(
                "This child is not registered as a pupil of your school; "
                "a youth team can open the case."
            )
        )
    return child


def _new_case(
    actor: Actor,
    membership: Membership,
    child: Child,
    initiator: str,
    flags: Mapping[str, bool] | None,
    thuiszitter_since: dt.date | None,
) -> Case:
    """The case saved, with the opener as regisseur: one open case per child and region."""
    region = membership.organisation.region
    if Case.objects.filter(child=child, region=region, status=CaseStatus.OPEN).exists():
        raise ValidationError(_("This child already has an open case in this region."))
    case = Case(
        child=child,
        region=region,
        initiator=initiator,
        initiating_organisation=membership.organisation,
        regisseur=actor.user,
        created_by=actor.user,
        **{flag: bool((flags or {}).get(flag)) for flag in CASE_FLAGS},
    )
    if case.is_thuiszitter:
        case.thuiszitter_since = thuiszitter_since or timezone.localdate()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # a concurrent second open case for the same child
        raise ValidationError(_("This child already has an open case in this region.")) from exc
    return case


def _consent_at_opening(
    actor: Actor, case: Case, membership: Membership, consent: Mapping[str, Any]
) -> Consent:
    """The team's consent for the opener's organisation, from the consent recorded with an
    aanmelding: given by the parent with gezag the aanmelding names (or the young person
    alone from 16, with a parent from 12), checked by the consent rules of the child's age."""
    child = case.child
    day = timezone.localdate()
    band = child.age_band(day)
    representative = None
    if not decides_alone(band):
        parents = [r for r in child.representatives.all() if r.has_authority]
        named = str(consent.get("parent_last_name", "")).casefold()
        parents.sort(key=lambda r: (r.last_name.casefold() != named, r.pk))
        representative = parents[0] if parents else None
    if representative is None and not decides_alone(band):
        raise ValidationError(
            _(
                "The consent of the aanmelding needs a parent or carer with parental "
                "authority; the aanmelding names none."
            )
        )
    by_child = not parents_decide(band)
    check_givers(child, representative=representative, by_child=by_child, day=day)
    valid_from = consent.get("valid_from") or day
    given = Consent(
        case=case,
        organisation=membership.organisation,
        categories=sorted(set(consent["categories"])),
        purpose=str(consent["purpose"]),
        purpose_kind=ConsentPurpose.TEAM,
        given_by_representative=representative,
        given_by_child=by_child,
        age_band_at_giving=band,
        valid_from=valid_from,
        evidence=str(consent["evidence"]),
        evidence_note=str(consent.get("evidence_note", ""))[:300],
        recorded_by=actor.user,
    )
    given.full_clean()
    given.save()
    return given
