"""The monitor's fact tables: the milestones of the lead time (one row per case) and the round
of every evaluation, so the doorlooptijd and doelrealisatie pages count plain columns instead
of subqueries per case or per rating in every cell (docs/monitor.md, *Cost*). Derived data:
`manage.py refresh_monitor` rebuilds them, and every relevant write refreshes its case or plan
once committed (receivers.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """When the fact tables were last rebuilt whole (the page says "figures as of")."""

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
