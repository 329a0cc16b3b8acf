"""The record of a decision on a module of the arrangement (a TLV, a beschikking, an SWV
arrangement): who recorded which state of the decision, when.

The decision's current state lives on the module (Module.decision_status and its dates);
each time the deciding organisation records it, one DecisionRecord keeps what was recorded,
so the plan shows the decision's history. Recording a decision is a fact about carrying out
the plan, not a change of what the parents agreed to: it makes no new version."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import ScopedQuerySet
from arrangeer.vocabulary import DataCategory

from ..constants import DecisionStatus, Instrument
from .choices import ChoiceLabels


class DecisionRecordQuerySet(ScopedQuerySet["DecisionRecord"]):
    """Funding decisions in the category of their module, through the access layer."""

    case_path = "plan__case"


class DecisionRecord(ChoiceLabels):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    module = models.ForeignKey(
        "plans.Module",
        on_delete=models.CASCADE,
        related_name="decision_records",
        verbose_name=_("arrangement module"),
    )
    # The module's category when recorded: who may see the module sees its decisions.
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    decision_status = models.CharField(
        _("status of the decision"), max_length=20, choices=DecisionStatus.choices
    )
    reference_number = models.CharField(_("reference number"), max_length=60, blank=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The adopted version in force when the decision was recorded (none before adoption).
    version_number = models.PositiveIntegerField(_("version in force"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_organisation = models.CharField(_("organisation"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DecisionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("recorded decision")
        verbose_name_plural = _("recorded decisions")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision_status=DecisionStatus.NOT_APPLICABLE),
                name="plans_decision_record_has_a_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} · {self.get_decision_status_display()}"
