from django.db import models
from django.utils.translation import gettext_lazy as _

# How long the contact point has to acknowledge a concern, in working days, when the region
# has not set its own term (functional management: Quality settings of a region).
DEFAULT_ACKNOWLEDGE_DAYS = 5


class ContactPointKind(models.TextChoices):
    """Seed 003: a contact point at the municipality (an account manager from contract
    management) and one at the SWV (a consultant, with the quality officer)."""

    MUNICIPALITY = "gemeente", _("Municipality")
    SWV = "swv", _("Samenwerkingsverband (SWV)")


class ConcernKind(models.TextChoices):
    """What a concern is about. Plain words: parents choose from the same list."""

    EDUCATION = "onderwijs", _("The support at school")
    YOUTH_CARE = "jeugdhulp", _("The youth care")
    COOPERATION = "samenwerking", _("How the organisations work together")
    COMMUNICATION = "communicatie", _("How the family is informed and heard")
    OTHER = "anders", _("Something else")


class ConcernStatus(models.TextChoices):
    RECEIVED = "ontvangen", _("Received")
    ACKNOWLEDGED = "in_behandeling", _("Being handled")
    CLOSED = "afgerond", _("Closed with an outcome")


class StepKind(models.TextChoices):
    REPORTED = "gemeld", _("Reported")
    ACKNOWLEDGED = "bevestigd", _("Acknowledged")
    HANDLING = "behandeling", _("Handling recorded")
    OUTCOME = "uitkomst", _("Outcome")


# The transitions, as data: (status, step) -> the status after it.
TRANSITIONS: dict[tuple[str, str], str] = {
    (ConcernStatus.RECEIVED, StepKind.ACKNOWLEDGED): ConcernStatus.ACKNOWLEDGED,
    (ConcernStatus.ACKNOWLEDGED, StepKind.HANDLING): ConcernStatus.ACKNOWLEDGED,
    (ConcernStatus.ACKNOWLEDGED, StepKind.OUTCOME): ConcernStatus.CLOSED,
}

# The steps the reporter reads with their text: the handling notes are the contact point's own.
STEPS_TOLD_TO_REPORTER = frozenset({StepKind.REPORTED, StepKind.ACKNOWLEDGED, StepKind.OUTCOME})


class SharedPart(models.TextChoices):
    """The parts of the case a reporter may add to the concern, each within what they may
    see. The child's name and date of birth always go with it: the contact point must know
    whom the concern is about."""

    SCHOOL = "school", _("School and group")
    TEAM = "team", _("The organisations in the team")
    GOALS = "doelen", _("The goals of the plan")
    MODULES = "modules", _("The support in the plan (modules)")


OBJECT_TYPE = "quality_concern"
