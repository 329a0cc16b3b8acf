"""The region's target group (doelgroep): the rules functional management keeps per region,
so the monitor can say whether the arrangements reach the intended children
(docs/monitor.md, *Bereik*). A child is in the target group when any rule of the region
matches their arrangement; a rule matches when all its conditions hold."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import SchoolSector

# The flags of a case a rule can ask for, by their names on the case and its facts.
RULE_FLAGS = ("is_thuiszitter", "has_absence", "is_complex", "has_risk_behaviour", "has_exemption")
MAX_AGE = 30


class TargetRule(models.Model):
    """One rule of a region's target group: an age band (on 1 October of the school year, as
    the age groups), school sectors, flags the arrangement must have, a route. An empty
    condition holds for every arrangement; a rule needs at least one."""

    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.CASCADE,
        related_name="target_rules",
        verbose_name=_("region"),
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("How the region calls this part of its target group, e.g. “Thuiszitters”."),
    )
    age_from = models.PositiveSmallIntegerField(
        _("from age"),
        null=True,
        blank=True,
        help_text=_("Age on 1 October of the school year, this age included. Empty: any age."),
    )
    age_to = models.PositiveSmallIntegerField(
        _("up to age"),
        null=True,
        blank=True,
        help_text=_("Age on 1 October of the school year, this age included. Empty: any age."),
    )
    sectors = models.JSONField(
        _("school sectors"),
        default=list,
        blank=True,
        help_text=_("The sectors of the child's school. None chosen: any school, or none."),
    )
    is_thuiszitter = models.BooleanField(_("only thuiszitters"), default=False)
    has_absence = models.BooleanField(_("only with absence (verzuim)"), default=False)
    is_complex = models.BooleanField(_("only complex cases"), default=False)
    has_risk_behaviour = models.BooleanField(_("only with risk behaviour"), default=False)
    has_exemption = models.BooleanField(
        _("only with an exemption from compulsory education"), default=False
    )
    route = models.ForeignKey(
        "routes.Route",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("route"),
        help_text=_("Only arrangements on this route. Empty: any route."),
    )

    class Meta:
        verbose_name = _("target group rule")
        verbose_name_plural = _("target group rules")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="monitor_targetrule_unique_name",
                violation_error_message=_("This region already has a rule by this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.age_from is not None and self.age_from > MAX_AGE:
            errors["age_from"] = _("Give an age of at most %(max)d.") % {"max": MAX_AGE}
        if self.age_to is not None and self.age_to > MAX_AGE:
            errors["age_to"] = _("Give an age of at most %(max)d.") % {"max": MAX_AGE}
        if self.age_from is not None and self.age_to is not None and self.age_from > self.age_to:
            errors["age_to"] = _("The upper age must not be below the lower age.")
        if not isinstance(self.sectors, list) or not set(self.sectors) <= set(SchoolSector.values):
            errors["sectors"] = _("Choose school sectors from the list.")
        if self.route_id is not None and self.region_id is not None:
            route = self.route
            if route is not None and route.region_id not in (None, self.region_id):
                errors["route"] = _("Choose a route of this region or a model route.")
        if not errors and not self.has_condition():
            raise ValidationError(
                _("Give at least one condition: a rule without one would hold for every child.")
            )
        if errors:
            raise ValidationError(errors)

    def has_condition(self) -> bool:
        return bool(
            self.age_from is not None
            or self.age_to is not None
            or self.sectors
            or self.route_id is not None
            or any(getattr(self, flag) for flag in RULE_FLAGS)
        )
