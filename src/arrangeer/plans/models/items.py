"""The content of the plan: entries per life domain, the people around the child, support
needs, shared goals with their measurements, arrangement modules with their delivery.

Every item carries a data category and an author, and a lock version for optimistic
concurrency (a save based on an older version is refused, see services). The rules of the
domain live in each model's clean(), which forms and services both run; the database
constraints are the backstop."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from arrangeer.cases.access import ScopedQuerySet
from arrangeer.children.validators import validate_person_name
from arrangeer.core.numbers import format_number
from arrangeer.vocabulary import DataCategory

from ..constants import (
    INSTRUMENT_FRAMEWORKS,
    MAX_HOURS_PER_WEEK,
    MAX_SESSIONS_PER_WEEK,
    Achievement,
    DecisionStatus,
    EntrySource,
    FundingFramework,
    GoalScale,
    Instrument,
    IntensityUnit,
    Involvement,
    LifeDomain,
    MissReason,
    ModuleFunction,
    NeedOf,
    NetworkRelation,
    Place,
    Side,
    SupportRole,
)
from .choices import ChoiceLabels

if TYPE_CHECKING:
    from arrangeer.accounts.models import User


def plain(value: Decimal) -> str:
    """2, 2,5, 10 as people read them in the active language: never 1E+1 or 2.00."""
    return format_number(value)


def _required(message: Any) -> dict[str, Any]:
    return {"blank": message, "null": message, "required": message}


class PlanItemQuerySet(ScopedQuerySet[Any]):
    """Plan items through the access layer: `visible_to(access)` (cases.scoping)."""

    case_path = "plan__case"
    removed_path = "removed_at"


class PlanItem(ChoiceLabels):
    """What every piece of the plan has: an identity that survives versions (uuid), a data
    category, an author, and a lock version."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(
        _("data category"),
        max_length=20,
        choices=DataCategory.choices,
        error_messages=_required(_("Choose the data category: it decides who may read this.")),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.CharField(_("organisation of the author"), max_length=200)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(inherit=True)
    # Who makes the change being saved: set by the write services, read by the history record.
    _history_user: User

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        abstract = True


class DomainEntry(PlanItem):
    """The whole child on one life domain, as one author sees it."""

    TEXT_FIELDS = (
        "going_well",
        "needs_attention",
        "child_can_wants",
        "protective_factors",
        "hindering_factors",
    )

    domain = models.CharField(
        _("life domain"),
        max_length=30,
        choices=LifeDomain.choices,
        error_messages=_required(_("Choose the life domain.")),
    )
    going_well = models.TextField(_("what goes well"), blank=True)
    needs_attention = models.TextField(_("what needs attention"), blank=True)
    child_can_wants = models.TextField(_("what the child can and wants"), blank=True)
    protective_factors = models.TextField(_("protective factors"), blank=True)
    hindering_factors = models.TextField(_("hindering factors"), blank=True)
    what_is_needed = models.TextField(_("what is needed"), blank=True)
    source = models.CharField(
        _("whose view"),
        max_length=20,
        choices=EntrySource.choices,
        default=EntrySource.PROFESSIONAL,
    )
    support_level = models.PositiveSmallIntegerField(
        _("support level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("Optional: 1 (lightest) to 7 (heaviest); the labels are the region's."),
    )

    class Meta:
        verbose_name = _("life domain entry")
        verbose_name_plural = _("life domain entries")
        ordering = ["domain", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support_level__isnull=True)
                | models.Q(support_level__gte=1, support_level__lte=7),
                name="plans_domain_support_level_1_to_7",
                violation_error_message=_("A support level is a number from 1 to 7."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_domain_display())

    def clean(self) -> None:
        super().clean()
        if not any((getattr(self, name) or "").strip() for name in self.TEXT_FIELDS):
            raise ValidationError(
                {
                    "going_well": _(
                        "Write at least one of: what goes well, what needs attention, what the "
                        "child can and wants, protective or hindering factors."
                    )
                }
            )


class NetworkPerson(PlanItem):
    """Someone in the child's living environment."""

    name = models.CharField(
        _("name or description"),
        max_length=150,
        validators=[validate_person_name],
        error_messages=_required(_("Write a name, or who it is (for example: grandmother).")),
    )
    relation = models.CharField(
        _("relation to the child"),
        max_length=20,
        choices=NetworkRelation.choices,
        error_messages=_required(_("Choose the relation to the child.")),
    )
    involvement = models.CharField(
        _("how involved"),
        max_length=20,
        choices=Involvement.choices,
        error_messages=_required(_("Choose how involved this person is.")),
    )
    support = models.CharField(
        _("support or stress"),
        max_length=20,
        choices=SupportRole.choices,
        error_messages=_required(_("Choose whether this person is a source of support.")),
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("person around the child")
        verbose_name_plural = _("people around the child")
        ordering = ["relation", "name"]

    def __str__(self) -> str:
        return self.name


class SupportNeed(PlanItem):
    """What the child, the parents or the school need (ondersteuningsbehoefte)."""

    of_whom = models.CharField(
        _("support need of"),
        max_length=20,
        choices=NeedOf.choices,
        error_messages=_required(_("Choose whose support need this is.")),
    )
    text = models.TextField(
        _("support need"), error_messages=_required(_("Describe the support need."))
    )

    class Meta:
        verbose_name = _("support need")
        verbose_name_plural = _("support needs")
        ordering = ["of_whom", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]


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
