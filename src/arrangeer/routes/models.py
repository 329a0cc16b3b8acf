"""A region's route (routekaart) as data: phases, steps, the steps that may follow each step
(loops included) and the steps from which a case may close. A case keeps the version it
started with; a version used by a case is never edited again (copy it to a new version)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    DEFAULT_DECISION_DAYS,
    DEFAULT_REGISSEUR_TITLE,
    DEFAULT_STALL_DAYS,
    REGISSEUR,
    RESPONSIBLE_CHOICES,
)


class Route(models.Model):
    region = models.ForeignKey(
        "organisations.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=_("region"),
        help_text=_(
            "Empty for a model route shipped with Arrangeer; the active model route is used "
            "by regions without an active route of their own."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_active = models.BooleanField(
        _("active"),
        default=False,
        help_text=_(
            "New cases of the region start on the active route. Use the action to change it."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    stall_days = models.PositiveSmallIntegerField(
        _("signal after days without activity"),
        default=DEFAULT_STALL_DAYS,
        validators=[MinValueValidator(1)],
        help_text=_("The regisseur is told when nothing happened in a case for this many days."),
    )
    decision_days = models.PositiveSmallIntegerField(
        _("signal after days waiting for a decision"),
        default=DEFAULT_DECISION_DAYS,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The regisseur is told when a requested decision (a TLV or a beschikking) is still "
            "pending after this many days."
        ),
    )
    regisseur_title = models.CharField(
        _("name of the regisseur's role"),
        max_length=60,
        default=DEFAULT_REGISSEUR_TITLE,
        help_text=_(
            "What the region calls the regisseur, for example procesbegeleider. The route's "
            "page calls the checklist after it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["region__name", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(is_active=True, region__isnull=False),
                name="routes_one_active_route_per_region",
                violation_error_message=_("This region already has an active route."),
            ),
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True, region__isnull=True),
                name="routes_one_active_model_route",
                violation_error_message=_("There already is an active model route."),
            ),
        ]

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else _("model route")
        return f"{self.name} v{self.version} ({where})"


class Phase(models.Model):
    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="phases", verbose_name=_("route")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["route", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "number"],
                name="routes_unique_phase_number",
                violation_error_message=_("Two phases of a route cannot have the same number."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="steps", verbose_name=_("route")
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("phase"),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The order of the steps; a case starts in the lowest.")
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Short name that stays the same in copies; used to say which steps follow."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    responsible_role = models.CharField(
        _("who acts"), max_length=40, choices=RESPONSIBLE_CHOICES, default=REGISSEUR
    )
    duration_days = models.PositiveSmallIntegerField(
        _("default duration in days"), default=14, validators=[MinValueValidator(1)]
    )
    guards = models.JSONField(
        _("checks to leave the step"),
        default=list,
        blank=True,
        help_text=_("Codes of registered checks that must hold before the case moves on."),
    )
    overridable_guards = models.JSONField(
        _("checks that may be passed with a reason"), default=list, blank=True
    )
    next_steps = models.JSONField(
        _("next steps"),
        default=list,
        blank=True,
        help_text=_("Codes of the steps that may follow."),
    )
    can_close = models.BooleanField(_("the case may close after this step"), default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["route", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "number"],
                name="routes_unique_step_number",
                violation_error_message=_("Two steps of a route cannot have the same number."),
            ),
            models.UniqueConstraint(
                fields=["route", "code"],
                name="routes_unique_step_code",
                violation_error_message=_("Two steps of a route cannot have the same code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ReminderSent(models.Model):
    """One reminder mailed to one person about one action: `send_reminders` never sends the
    same key twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=60)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="routes_one_reminder_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}"
