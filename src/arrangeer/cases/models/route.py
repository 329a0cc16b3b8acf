"""The case on its route: the timeline of its steps and the marks by hand on the
regisseur's checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import StepChangeKind
from .case import Case


class StepChange(models.Model):
    """The timeline of a case on its route: every start, move, close and reopen, with who,
    when, why and which checks were passed with a reason. Never changed afterwards."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="step_changes", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=StepChangeKind.choices)
    from_step = models.ForeignKey(
        "routes.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from step"),
    )
    to_step = models.ForeignKey(
        "routes.Step",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to step"),
    )
    reason = models.TextField(_("reason"), blank=True)
    overridden_guards = models.JSONField(_("checks passed with a reason"), default=list, blank=True)
    override_reason = models.TextField(_("reason for passing the checks"), blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    by_membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the role"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("step change")
        verbose_name_plural = _("step changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="cases_stepchange_case_at")]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.at:%Y-%m-%d}"


class ChecklistMark(models.Model):
    """A tick (or an untick) by hand on the regisseur's checklist (routes/checklist.py), for an
    item the product cannot read from the data. Never changed afterwards: the latest mark per
    item is its state, the marks are its history (who, when)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="checklist_marks", verbose_name=_("case")
    )
    item = models.CharField(_("item"), max_length=60)
    done = models.BooleanField(_("done"))
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    by_membership = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in the role"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("checklist mark")
        verbose_name_plural = _("checklist marks")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "item", "at"], name="cases_checklist_case_item")]

    def __str__(self) -> str:
        return f"{self.case} {self.item} {self.done}"
