"""The plan's shared goals and the measurements of their progress.

A goal is SMART: each part present (`Goal.clean`); a measurement carries its goal's data
category and is a value on the goal's scale or achieved/partly/not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import ScopedQuerySet

from ..constants import (
    Achievement,
    GoalScale,
    LifeDomain,
    Side,
)
from .choices import ChoiceLabels
from .items import PlanItem, _required, plain


class Goal(PlanItem):
    """A shared goal, SMART: each part present. Education and care goals stand side by side."""

    # Field → how the error names the missing part.
    SMART_PARTS: tuple[tuple[str, Any], ...] = (
        ("what", _("what the goal is")),
        ("indicator", _("the indicator: how you will see progress")),
        ("baseline", _("the starting point (baseline)")),
        ("target", _("the target")),
        ("deadline", _("by when")),
        ("owner", _("who works on it")),
    )

    side = models.CharField(
        _("side"),
        max_length=20,
        choices=Side.choices,
        error_messages=_required(_("Choose education or care and upbringing.")),
    )
    domain = models.CharField(
        _("life domain"), max_length=30, choices=LifeDomain.choices, blank=True
    )
    what = models.CharField(_("goal"), max_length=300, blank=True)
    indicator = models.TextField(_("indicator"), blank=True)
    baseline = models.TextField(_("baseline"), blank=True)
    target = models.TextField(_("target"), blank=True)
    deadline = models.DateField(_("by when"), null=True, blank=True)
    owner = models.CharField(_("who works on it"), max_length=200, blank=True)
    scale = models.CharField(
        _("how progress is measured"),
        max_length=20,
        choices=GoalScale.choices,
        default=GoalScale.ACHIEVEMENT,
    )
    scale_min = models.DecimalField(
        _("lowest value of the scale"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    scale_max = models.DecimalField(
        _("highest value of the scale"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    bank_goal = models.ForeignKey(
        "plans.BankGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken from the goal bank"),
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["side", "deadline", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(scale="getal")
                | models.Q(scale_min__isnull=False, scale_max__gt=models.F("scale_min")),
                name="plans_goal_scale_min_below_max",
                violation_error_message=_("The highest value must be above the lowest."),
            ),
        ]

    def __str__(self) -> str:
        return self.what

    def missing_smart_parts(self) -> list[str]:
        missing = []
        for name, _label in self.SMART_PARTS:
            value = getattr(self, name)
            if value is None or (isinstance(value, str) and not value.strip()):
                missing.append(name)
        return missing

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        parts = dict(self.SMART_PARTS)
        for name in self.missing_smart_parts():
            errors[name] = _("Missing SMART part: %(part)s.") % {"part": parts[name]}
        if self.scale == GoalScale.NUMBER:
            if self.scale_min is None:
                errors["scale_min"] = _("Give the lowest value of the scale.")
            if self.scale_max is None:
                errors["scale_max"] = _("Give the highest value of the scale.")
            elif self.scale_min is not None and self.scale_max <= self.scale_min:
                errors["scale_max"] = _("The highest value must be above the lowest.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_numeric(self) -> bool:
        return self.scale == GoalScale.NUMBER


class MeasurementQuerySet(ScopedQuerySet[Any]):
    """Measurements in the category of their goal, through the access layer."""

    case_path = "goal__plan__case"
    category_path = "goal__category"
    removed_path = "removed_at"


class Measurement(ChoiceLabels):
    """One measurement of a goal's progress. Carries the goal's data category."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"), error_messages=_required(_("Give the date.")))
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2, null=True, blank=True)
    achievement = models.CharField(
        _("achieved"), max_length=20, choices=Achievement.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["goal", "measured_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, achievement="")
                | models.Q(value__isnull=True, achievement__in=["behaald", "deels", "niet"]),
                name="plans_measurement_value_or_achievement",
                violation_error_message=_("Give either a value or achieved/partly/not."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value if self.value is not None else self.achievement}"

    def clean(self) -> None:
        super().clean()
        goal = self.goal
        if goal.is_numeric:
            if self.value is None:
                raise ValidationError({"value": _("Give the value on the goal's scale.")})
            assert goal.scale_min is not None and goal.scale_max is not None
            if not goal.scale_min <= self.value <= goal.scale_max:
                raise ValidationError(
                    {
                        "value": _("The value must be between %(low)s and %(high)s.")
                        % {"low": plain(goal.scale_min), "high": plain(goal.scale_max)}
                    }
                )
            self.achievement = ""
        else:
            if not self.achievement:
                raise ValidationError(
                    {"achievement": _("Choose achieved, partly achieved or not achieved.")}
                )
            self.value = None

    @property
    def chart_value(self) -> Decimal:
        from ..constants import ACHIEVEMENT_VALUE

        if self.value is not None:
            return self.value
        return ACHIEVEMENT_VALUE.get(self.achievement, Decimal(0))
