from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.vocabulary import DataCategory


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# The lifecycle of a case as data: from → allowed next states (closing along the route or
# directly; reopening by the last regisseur).
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.OPEN}),
}


class Initiator(models.TextChoices):
    SCHOOL = "school", _("School")
    YOUTH_TEAM = "jeugdteam", _("Youth team (signal from outside school)")


class CloseReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    REFERRED = "referred", _("Referred to other help")
    MOVED = "moved", _("Child moved or changed school")
    PARENTS_WITHDREW = "parents_withdrew", _("Parents withdrew")
    OTHER = "other", _("Other")


class Destination(models.TextChoices):
    """Where the child goes to school (or what happens) after the arrangement: recorded when
    the case closes (docs/monitor.md, regional outcomes)."""

    REGULAR = "regulier", _("Regular education (PO, VO)")
    SBO = "sbo", _("Special needs primary school (SBO)")
    SPECIAL = "so_vso", _("Special education (SO, VSO)")
    MBO = "mbo", _("MBO or other further education")
    WORK = "werk", _("Work or day activities")
    AT_HOME = "thuis", _("At home without school (thuiszitter)")
    EXEMPT = "vrijgesteld", _("Exempt from compulsory education")
    OTHER = "anders", _("Other or not known")


# Reasons that end a trajectory from outside its route: the child left the region or school,
# or the parents stopped it. The case then closes in whatever step it is in (recorded as
# "closed outside the route"); every other reason closes only in the route's closing step.
CLOSE_REASONS_OUTSIDE_ROUTE = frozenset({CloseReason.MOVED, CloseReason.PARENTS_WITHDREW})


class MemberStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the parents' approval")
    ACTIVE = "active", _("On the team")
    REFUSED = "refused", _("Refused by the parents")
    ENDED = "ended", _("Left the team")


# The lifecycle of a place on the team as data: the parents approve or refuse a proposed
# place; a proposed or active place can end (the member leaves or is taken off).
MEMBER_TRANSITIONS: dict[str, frozenset[str]] = {
    MemberStatus.PROPOSED: frozenset(
        {MemberStatus.ACTIVE, MemberStatus.REFUSED, MemberStatus.ENDED}
    ),
    MemberStatus.ACTIVE: frozenset({MemberStatus.ENDED}),
    MemberStatus.REFUSED: frozenset(),
    MemberStatus.ENDED: frozenset(),
}


class MemberBasis(models.TextChoices):
    """On what ground a professional is on the team (AVG art. 6/9)."""

    CONSENT = "consent", _("Consent of the parents / the young person")
    LEGAL_TASK_SCHOOL = "legal_task_school", _("Legal task of the school for its own pupil")
    LEGAL_TASK_LEERPLICHT = "legal_task_leerplicht", _("Legal task of leerplicht (absence)")
    LEGAL_TASK_YOUTH_TEAM = (
        "legal_task_youth_team",
        _("Legal task of the youth team (Jeugdwet: assessing a signal)"),
    )


# What a legal task covers. Anything beyond needs consent.
LEGAL_TASK_CATEGORIES: dict[str, frozenset[str]] = {
    MemberBasis.LEGAL_TASK_SCHOOL: frozenset({DataCategory.EDUCATION}),
    MemberBasis.LEGAL_TASK_LEERPLICHT: frozenset({DataCategory.EDUCATION}),
    MemberBasis.LEGAL_TASK_YOUTH_TEAM: frozenset({DataCategory.YOUTH_CARE, DataCategory.FAMILY}),
}

# The flags of a case (DOMAIN.md): field name → label.
CASE_FLAGS: tuple[str, ...] = (
    "is_thuiszitter",
    "has_risk_behaviour",
    "is_complex",
    "has_exemption",
    "has_absence",
    "child_protection_involved",
    "meldcode",
)

EMERGENCY_ACCESS_HOURS = 24


class SchoolPlanKind(models.TextChoices):
    """The school's own plan for the pupil, made and evaluated before integraal arrangeren
    starts (002)."""

    GP = "gp", _("Groeiplan (GP)")
    OPP = "opp", _("Ontwikkelingsperspectiefplan (OPP)")


class StepChangeKind(models.TextChoices):
    START = "start", _("Started on the route")
    MOVE = "move", _("Moved on")
    CLOSE = "close", _("Closed along the route")
    CLOSED = "closed", _("Closed")
    REOPEN = "reopen", _("Reopened")
    HANDOVER = "overdracht", _("Handover to the next school done")
    REGION = "regio", _("Moved to another region")


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The lifecycle of a proposed transfer of the regie as data: the person asked accepts or
# declines it, the regisseur can withdraw it; each of those ends it.
TRANSFER_TRANSITIONS: dict[str, frozenset[str]] = {
    TransferStatus.PROPOSED: frozenset(
        {TransferStatus.ACCEPTED, TransferStatus.DECLINED, TransferStatus.WITHDRAWN}
    ),
    TransferStatus.ACCEPTED: frozenset(),
    TransferStatus.DECLINED: frozenset(),
    TransferStatus.WITHDRAWN: frozenset(),
}

# The Thuiszitterspact: within three months a child who stays home has a suitable offer.
THUISZITTER_MARK_MONTHS = 3
# Thuiszitter cases show up in "My actions" from this many days before the 3-month mark.
THUISZITTER_WARN_DAYS = 28


class NoticeKind(models.TextChoices):
    """What the family is told by mail (a link and the kind of thing, never the child)."""

    AGREEMENT = "instemming", _("The plan waits for your agreement")
    INVITEE = "genodigde", _("Someone waits for your approval to come to a meeting")
    CONSENT = "toestemming", _("A consent to share information stopped or expired")
    MEETING = "overleg", _("A meeting about the plan was planned or moved")
    MEETING_CANCELLED = "overleg_vervalt", _("A meeting about the plan does not take place")
    MINUTES = "verslag", _("The report of a meeting is ready")


# What waits for the family's decision, or changes their day: mailed at once by default.
URGENT_NOTICES = frozenset({NoticeKind.AGREEMENT, NoticeKind.INVITEE, NoticeKind.MEETING_CANCELLED})


class MailMoment(models.TextChoices):
    NOW = "meteen", _("Straight away, one mail each time")
    DAILY = "dagelijks", _("At most one mail a day, with everything together")
    NEVER = "nooit", _("No mail; I look in the portal myself")
