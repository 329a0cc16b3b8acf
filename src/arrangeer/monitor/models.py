"""The monitor's fact tables: the milestones of the lead time (one row per case) and the round
of every evaluation, so the doorlooptijd and doelrealisatie pages count plain columns instead
of subqueries per case or per rating in every cell (docs/monitor.md, *Cost*). Derived data:
`manage.py refresh_monitor` rebuilds them, and every relevant write refreshes its case or plan
once committed (receivers.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models_targets import TargetRule

__all__ = ["TargetRule"]


class Milestones(models.Model):
    """The dates a case's lead times run between (None: not reached). Named after
    `constants.Measure`: `on_<measure>`."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_milestones",
        verbose_name=_("case"),
    )
    opened_on = models.DateField(_("opened on"))
    on_mdo = models.DateField(_("first MDO held on"), null=True)
    on_plan = models.DateField(_("plan first adopted on"), null=True)
    on_besluit = models.DateField(_("first decision on"), null=True)

    class Meta:
        verbose_name = _("milestones of a case")
        verbose_name_plural = _("milestones of cases")

    def __str__(self) -> str:
        return f"milestones of case {self.case_id}"


class Refresh(models.Model):
    """When the fact tables were last rebuilt whole (the page says "figures as of"), and the
    facts' states: when and how often a refresh changed some rows, every region's and per
    region (state.py)."""

    table = models.CharField(_("table"), max_length=40, unique=True)
    finished_at = models.DateTimeField(_("finished at"))
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("refresh of a fact table")
        verbose_name_plural = _("refreshes of fact tables")

    def __str__(self) -> str:
        return f"{self.table} as of {self.finished_at:%Y-%m-%d %H:%M}"


class EvaluationRound(models.Model):
    """Which evaluation of its plan an evaluation is (1, 2, or 3 for the third or later),
    counted by date, for the goal realisation per round."""

    evaluation = models.OneToOneField(
        "plans.Evaluation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_round",
        verbose_name=_("evaluation"),
    )
    round = models.PositiveSmallIntegerField(_("round"))

    class Meta:
        verbose_name = _("round of an evaluation")
        verbose_name_plural = _("rounds of evaluations")

    def __str__(self) -> str:
        return f"evaluation {self.evaluation_id}: round {self.round}"


class PlaceDimensions(models.Model):
    """The dimensions of where a fact row counts, for the scope (region, school) and the
    filters (municipality, sector, route, SWV, school board): a case's, or the school's that
    registered a child (models_region.MatchFact)."""

    region = models.ForeignKey(
        "organisations.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("school"),
    )
    # NULL when the child has no school, as read live (a school may have an empty one).
    municipality = models.CharField(_("municipality"), max_length=120, null=True)  # noqa: DJ001
    sector = models.CharField(_("sector"), max_length=10, null=True)  # noqa: DJ001
    route = models.ForeignKey(
        "routes.Route", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The school's SWV and board (NULL when the school has none, or the child no school).
    swv = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("samenwerkingsverband"),
    )
    school_board = models.ForeignKey(
        "organisations.SchoolBoard",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("school board"),
    )

    class Meta:
        abstract = True


class CaseDimensions(PlaceDimensions):
    """The dimensions of a case that every fact row of a case carries: its place's and its
    child."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )

    class Meta:
        abstract = True


class CaseRowDimensions(CaseDimensions):
    """The dimensions of a fact row of one of a case's own rows (a rating, a module, a TLV…):
    its case, besides the case's dimensions."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )

    class Meta:
        abstract = True


