"""The MDO in the portal: the family's meetings to come, the last one whose minutes were
approved, the professionals proposed for a meeting and a parent's decision on each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import DecisionChannel, InviteeKind, InviteeStatus, MeetingStatus
from arrangeer.meetings.models import Invitee, Meeting


def upcoming_meetings(access: CaseAccess) -> list[Meeting]:
    """The family's planned meetings from today: date, time, place and kind (never the
    minutes; those show once approved, through meetings.selectors.meeting_view)."""
    return list(
        Meeting.objects.filter(
            case=access.case,
            status=MeetingStatus.PLANNED,
            ends_at__gte=timezone.now(),
        ).order_by("starts_at", "pk")
    )


def last_approved_meeting(access: CaseAccess) -> Meeting | None:
    """The latest meeting whose minutes the chair approved: its decisions and agreements.
    Only a meeting whose start has passed: the portal never says "what was agreed" at a
    meeting still to come."""
    return (
        Meeting.objects.filter(
            case=access.case, status=MeetingStatus.APPROVED, starts_at__lte=timezone.now()
        )
        .select_related("chair__membership__user")
        .order_by("-starts_at", "-pk")
        .first()
    )


def proposed_invitees(meeting: Meeting) -> list[Invitee]:
    """The professionals invited to this meeting, with their role and organisation."""
    return list(
        Invitee.objects.filter(meeting=meeting, kind=InviteeKind.PROFESSIONAL)
        .select_related(
            "team_member__membership__user",
            "team_member__membership__organisation",
            "decided_by_representative",
        )
        .order_by("pk")
    )


@transaction.atomic
def decide_invitee(access: CaseAccess, invitee: Invitee, *, approve: bool, reason: str) -> Invitee:
    """A parent with gezag approves or refuses one proposed professional in the portal. The
    first parent's answer counts; changing it afterwards goes through the regisseur."""
    place = access.family
    if place is None or place.representative is None or not place.has_authority:
        raise PermissionDenied(_("Only a parent with parental authority decides who comes."))
    if invitee.meeting.case_id != access.case.pk:
        raise PermissionDenied(_("This invitation belongs to another case."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Tell us why this person may not come.")})
    current = Invitee.objects.select_for_update().get(pk=invitee.pk)
    if current.status != InviteeStatus.PROPOSED:
        raise ValidationError(
            _(
                "You or the other parent already answered about %(name)s. Want to change "
                "this? Ask the regisseur."
            )
            % {"name": invitee.name}
        )
    decided = meeting_services.record_parents_decision(
        invitee,
        approve=approve,
        representative=place.representative,
        via=DecisionChannel.PORTAL,
        reason=reason,
        recorded_by=access.user,
    )
    log_change(
        access,
        event=Event.CHANGE,
        object_type="invitee",
        object_id=str(decided.uuid),
        category=decided.meeting.category,
    )
    return decided
