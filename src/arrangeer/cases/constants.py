from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.consents.constants import DataCategory


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Initiator(models.TextChoices):
    SCHOOL = "school", _("School")
    YOUTH_TEAM = "jeugdteam", _("Youth team (signal from outside school)")


class CloseReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    REFERRED = "referred", _("Referred to other help")
    MOVED = "moved", _("Child moved or changed school")
    PARENTS_WITHDREW = "parents_withdrew", _("Parents withdrew")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the parents' approval")
    ACTIVE = "active", _("On the team")
    REFUSED = "refused", _("Refused by the parents")
    ENDED = "ended", _("Left the team")


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


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for acceptance")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The Thuiszitterspact: within three months a child who stays home has a suitable offer.
THUISZITTER_MARK_MONTHS = 3
# Thuiszitter cases show up in "My actions" from this many days before the 3-month mark.
THUISZITTER_WARN_DAYS = 28
