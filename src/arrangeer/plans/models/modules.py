"""The modules of the arrangement and their delivery: who does what, where, how much, how
long, paid from which framework with which decision, and each delivered or missed session.

The rules of a module (dates, intensity, the framework's instrument, the decision's number)
live in `Module.clean`, which forms and services both run."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import (
    INSTRUMENT_FRAMEWORKS,
    MAX_HOURS_PER_WEEK,
    MAX_SESSIONS_PER_WEEK,
    DecisionStatus,
    FundingFramework,
    Instrument,
    IntensityUnit,
    MissReason,
    ModuleFunction,
    Place,
    Side,
)
from .choices import ChoiceLabels
from .goals import Goal
from .items import PlanItem, _required

_PRODUCT_CODE = re.compile(r"^[0-9A-Z]{5}$")
_TOEWIJZING = re.compile(r"^[0-9]{1,20}$")


class Module(PlanItem):
    """A module of the arrangement: who does what, where, how much, how long, paid from which
    framework with which decision, and which goals it serves."""

    title = models.CharField(
        _("title"), max_length=200, error_messages=_required(_("Give the module a title."))
    )
    side = models.CharField(
        _("education or care"),
        max_length=20,
        choices=Side.choices,
        error_messages=_required(_("Choose education or care.")),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider"),
        error_messages=_required(_("Choose the organisation that provides this module.")),
    )
    function = models.CharField(
        _("function"),
        max_length=20,
        choices=ModuleFunction.choices,
        error_messages=_required(_("Choose the function of the module.")),
    )
    place = models.CharField(
        _("place"),
        max_length=20,
        choices=Place.choices,
        error_messages=_required(_("Choose where the module takes place.")),
    )
    intensity = models.DecimalField(
        _("intensity"),
        max_digits=5,
        decimal_places=2,
        error_messages=_required(_("Give the intensity: how many hours or sessions a week.")),
    )
    intensity_unit = models.CharField(
        _("unit"),
        max_length=20,
        choices=IntensityUnit.choices,
        default=IntensityUnit.HOURS,
    )
    start_date = models.DateField(_("start"), error_messages=_required(_("Give the start date.")))
    end_date = models.DateField(
        _("end"),
        error_messages=_required(_("Give the end date: an arrangement is temporary by principle.")),
    )
    funding_framework = models.CharField(
        _("funding framework"),
        max_length=20,
        choices=FundingFramework.choices,
        error_messages=_required(
            _("Choose the funding framework: which law and which payer fund this module.")
        ),
    )
    instrument = models.CharField(
        _("instrument"),
        max_length=20,
        choices=Instrument.choices,
        error_messages=_required(_("Choose the instrument (the decision this module needs).")),
    )
    decision_status = models.CharField(
        _("status of the decision"),
        max_length=20,
        choices=DecisionStatus.choices,
        default=DecisionStatus.NOT_APPLICABLE,
    )
    reference_number = models.CharField(_("reference number"), max_length=60, blank=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_ends_on = models.DateField(_("decision valid until"), null=True, blank=True)
    in_school_time = models.BooleanField(_("takes place in school time"), default=False)
    cost_agreement = models.CharField(
        _("agreement on who pays"),
        max_length=300,
        blank=True,
        help_text=_(
            "For care in school time: what the school, the SWV and the municipality agreed "
            "about who pays."
        ),
    )
    toewijzing_number = models.CharField(_("toewijzing number"), max_length=20, blank=True)
    product_code = models.CharField(_("product code"), max_length=5, blank=True)
    intervention = models.ForeignKey(
        "plans.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recognised intervention (NJi)"),
    )
    method_description = models.TextField(_("method"), blank=True)
    method_rationale = models.TextField(_("why this method should reach the goal"), blank=True)
    goals = models.ManyToManyField(
        Goal, related_name="modules", blank=True, verbose_name=_("goals it serves")
    )
    # Ended before its planned end (a child leaving a group): a fact of carrying out the plan,
    # also once adopted, like a decision; the end date is then the day it ended.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("arrangement module")
        verbose_name_plural = _("arrangement modules")
        ordering = ["side", "start_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="plans_module_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(intensity__gt=0, intensity__lte=40),
                name="plans_module_intensity_positive_and_at_most_40",
                violation_error_message=_("The intensity must be above 0 and at most 40."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The end date must be after the start date.")
        errors.update(self._intensity_errors())
        errors.update(self._decision_errors())
        if self.instrument == Instrument.IJW_TOEWIJZING:
            errors.update(self._toewijzing_errors())
        if self.intervention_id is None:
            errors.update(self._method_errors())
        if errors:
            raise ValidationError(errors)

    def _intensity_errors(self) -> dict[str, Any]:
        if self.intensity is None:
            return {}
        limit = (
            MAX_SESSIONS_PER_WEEK
            if self.intensity_unit == IntensityUnit.SESSIONS
            else MAX_HOURS_PER_WEEK
        )
        if self.intensity <= 0:
            return {"intensity": _("The intensity must be more than 0.")}
        if self.intensity > limit:
            return {
                "intensity": _("More than %(limit)s %(unit)s is not a realistic intensity.")
                % {"limit": limit, "unit": IntensityUnit(self.intensity_unit).label}
            }
        return {}

    def _decision_errors(self) -> dict[str, Any]:
        """The instrument fits the funding framework, and its decision is complete; no
        instrument, no decision."""
        errors: dict[str, Any] = {}
        framework, instrument = self.funding_framework, self.instrument
        if (
            framework
            and instrument
            and framework != FundingFramework.OTHER
            and framework not in INSTRUMENT_FRAMEWORKS.get(instrument, frozenset())
        ):
            errors["instrument"] = _(
                "A %(instrument)s does not belong to %(framework)s. Choose the instrument "
                "that goes with the funding framework."
            ) % {
                "instrument": Instrument(instrument).label,
                "framework": FundingFramework(framework).label,
            }
        if instrument == Instrument.NONE:
            self.decision_status = DecisionStatus.NOT_APPLICABLE
        elif instrument and self.decision_status == DecisionStatus.NOT_APPLICABLE:
            errors["decision_status"] = _(
                "A %(instrument)s is a decision: say whether it is requested, granted or refused."
            ) % {"instrument": Instrument(instrument).label}
        if (
            self.decision_status in (DecisionStatus.GRANTED, DecisionStatus.REFUSED)
            and not self.decided_on
        ):
            errors["decided_on"] = _("Give the date of the decision.")
        if self.requested_on and self.decided_on and self.decided_on < self.requested_on:
            errors["decided_on"] = _("The decision cannot come before the request.")
        if self.decided_on and self.decision_ends_on and self.decision_ends_on <= self.decided_on:
            errors["decision_ends_on"] = _("The decision must be valid until after it was taken.")
        return errors

    def _toewijzing_errors(self) -> dict[str, Any]:
        """An iJw toewijzing carries its numbers (tidied as they are checked)."""
        errors: dict[str, Any] = {}
        self.product_code = (self.product_code or "").strip().upper()
        self.toewijzing_number = (self.toewijzing_number or "").strip()
        if not _TOEWIJZING.match(self.toewijzing_number):
            errors["toewijzing_number"] = _(
                "An iJw toewijzing needs its toewijzing number (digits only)."
            )
        if not _PRODUCT_CODE.match(self.product_code):
            errors["product_code"] = _(
                "An iJw toewijzing needs its product code: 5 letters or digits."
            )
        return errors

    def _method_errors(self) -> dict[str, Any]:
        """Without a recognised intervention, the method is described and explained."""
        errors: dict[str, Any] = {}
        if not (self.method_description or "").strip():
            errors["method_description"] = _(
                "Without a recognised intervention, describe the method."
            )
        if not (self.method_rationale or "").strip():
            errors["method_rationale"] = _(
                "Without a recognised intervention, explain why this method should reach the goal."
            )
        return errors

    @property
    def unit_word(self) -> str:
        return str(_("sessions") if self.intensity_unit == IntensityUnit.SESSIONS else _("hours"))

    @property
    def max_intensity(self) -> Decimal:
        if self.intensity_unit == IntensityUnit.SESSIONS:
            return MAX_SESSIONS_PER_WEEK
        return MAX_HOURS_PER_WEEK


class DeliveryRecord(ChoiceLabels):
    """One delivered or missed session (or a number of hours) of a module. A missed one
    carries its reason: provision promised but not delivered must be visible."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="deliveries")
    on_date = models.DateField(_("date"), error_messages=_required(_("Give the date.")))
    delivered = models.BooleanField(_("delivered"), default=True)
    amount = models.DecimalField(
        _("hours or sessions"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(40))],
    )
    miss_reason = models.CharField(
        _("reason it was missed"), max_length=20, choices=MissReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["module", "on_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivered=True, miss_reason="")
                | models.Q(delivered=False) & ~models.Q(miss_reason=""),
                name="plans_missed_delivery_has_a_reason",
                violation_error_message=_("A missed session needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on_date} {self.amount}"

    def clean(self) -> None:
        super().clean()
        if self.delivered:
            self.miss_reason = ""
        elif not self.miss_reason:
            raise ValidationError({"miss_reason": _("Choose why the session was missed.")})
        elif self.miss_reason == MissReason.OTHER and not self.note.strip():
            raise ValidationError({"note": _("Describe why the session was missed.")})
