"""The words and fixed numbers of group arrangements (seeds 000, 003 bijlage 2-4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyRole(models.TextChoices):
    """What a body of the decision route does with a proposal."""

    INFORMS = "informeert", _("Is informed and advises")
    DECIDES = "besluit", _("Decides")


class BodyStatus(models.TextChoices):
    WAITING = "wacht", _("Waiting")
    INFORMED = "geinformeerd", _("Informed")
    APPROVED = "akkoord", _("Approved")
    REFUSED = "afgewezen", _("Refused")


# What a body that informs may record, and what a body that decides may record.
OUTCOMES_BY_ROLE: dict[str, frozenset[str]] = {
    BodyRole.INFORMS: frozenset({BodyStatus.INFORMED}),
    BodyRole.DECIDES: frozenset({BodyStatus.APPROVED, BodyStatus.REFUSED}),
}


class GroupStatus(models.TextChoices):
    PROPOSAL = "voorstel", _("Proposal")
    IN_ROUTE = "besluitvorming", _("In the decision route")
    REFUSED = "afgewezen", _("Refused")
    APPROVED = "goedgekeurd", _("Approved, not started yet")
    RUNNING = "loopt", _("Running")


class PlacementStatus(models.TextChoices):
    REGULAR_SCHOOL = "regulier", _("Intake: to a regular school")
    WAITING = "wachtlijst", _("On the waiting list")
    PLACED = "geplaatst", _("In the group")
    LEFT = "uitgestroomd", _("Left the group")


class IntakeChoice(models.TextChoices):
    """Where the joint intake sees the child: a regular school or the group."""

    REGULAR_SCHOOL = "regulier", _("A regular school")
    GROUP = "groep", _("The group")


class Destination(models.TextChoices):
    """Where a child goes when it leaves the group (seed 000: the share to regular education)."""

    REGULAR = "regulier", _("A regular class")
    SBO = "sbo", _("Special primary school (SBO)")
    SO = "so", _("Special education (SO)")
    OTHER = "anders", _("Other")


class EndDecision(models.TextChoices):
    """What an evaluation decides about the group (Alkmaar phase 5)."""

    CONTINUE = "voortzetten", _("Continue")
    DEVELOP = "doorontwikkelen", _("Develop further")
    INTEGRATE = "inbedden", _("Integrate into regular processes")


class Attendance(models.TextChoices):
    """A child's attendance in a week of the group, as registered by its professionals."""

    PRESENT = "aanwezig", _("Present")
    ABSENT = "afwezig", _("Absent")
    HOLIDAY = "vakantie", _("No group: holiday")


# About two A4 (bijlage 2): some 500 words a page.
PROPOSAL_MAX_WORDS = 1000

# The sections of the proposal (bijlage 2) and of the business case (bijlage 3), in order.
PROPOSAL_FIELDS = (
    "occasion",
    "target_group",
    "problem",
    "partners",
    "objective",
    "conditions",
    "perspectives",
    "approach",
    "financing",
    "planning",
)
BUSINESS_CASE_FIELDS = (
    "summary",
    "societal_value",
    "outcome_indicators",
    "risks",
    "business_financing",
    "business_planning",
)

# The Startklas (seed 000): the joint look at age 3 years and 6 months.
STARTKLAS_INTAKE_MONTHS = 42
# The intake list shows a child from the intake age for this many months.
INTAKE_WINDOW_MONTHS = 12
# School weeks in a year: what an individual arrangement of hours a week costs in a year.
SCHOOL_WEEKS = 40


# What the set-up of a group holds, and what of it must be filled in before the group starts
# (all but the location and the intake age).
SET_UP_FIELDS = (
    "capacity",
    "school",
    "location",
    "teacher",
    "assistant",
    "assistant_hours",
    "pedagogue",
    "hours_per_week",
    "funding_framework",
    "instrument",
    "intake_age_months",
    "group_goals",
    "group_approach",
)
SET_UP_OPTIONAL = frozenset({"location", "intake_age_months"})
