"""Group arrangements (seed 000: the Startklas; seed 003 bijlagen 2-4): a region's decision
route for them (its bodies in order), the arrangement from proposal through the route to a
running group, and each child's intake, place and outflow. A place is a module in the child's
own plan (`Placement.module`), so the child keeps one plan."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import FundingFramework, Instrument

from .constants import (
    BodyRole,
    BodyStatus,
    Destination,
    EndDecision,
    GroupStatus,
    IntakeChoice,
    PlacementStatus,
)


class DecisionRoute(models.Model):
    """The bodies a proposal for a group arrangement passes, in order. A route without a
    region is shipped with the product (Alkmaar's, seed 003 bijlage 4); a region with a route
    of its own uses that one."""

    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="group_routes",
        verbose_name=_("region"),
        help_text=_("Empty: the route shipped with the product, for regions without their own."),
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("decision route for group arrangements")
        verbose_name_plural = _("decision routes for group arrangements")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DecisionBody(models.Model):
    route = models.ForeignKey(
        DecisionRoute, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("route")
    )
    position = models.PositiveSmallIntegerField(_("position"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("what it does"), max_length=20, choices=BodyRole.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("body of the decision route")
        verbose_name_plural = _("bodies of the decision route")
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "position"],
                name="groups_body_position_unique",
                violation_error_message=_("This route already has a body at this position."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class GroupArrangement(models.Model):
    """One group arrangement: its proposal (bijlage 2), business case (bijlage 3), the route
    it went through, and as a running group its places, school and professionals."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.PROPOSAL
    )
    route = models.ForeignKey(
        DecisionRoute,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision route"),
    )
    # Bijlage 2: the proposal.
    occasion = models.TextField(_("occasion (aanleiding)"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    problem = models.TextField(_("problem statement"), blank=True)
    partners = models.TextField(_("cooperating partners"), blank=True)
    objective = models.TextField(_("objective"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    perspectives = models.TextField(_("multiple perspectives"), blank=True)
    approach = models.TextField(_("first ideas on the method"), blank=True)
    financing = models.TextField(_("financing"), blank=True)
    planning = models.TextField(_("intended planning"), blank=True)
    # Bijlage 3: the business case.
    summary = models.TextField(_("summary"), blank=True)
    societal_value = models.TextField(_("societal value"), blank=True)
    outcome_indicators = models.TextField(_("outcome indicators it commits to"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    business_financing = models.TextField(_("financing of the business case"), blank=True)
    business_planning = models.TextField(_("planning of the business case"), blank=True)
    yearly_cost = models.DecimalField(
        _("cost of the group per year (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    replaced_count = models.PositiveSmallIntegerField(
        _("individual arrangements it replaces"), null=True, blank=True
    )
    replaced_hours = models.DecimalField(
        _("hours a week of each individual arrangement"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(40))],
    )
    replaced_product_code = models.CharField(
        _("product code of the individual arrangements"), max_length=5, blank=True
    )
    replaced_framework = models.CharField(
        _("funding framework of the individual arrangements"),
        max_length=20,
        choices=FundingFramework.choices,
        blank=True,
    )
    # The running group.
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    teacher = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("teacher"),
    )
    assistant = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("teaching assistant"),
    )
    assistant_hours = models.DecimalField(
        _("hours of the teaching assistant a week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(40))],
    )
    pedagogue = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pedagogical professional"),
    )
    hours_per_week = models.DecimalField(
        _("hours a week a child is in the group"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(40))],
    )
    funding_framework = models.CharField(
        _("funding framework"), max_length=20, choices=FundingFramework.choices, blank=True
    )
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, blank=True
    )
    intake_age_months = models.PositiveSmallIntegerField(
        _("intake age in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("For example 42 for the Startklas (3 years and 6 months). Empty: no age."),
    )
    group_goals = models.TextField(_("goals of the group"), blank=True)
    group_approach = models.TextField(_("approach of the group"), blank=True)
    approved_on = models.DateField(_("route completed on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("group arrangement")
        verbose_name_plural = _("group arrangements")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        return self.status == GroupStatus.RUNNING

    @property
    def provider(self) -> Organisation | None:
        """The named care provider of the pedagogical professional."""
        return self.pedagogue.organisation if self.pedagogue is not None else None


class BodyDecision(models.Model):
    """Where the arrangement stands at one body of its route."""

    group = models.ForeignKey(GroupArrangement, on_delete=models.CASCADE, related_name="decisions")
    body = models.ForeignKey(DecisionBody, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=BodyStatus.choices, default=BodyStatus.WAITING
    )
    decided_on = models.DateField(_("date"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("decision of a body")
        verbose_name_plural = _("decisions of the bodies")
        ordering = ["group", "body__position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "body"], name="groups_decision_once_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.body.name}: {self.get_status_display()}"


class Placement(models.Model):
    """One child's intake in a group and, when placed, its place and its outflow."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    group = models.ForeignKey(GroupArrangement, on_delete=models.PROTECT, related_name="placements")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=PlacementStatus.choices)
    intake_on = models.DateField(_("date of the intake"))
    intake_choice = models.CharField(
        _("decision of the intake"), max_length=20, choices=IntakeChoice.choices
    )
    parents_prefer = models.CharField(
        _("what the parents prefer"), max_length=20, choices=IntakeChoice.choices
    )
    parents_view = models.TextField(_("the parents' view"))
    module = models.ForeignKey(
        "plans.Module",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module in the child's plan"),
    )
    placed_on = models.DateField(_("in the group from"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    destination = models.CharField(
        _("destination"), max_length=20, choices=Destination.choices, blank=True
    )
    outflow_note = models.TextField(_("note on the handover"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("place in a group")
        verbose_name_plural = _("places in groups")
        ordering = ["group", "intake_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "case"], name="groups_one_intake_per_child")
        ]
        indexes = [models.Index(fields=["group", "status"], name="groups_placement_status")]

    def __str__(self) -> str:
        return f"{self.group.name}: {self.get_status_display()}"


class GroupEvaluation(models.Model):
    """An evaluation moment of a running group: what was found against the group plan's goals
    and against the outcome indicators the business case committed to, and, when it decides,
    the decision: continue, develop further, or integrate into regular processes (Alkmaar
    phase 5). Recorded with who and when."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        GroupArrangement, on_delete=models.CASCADE, related_name="evaluations"
    )
    held_on = models.DateField(_("held on"))
    goals_findings = models.TextField(_("findings on the goals of the group"))
    indicators_findings = models.TextField(_("findings on the outcome indicators"), blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=20,
        choices=EndDecision.choices,
        blank=True,
        help_text=_("Empty: an evaluation moment without a decision yet."),
    )
    decision_note = models.TextField(_("reasons and conditions of the decision"), blank=True)
    next_on = models.DateField(_("next evaluation"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation of a group")
        verbose_name_plural = _("evaluations of groups")
        ordering = ["group", "-held_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.group.name}: {self.held_on}"
