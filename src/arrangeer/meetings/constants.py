"""The words of the MDO: kinds, the lifecycle of a meeting and of an invitation, attendance."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import Role


class MeetingKind(models.TextChoices):
    FIRST = "eerste_mdo", _("First MDO")
    EVALUATION = "evaluatie", _("Evaluation MDO")
    EXTRA = "extra", _("Extra MDO or escalation")


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", _("Planned")
    HELD = "gehouden", _("Held, minutes to be approved")
    APPROVED = "vastgesteld", _("Minutes approved")
    CANCELLED = "geannuleerd", _("Cancelled")


# The lifecycle of a meeting as data: from → allowed next states. Recording a held meeting
# again corrects it until its minutes are approved.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset({MeetingStatus.HELD, MeetingStatus.APPROVED}),
    MeetingStatus.APPROVED: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}


class InviteeKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    PARENT = "ouder", _("Parent or carer")
    CHILD = "jeugdige", _("The child")


class InviteeStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Proposed, waiting for the parents")
    APPROVED = "goedgekeurd", _("Approved by the parents")
    REFUSED = "geweigerd", _("Refused by the parents")
    INVITED = "uitgenodigd", _("Invited")
    ACCEPTED = "geaccepteerd", _("Accepted")
    DECLINED = "afgemeld", _("Declined")
    OTHER_TIME = "ander_tijdstip", _("Proposed another time")


# The lifecycle of an invitation as data (ARCHITECTURE.md rule 4): from → allowed next states.
INVITEE_TRANSITIONS: dict[str, frozenset[str]] = {
    InviteeStatus.PROPOSED: frozenset({InviteeStatus.APPROVED, InviteeStatus.REFUSED}),
    InviteeStatus.APPROVED: frozenset({InviteeStatus.INVITED}),
    InviteeStatus.REFUSED: frozenset({InviteeStatus.APPROVED}),
    InviteeStatus.INVITED: frozenset(
        {InviteeStatus.ACCEPTED, InviteeStatus.DECLINED, InviteeStatus.OTHER_TIME}
    ),
    InviteeStatus.ACCEPTED: frozenset({InviteeStatus.DECLINED, InviteeStatus.OTHER_TIME}),
    InviteeStatus.DECLINED: frozenset({InviteeStatus.ACCEPTED, InviteeStatus.OTHER_TIME}),
    InviteeStatus.OTHER_TIME: frozenset({InviteeStatus.ACCEPTED, InviteeStatus.DECLINED}),
}
# Invitations went out to these (an update goes to them when the time changes).
SENT_STATUSES = frozenset(
    {
        InviteeStatus.INVITED,
        InviteeStatus.ACCEPTED,
        InviteeStatus.DECLINED,
        InviteeStatus.OTHER_TIME,
    }
)
RESPONSES = (InviteeStatus.ACCEPTED, InviteeStatus.DECLINED, InviteeStatus.OTHER_TIME)


class DecisionChannel(models.TextChoices):
    """How the parents gave their answer about an invitee."""

    IN_PERSON = "persoonlijk", _("In person")
    PHONE = "telefoon", _("By phone")
    PAPER = "papier", _("On paper")
    PORTAL = "portaal", _("In the parent portal")


class Attendance(models.TextChoices):
    PRESENT = "aanwezig", _("Present")
    ABSENT = "afwezig", _("Absent")
    EXCUSED = "afgemeld", _("Excused")


# Who may chair an MDO besides the regisseur: the technical chair of the process (003 bijlage 5).
CHAIR_ROLES = frozenset({Role.COORDINATOR, Role.PROCESS_SUPERVISOR})

# The agenda of an MDO from the step the case is in (002): the three steps held during the MDO.
DEFAULT_AGENDA: tuple[tuple[str, str], ...] = (
    ("ondersteuningsbehoefte-in-beeld", "Ondersteuningsbehoefte in beeld"),
    ("gezamenlijk-doelen-stellen", "Gezamenlijk doelen stellen"),
    ("gezamenlijk-arrangeren", "Gezamenlijk arrangeren"),
)
EVALUATION_AGENDA: tuple[tuple[str, str], ...] = (
    ("gezamenlijk-evalueren", "Gezamenlijk evalueren"),
    ("bijstellen-arrangement", "Bijstellen arrangement"),
)
