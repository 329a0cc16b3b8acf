"""The case's team: the regisseur proposes a professional, the family's approval (or
refusal) is recorded, and a place ends. Public through `cases.services`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.children.models import LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.consents.rules import check_givers
from arrangeer.core.models_util import require_transition
from arrangeer.organisations.constants import CASEWORK_ROLES, OrganisationType, Role
from arrangeer.organisations.models import Membership

from .access import CaseAccess, log_change, require_regisseur
from .constants import MEMBER_TRANSITIONS, MemberBasis, MemberStatus
from .models import Case, TeamMember


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
