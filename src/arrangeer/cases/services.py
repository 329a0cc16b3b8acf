"""Public API of the cases app: open, close and reopen a case, manage its team, emergency
access. Every function is one transaction and writes the access log (ARCHITECTURE.md rule 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Basis, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.children.ages import decides_alone, parents_decide
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.children.validators import validate_date_of_birth
from arrangeer.consents.constants import ConsentPurpose
from arrangeer.consents.models import Consent
from arrangeer.consents.rules import check_givers
from arrangeer.core import tasks
from arrangeer.core.models_util import require_transition, require_version
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType, Role
from arrangeer.organisations.models import Membership
from arrangeer.routes import checklist

from . import journey
from .access import Actor, CaseAccess, log_change, log_for_membership, require_regisseur
from .constants import (
    CASE_FLAGS,
    CASE_TRANSITIONS,
    EMERGENCY_ACCESS_HOURS,
    MEMBER_TRANSITIONS,
    CaseStatus,
    CloseReason,
    Destination,
    Initiator,
    MemberBasis,
    MemberStatus,
)
from .models import Case, ChecklistMark, EmergencyAccess, TeamMember

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


@transaction.atomic
def update_flags(
    access: CaseAccess,
    *,
    flags: Mapping[str, bool],
    thuiszitter_since: dt.date | None = None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """Change what needs attention. A thuiszitter's first day counts for the
    Thuiszitterspact: given, or today when the flag is switched on. Refused (StaleVersion)
    when someone changed the flags since `expected_version`, the version the caller read."""
    require_regisseur(access, open_case=True)
    today = today or timezone.localdate()
    if thuiszitter_since is not None and thuiszitter_since > today:
        raise ValidationError({"thuiszitter_since": _("This date is in the future.")})
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    require_version(
        case.flags_version,
        expected_version,
        _(
            "Someone else changed what needs attention while you were editing it. Your change "
            "was not saved, so that nothing is overwritten silently; what you chose is still in "
            "the form. Check what is saved now, then save again to keep yours."
        ),
    )
    changed = [flag for flag in CASE_FLAGS if bool(flags.get(flag)) != getattr(case, flag)]
    for flag in changed:
        setattr(case, flag, bool(flags.get(flag)))
    since = (thuiszitter_since or case.thuiszitter_since or today) if case.is_thuiszitter else None
    if since != case.thuiszitter_since:
        case.thuiszitter_since = since
        changed.append("thuiszitter_since")
    if changed:
        case.flags_version += 1
        case.save(update_fields=[*changed, "flags_version"])
        log_change(access, object_type="case")
    return case


@transaction.atomic
def tick_checklist_item(access: CaseAccess, *, item: str, done: bool) -> ChecklistMark | None:
    """The regisseur ticks (or unticks) an item of their checklist that the product cannot
    read from the data. Each change is a new mark (who, in which role, when) and an access-log
    record; a tick that changes nothing records nothing."""
    require_regisseur(access, open_case=True)
    if item not in checklist.MANUAL_CODES:
        raise ValidationError(
            {"item": _("This item is ticked from the case's data, not by hand.")},
            code="automatic_item",
        )
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    last = ChecklistMark.objects.filter(case=case, item=item).order_by("-at", "-pk").first()
    if (last.done if last else False) == done:
        return None
    mark = ChecklistMark.objects.create(
        case=case,
        item=item,
        done=done,
        by_user=access.user,
        by_membership=access.membership,
        at=timezone.now(),
    )
    log_change(access, object_type="checklist", object_id=item)
    return mark


@transaction.atomic
def close_case(access: CaseAccess, *, reason: str, note: str = "", destination: str = "") -> Case:
    """Closing follows the route (journey.closes_along_the_route): on a route, only its
    closing step closes the case, with that step's checks, as the route page's move does.
    After closing, the last regisseur and the family keep read-only access for the retention
    period (cases.access); everyone else loses it at once. The team and consent records stay
    as history."""
    require_regisseur(access, open_case=True)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose a reason for closing.")})
    if reason == CloseReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describe the reason for closing.")})
    if destination and destination not in Destination.values:
        raise ValidationError(
            {"destination": _("Choose where the child goes after the arrangement.")}
        )
    case = Case.objects.select_for_update().get(pk=access.case.pk)
    require_transition(
        CASE_TRANSITIONS, case.status, CaseStatus.CLOSED, _("This case is already closed.")
    )
    if journey.closes_along_the_route(case, reason):
        journey.move_case(
            access, to_step=None, reason=note, close_reason=reason, destination=destination
        )
        case.refresh_from_db()
        return case
    now = timezone.now()
    fields = case.mark_closed(reason=reason, note=note.strip(), at=now, destination=destination)
    case.step_due = None
    case.save(update_fields=[*fields, "step_due"])
    journey.record_closed(access, case, reason=case.get_close_reason_display(), at=now)
    log_change(access, object_type="case")
    return case


@transaction.atomic
def reopen_case(case: Case, *, actor: Actor, reason: str) -> Case:
    """The last regisseur may reopen a closed case while still in the role that led it."""
    locked = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    require_transition(CASE_TRANSITIONS, locked.status, CaseStatus.OPEN, _("This case is open."))
    if locked.regisseur_id != actor.user.pk:
        raise PermissionDenied(_("Only the last regisseur can reopen a case."))
    if not reason.strip():
        raise ValidationError({"reason": _("Describe why the case is reopened.")})
    lead = (
        TeamMember.objects.filter(
            case=locked, membership__user=actor.user, status=MemberStatus.ACTIVE
        )
        .select_related("membership__organisation")
        .first()
    )
    if lead is None or not lead.membership.is_active:
        raise PermissionDenied(_("You no longer hold the role in which you led this case."))
    if Case.objects.filter(
        child=locked.child, region=locked.region, status=CaseStatus.OPEN
    ).exists():
        raise ValidationError(_("This child already has an open case in this region."))
    locked.status = CaseStatus.OPEN
    locked.closed_at = None
    locked.close_reason = ""
    locked.destination = ""
    locked.close_note = reason.strip()
    step_fields = journey.record_reopened(
        locked,
        user=actor.user,
        membership=lead.membership,
        reason=reason.strip(),
        at=timezone.now(),
    )
    locked.save(
        update_fields=[
            "status",
            "closed_at",
            "close_reason",
            "close_note",
            "destination",
            *step_fields,
        ]
    )
    log_for_membership(
        actor, locked, lead.membership, event=Event.CHANGE, object_type="case", basis=lead.basis
    )
    return locked


def _basis_for_new_member(case: Case, membership: Membership) -> str:
    if (
        membership.organisation_id == case.child.school_id
        and membership.organisation.type == OrganisationType.SCHOOL
    ):
        return MemberBasis.LEGAL_TASK_SCHOOL
    if membership.role == Role.LEERPLICHT_OFFICER and case.has_absence:
        return MemberBasis.LEGAL_TASK_LEERPLICHT
    return MemberBasis.CONSENT


@transaction.atomic
def propose_team_member(access: CaseAccess, *, membership: Membership) -> TeamMember:
    """The regisseur proposes; a member on a legal task joins at once, anyone else waits for
    the parents' (and by age the child's) approval."""
    require_regisseur(access, open_case=True)
    if not membership.is_active or membership.role not in CASEWORK_ROLES:
        raise ValidationError(
            {"membership": _("This person cannot join a case team in this role.")}
        )
    if TeamMember.objects.filter(
        case=access.case,
        membership=membership,
        status__in=[MemberStatus.PROPOSED, MemberStatus.ACTIVE],
    ).exists():
        raise ValidationError(
            {"membership": _("This person is already on the team or proposed for it.")}
        )
    basis = _basis_for_new_member(access.case, membership)
    now = timezone.now()
    legal = basis != MemberBasis.CONSENT
    member = TeamMember.objects.create(
        case=access.case,
        membership=membership,
        status=MemberStatus.ACTIVE if legal else MemberStatus.PROPOSED,
        basis=basis,
        proposed_by=access.user,
        decided_at=now if legal else None,
        decided_by=access.user if legal else None,
    )
    log_change(access, event=Event.CREATE, object_type="team_member", object_id=str(member.pk))
    return member


@transaction.atomic
def approve_team_member(
    access: CaseAccess,
    member: TeamMember,
    *,
    approved_by_representative: LegalRepresentative | None,
    approved_by_child: bool,
    note: str = "",
) -> TeamMember:
    """Record the family's approval of a proposed member (given on paper or in a meeting;
    parents do it themselves in the portal). The member's organisation needs an active
    consent first: that consent is the ground of the place."""
    require_regisseur(access, open_case=True)
    locked = (
        TeamMember.objects.select_for_update()
        .select_related("membership__organisation")
        .get(pk=member.pk, case=access.case)
    )
    require_transition(
        MEMBER_TRANSITIONS,
        locked.status,
        MemberStatus.ACTIVE,
        _("Only a proposed member can be approved."),
    )
    check_givers(
        access.case.child,
        representative=approved_by_representative,
        by_child=approved_by_child,
        day=timezone.localdate(),
    )
    consent = (
        Consent.objects.active()
        .for_team()
        .filter(case=access.case, organisation_id=locked.membership.organisation_id)
        .order_by("-recorded_at")
        .first()
    )
    if consent is None:
        raise ValidationError(
            _(
                "There is no active consent for %(organisation)s yet. Record the consent "
                "first; it says which data this organisation may see."
            )
            % {"organisation": locked.membership.organisation.name}
        )
    locked.status = MemberStatus.ACTIVE
    locked.consent = consent
    locked.decided_at = timezone.now()
    locked.decided_by = access.user
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "consent", "decided_at", "decided_by", "decision_note"])
    log_change(access, object_type="team_member", object_id=str(locked.pk))
    return locked


@transaction.atomic
def refuse_team_member(access: CaseAccess, member: TeamMember, *, note: str) -> TeamMember:
    require_regisseur(access, open_case=True)
    locked = TeamMember.objects.select_for_update().get(pk=member.pk, case=access.case)
    require_transition(
        MEMBER_TRANSITIONS,
        locked.status,
        MemberStatus.REFUSED,
        _("Only a proposed member can be refused."),
    )
    if not note.strip():
        raise ValidationError({"note": _("Record the reason the parents gave.")})
    locked.status = MemberStatus.REFUSED
    locked.decided_at = timezone.now()
    locked.decided_by = access.user
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    log_change(access, object_type="team_member", object_id=str(locked.pk))
    return locked


@transaction.atomic
def end_team_member(access: CaseAccess, member: TeamMember, *, reason: str) -> TeamMember:
    """A member leaves (or the regisseur takes them off). Their access ends at once."""
    locked = (
        TeamMember.objects.select_for_update()
        .select_related("membership")
        .get(pk=member.pk, case=access.case)
    )
    is_self = locked.membership.user_id == access.user.pk
    if not (access.is_regisseur or is_self):
        raise PermissionDenied(_("Only the regisseur or the member can end a place on the team."))
    require_transition(
        MEMBER_TRANSITIONS,
        locked.status,
        MemberStatus.ENDED,
        _("This person is no longer on the team."),
    )
    if locked.membership.user_id == access.case.regisseur_id:
        raise ValidationError(_("The regisseur cannot leave the team; hand over the regie first."))
    locked.status = MemberStatus.ENDED
    locked.ended_at = timezone.now()
    locked.end_reason = reason.strip()
    locked.save(update_fields=["status", "ended_at", "end_reason"])
    log_change(access, object_type="team_member", object_id=str(locked.pk))
    return locked


MIN_EMERGENCY_REASON = 20


def start_emergency_access(
    *,
    actor: Actor,
    membership: Membership,
    reason: str,
    bsn: str = "",
    last_name: str = "",
    date_of_birth: dt.date | None = None,
) -> EmergencyAccess:
    """Break-the-glass: open a case of the region for 24 hours with a written reason.
    Flagged everywhere; the regisseur and the parents are told (without child details).
    A search that finds nothing is logged as a refused attempt, outside the transaction that
    would otherwise roll the record back with the error."""
    _own_membership(actor, membership)
    if membership.role not in CASEWORK_ROLES:
        raise PermissionDenied(_("Emergency access is for professionals who work with children."))
    if len(reason.strip()) < MIN_EMERGENCY_REASON:
        raise ValidationError(
            {
                "reason": _("Describe the emergency in at least %(n)d characters.")
                % {"n": MIN_EMERGENCY_REASON}
            }
        )
    case = _emergency_case(actor, membership, bsn, last_name, date_of_birth)
    now = timezone.now()
    with transaction.atomic():
        emergency = EmergencyAccess.objects.create(
            case=case,
            user=actor.user,
            membership=membership,
            reason=reason.strip(),
            started_at=now,
            expires_at=now + dt.timedelta(hours=EMERGENCY_ACCESS_HOURS),
        )
        log_for_membership(
            actor,
            case,
            membership,
            event=Event.VIEW,
            object_type="emergency_access",
            basis=Basis.BREAK_THE_GLASS,
        )
        tasks.on_commit(_tell_about_emergency, emergency.pk)
    return emergency


def _emergency_case(
    actor: Actor,
    membership: Membership,
    bsn: str,
    last_name: str,
    date_of_birth: dt.date | None,
) -> Case:
    """The one open case of the region the details find; a search that finds none or several
    is logged as a refused attempt (committed even though the error rolls back the rest)."""
    candidates = Case.objects.filter(
        status=CaseStatus.OPEN, region=membership.organisation.region
    ).select_related("child", "regisseur")
    if bsn.strip():
        candidates = candidates.filter(child__bsn=bsn.strip())
    elif last_name.strip() and date_of_birth is not None:
        candidates = candidates.filter(
            child__last_name__iexact=last_name.strip(), child__date_of_birth=date_of_birth
        )
    else:
        raise ValidationError(_("Give the BSN, or the last name and date of birth of the child."))
    found = list(candidates[:2])
    if len(found) != 1:
        write_access_records(
            [
                AccessRecord(
                    event=Event.SEARCH,
                    outcome=Outcome.DENIED,
                    channel=actor.channel,
                    user_id=actor.user.pk,
                    username=actor.user.get_username(),
                    role=membership.role,
                    organisation_id=membership.organisation_id,
                    organisation_name=membership.organisation.name,
                    responsible_user_id=actor.user.pk,
                    object_type="emergency_search",
                    basis=Basis.BREAK_THE_GLASS,
                    client_address=actor.client_address,
                )
            ]
        )
        if not found:
            raise ValidationError(_("No open case was found in your region for these details."))
        raise ValidationError(_("More than one case matches. Search with the BSN."))
    return found[0]


@tasks.background
def _tell_about_emergency(emergency_id: int) -> None:
    emergency = EmergencyAccess.objects.select_related(
        "case__regisseur", "membership__organisation"
    ).get(pk=emergency_id)
    case = emergency.case
    organisation = emergency.membership.organisation.name
    link = settings.SITE_URL + reverse("cases:access_log", kwargs={"case_id": case.uuid})
    # Specific about what happened, silent about the child: no name, no details.
    regisseur_body = _(
        "Emergency access was used for a case in which you are the regisseur, by a professional "
        "of %(organisation)s. The access lasts 24 hours. See who and why in the access log of "
        "the case: %(link)s"
    ) % {"organisation": organisation, "link": link}
    recipients = [case.regisseur.email] if case.regisseur.email else []
    if recipients:
        send_mail(
            _("Emergency access to a case"),
            regisseur_body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    parent_emails = list(
        LegalRepresentative.objects.filter(child_id=case.child_id, has_authority=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if parent_emails:
        parent_body = _(
            "A professional of %(organisation)s has looked at the file about your child "
            "because of an urgent situation. This is allowed for 24 hours and is recorded. "
            "Do you have questions? Contact the regisseur of your child's plan."
        ) % {"organisation": organisation}
        for address in parent_emails:
            send_mail(
                _("Someone looked at your child's file in an emergency"),
                parent_body,
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