class CaseFact(CaseDimensions):
    """One narrow row per case with every dimension the monitor's filters and themes count
    by: the scope (region, school), the filters (municipality, sector, route), the period
    (opened, closed), the flags and the child's birth date (the age group). The school's
    municipality and sector as they are now, copied so a count reads one table instead of
    joining case, child and school (docs/monitor.md, *Cost*)."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("case"),
    )
    date_of_birth = models.DateField(_("date of birth"))
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True)
    close_reason = models.CharField(_("reason for closing"), max_length=20)
    is_thuiszitter = models.BooleanField(_("thuiszitter"))
    thuiszitter_since = models.DateField(_("thuiszitter since"), null=True)
    has_absence = models.BooleanField(_("absence"))
    is_complex = models.BooleanField(_("complex case"))
    has_risk_behaviour = models.BooleanField(_("risk behaviour"))
    has_exemption = models.BooleanField(_("exemption"))

    class Meta:
        verbose_name = _("monitor facts of a case")
        verbose_name_plural = _("monitor facts of cases")
        indexes = [
            models.Index(fields=["region", "opened_at"], name="monitor_casefact_opened"),
            models.Index(fields=["region", "closed_at"], name="monitor_casefact_closed"),
        ]

    def __str__(self) -> str:
        return f"monitor facts of case {self.case_id}"


class RatingFact(CaseRowDimensions):
    """One narrow row per rating of a goal (plans.GoalEvaluation): its case and the case's
    dimensions (as CaseFact), the day of the evaluation, its round, the goal's side and the
    rating, so the goal realisation counts one table instead of joining seven."""

    rating = models.OneToOneField(
        "plans.GoalEvaluation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("rating"),
    )
    # Its case (CaseRowDimensions), for the rule of a case that moved to another region (it
    # counts in the region it left for the school years before the move: cases.selectors).
    held_on = models.DateField(_("held on"))
    round = models.PositiveSmallIntegerField(_("round"), null=True)
    side = models.CharField(_("side"), max_length=20)
    realisation = models.CharField(_("realised"), max_length=20)
    goal_removed = models.BooleanField(_("goal removed"))

    class Meta:
        verbose_name = _("monitor facts of a rating")
        verbose_name_plural = _("monitor facts of ratings")
        indexes = [models.Index(fields=["region", "held_on"], name="monitor_ratingfact_held")]

    def __str__(self) -> str:
        return f"monitor facts of rating {self.rating_id}"


class RatingTally(CaseRowDimensions):
    """The ratings of a case's goals (not removed) folded per school year of the evaluation,
    evaluation round and side of the goal: how many were reached, partly reached and not
    reached. Built from RatingFact (services), so the goal realisation reads a few rows per
    case and year instead of one per rating (docs/monitor.md, *Fact tables*)."""

    school_year = models.PositiveSmallIntegerField(_("school year"))
    round = models.PositiveSmallIntegerField(_("round"), null=True)
    side = models.CharField(_("side"), max_length=20)
    reached = models.PositiveIntegerField(_("reached"))
    partly = models.PositiveIntegerField(_("partly reached"))
    not_reached = models.PositiveIntegerField(_("not reached"))

    class Meta:
        verbose_name = _("monitor tally of ratings")
        verbose_name_plural = _("monitor tallies of ratings")
        indexes = [models.Index(fields=["region", "school_year"], name="monitor_ratingtally_year")]

    def __str__(self) -> str:
        return f"monitor tally of case {self.case_id}, {self.school_year}"


class ModuleFact(CaseRowDimensions):
    """One narrow row per module of a plan (plans.Module): its case and the case's dimensions
    (as CaseFact), what the funding and the individual → collective themes count by (the
    funding framework, instrument, decision status, provider, function, place, its period,
    whether it is a place in a group arrangement) and what it costs a week at the region's
    tariff, so those themes count one table instead of joining module, plan, case, child and
    school and looking up a tariff per module (docs/monitor.md, *Cost*)."""

    module = models.OneToOneField(
        "plans.Module",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="monitor_fact",
        verbose_name=_("module"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("provider"),
    )
    function = models.CharField(_("function"), max_length=20)
    place = models.CharField(_("place"), max_length=20)
    funding_framework = models.CharField(_("funding framework"), max_length=20)
    instrument = models.CharField(_("instrument"), max_length=20)
    decision_status = models.CharField(_("status of the decision"), max_length=20)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    # Intensity times the tariff's price, in ten-thousandths of a euro (an exact whole number, so
    # sums are exact on every database); NULL without a tariff (plans.funding.tariff_price).
    per_week = models.BigIntegerField(_("amount per week (1/10,000 euro)"), null=True)
    in_group = models.BooleanField(_("place in a group arrangement"))
    removed = models.BooleanField(_("removed"))

    class Meta:
        verbose_name = _("monitor facts of a module")
        verbose_name_plural = _("monitor facts of modules")
        indexes = [
            models.Index(fields=["region", "start_date"], name="monitor_modulefact_start"),
        ]

    def __str__(self) -> str:
        return f"monitor facts of module {self.module_id}"


class SignalFact(models.Model):
    """A gap or an overlap in a case's funding in a school year (a rule of plans.funding's
    signals): its plan's modules and goals judged on the school year's last day, the current
    school year on the day of the refresh. The funding theme counts the children of these
    cases in its grouped query instead of running the rules per plan on every request."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    rule = models.CharField(_("rule"), max_length=30)

    class Meta:
        verbose_name = _("monitor signal of funding")
        verbose_name_plural = _("monitor signals of funding")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "school_year", "rule"], name="monitor_signalfact_unique"
            )
        ]
        indexes = [models.Index(fields=["school_year", "rule"], name="monitor_signalfact_rule")]

    def __str__(self) -> str:
        return f"monitor signal {self.rule} of case {self.case_id}, {self.school_year}"


# The facts of the regional outcomes and the Loket, in a module of their own (Django finds
# them here); they build on CaseDimensions above.
from .models_region import (  # noqa: E402
    ConsultFact,
    ExemptionFact,
    MatchFact,
    MeldcodeFact,
    OutcomeFact,
    TlvFact,
    VerwijsindexFact,
)

__all__ += [
    "ConsultFact",
    "ExemptionFact",
    "MatchFact",
    "MeldcodeFact",
    "OutcomeFact",
    "TlvFact",
    "VerwijsindexFact",
]
