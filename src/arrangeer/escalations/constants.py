from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.vocabulary import DataCategory


class Seats(models.TextChoices):
    """Who sits at a level of the ladder."""

    TEAM = "team", _("The case's regisseur and the team members of the parties")
    PARTIES = "partijen", _("A role at the organisations in disagreement")
    NAMED = "genoemd", _("A role at the organisations named here")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "besloten", _("Decided")
    WITHDRAWN = "ingetrokken", _("Withdrawn")


class StepKind(models.TextChoices):
    RAISED = "ingediend", _("Raised")
    MOVED_UP_DEADLINE = "termijn", _("Moved up: the deadline passed")
    MOVED_UP_REQUEST = "verzoek", _("Moved up at the request of a party")
    DECIDED = "besloten", _("Decided")
    WITHDRAWN = "ingetrokken", _("Withdrawn")


# The transitions, as data: (status, step) -> the status after it. Moving up keeps the
# escalation open, at the next level.
TRANSITIONS: dict[tuple[str, str], str] = {
    (EscalationStatus.OPEN, StepKind.MOVED_UP_DEADLINE): EscalationStatus.OPEN,
    (EscalationStatus.OPEN, StepKind.MOVED_UP_REQUEST): EscalationStatus.OPEN,
    (EscalationStatus.OPEN, StepKind.DECIDED): EscalationStatus.DECIDED,
    (EscalationStatus.OPEN, StepKind.WITHDRAWN): EscalationStatus.WITHDRAWN,
}

# The default ladder (seed 003): regisseur and professionals, team leaders / managers,
# directors / bestuurders, the regional doorbraakfunctionaris. Deadlines in working days.
DEFAULT_DEADLINES = (5, 10, 10, 10)

# What a level above the team reads of the case by default: the school and the youth care the
# decision is about, never health or safety.
DEFAULT_LEVEL_CATEGORIES = [DataCategory.EDUCATION.value, DataCategory.YOUTH_CARE.value]
