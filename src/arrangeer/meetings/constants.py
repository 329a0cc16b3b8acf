"""The words of the MDO: kinds, the lifecycle of a meeting and of an invitation, attendance."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import OrganisationType, Role


class MeetingKind(models.TextChoices):
    FIRST = "eerste_mdo", _("First MDO")
    EVALUATION = "evaluatie", _("Evaluation MDO")
    EXTRA = "extra", _("Extra MDO or escalation")
    # Issue 19: the Integraal Loket's adviser meets the school's intern begeleider, the SWV's
    # gedragswetenschapper and the youth team's ouder-kindcoach, planned from the Loket consult.
    GOUDEN_DRIEHOEK = "gouden_driehoek", _("Gouden driehoek with the Integraal Loket")
    # Issue 20: the current and the next team at a transition, planned from the transition.
    HANDOVER = "overdracht", _("Handover MDO")


# The MDO of the route (002, 003): the meeting where the plan is made and evaluated. Only these
# count for the route's guards, the checklist's next meeting and the monitor's first MDO; the
# gouden driehoek and the handover MDO are meetings of their own (docs/meetings.md, "Kinds").
MDO_KINDS = frozenset({MeetingKind.FIRST, MeetingKind.EVALUATION, MeetingKind.EXTRA})
# Planned from their own place (the Loket consult, the transition), not on the Overleg tab.
KINDS_PLANNED_ELSEWHERE = frozenset({MeetingKind.GOUDEN_DRIEHOEK, MeetingKind.HANDOVER})


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

# The gouden driehoek (000) as (organisation type, role) of a place on the team: the school's
# intern begeleider, the SWV's gedragswetenschapper, the youth team's ouder-kindcoach.
DRIEHOEK_ROLES = frozenset(
    {
        (OrganisationType.SCHOOL, Role.COORDINATOR),
        (OrganisationType.SWV, Role.SWV_SPECIALIST),
        (OrganisationType.YOUTH_TEAM, Role.YOUTH_WORKER),
    }
)

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
# The gouden driehoek (000): the question to the Loket, the whole picture of school and youth
# care, and the shared plan that follows.
DRIEHOEK_AGENDA: tuple[tuple[str, str], ...] = (
    ("vraag-aan-het-loket", "De vraag aan het Loket"),
    ("het-hele-beeld", "Het hele beeld: school en jeugdhulp"),
    ("een-gezamenlijk-plan", "Naar een gezamenlijk plan"),
)
# The handover MDO (003): what the next school needs to go on where the plan stands.
HANDOVER_AGENDA: tuple[tuple[str, str], ...] = (
    ("perspectief-en-doelen", "Perspectief en doelen"),
    ("lopende-modules", "Lopende modules en hun financiering"),
    ("wat-de-nieuwe-school-nodig-heeft", "Wat de nieuwe school nodig heeft"),
    ("overdracht-van-de-regie", "Overdracht van de regie"),
)
AGENDA_OF_KIND: dict[str, tuple[tuple[str, str], ...]] = {
    MeetingKind.EVALUATION: EVALUATION_AGENDA,
    MeetingKind.GOUDEN_DRIEHOEK: DRIEHOEK_AGENDA,
    MeetingKind.HANDOVER: HANDOVER_AGENDA,
}
