from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from arrangeer.core.forms_util import DATE_INVALID, date_field
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans.constants import (
    Achievement,
    FundingFramework,
    Instrument,
    ModuleFunction,
    Place,
)
from arrangeer.plans.models import Goal

from .constants import Attendance, BodyStatus, Destination, EndDecision, IntakeChoice

_DATE = forms.DateInput(attrs={"type": "date"})


def _text(label: Any, *, rows: int = 3, required: bool = False, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _goals(help_text: Any = "") -> forms.ModelMultipleChoiceField[Goal]:
    """The goals of the child's plan the place serves (the form's `goals`: those the person
    reads, from the access layer)."""
    return forms.ModelMultipleChoiceField(
        label=_("Goals of the plan the place serves"),
        required=False,
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class ProposalForm(forms.Form):
    """Bijlage 2, at most two A4."""

    name = forms.CharField(
        label=_("Name of the group arrangement"),
        max_length=200,
        error_messages={"required": _("Give the group arrangement a name.")},
    )
    occasion = _text(_("Occasion (aanleiding)"))
    target_group = _text(_("Target group"))
    problem = _text(_("Problem statement"))
    partners = _text(_("Cooperating partners"))
    objective = _text(_("Objective"))
    conditions = _text(_("Conditions"))
    perspectives = _text(_("Multiple perspectives"))
    approach = _text(_("First ideas on the method"))
    financing = _text(_("Financing"))
    planning = _text(_("Intended planning"))

    def __init__(self, *args: Any, regions: list[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if regions is not None and len(regions) > 1:
            self.fields["region"] = forms.ModelChoiceField(
                label=_("Region"),
                queryset=Region.objects.filter(pk__in=[r.pk for r in regions]),
                error_messages={"required": _("Choose the region.")},
            )
            self.order_fields(["region", "name"])


class BusinessCaseForm(forms.Form):
    """Bijlage 3, with the costs compared against the individual arrangements replaced."""

    summary = _text(_("Summary"))
    societal_value = _text(_("Societal value"))
    outcome_indicators = _text(
        _("Outcome indicators it commits to"),
        help_text=_("For example: share to regular education, goal realisation, waiting list."),
    )
    risks = _text(_("Risks"))
    business_financing = _text(_("Financing"))
    business_planning = _text(_("Planning"))
    yearly_cost = forms.DecimalField(
        label=_("Cost of the group per year (euro)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": _("Give the cost as an amount in euro, for example 250000."),
            "min_value": _("The cost cannot be negative."),
        },
    )
    replaced_count = forms.IntegerField(
        label=_("Individual arrangements it replaces"),
        required=False,
        min_value=0,
        max_value=500,
        error_messages={"invalid": _("Give a whole number.")},
    )
    replaced_hours = forms.DecimalField(
        label=_("Hours a week of each individual arrangement"),
        required=False,
        min_value=0,
        max_value=40,
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": _("Give the hours as a number, for example 6.")},
    )
    replaced_product_code = forms.CharField(
        label=_("Product code of the individual arrangements"),
        required=False,
        max_length=5,
        help_text=_("The region's tariff of this product prices them."),
    )
    replaced_framework = forms.ChoiceField(
        label=_("Funding framework of the individual arrangements"),
        required=False,
        choices=[("", "—"), *FundingFramework.choices],
    )


class BodyDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )
    decided_on = date_field(
        _("Date of the meeting"), _("Give the date of the meeting."), widget=_DATE
    )
    text = _text(_("Decision or advice"))
    conditions = _text(_("Conditions"), rows=2)

    def __init__(self, *args: Any, outcomes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in BodyStatus.choices if value in outcomes
        ]


class SetUpForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=60,
        error_messages={"invalid": _("Give the number of places, for example 12.")},
    )
    school = forms.ModelChoiceField(
        label=_("School"), required=False, queryset=Organisation.objects.none()
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    teacher = forms.ModelChoiceField(
        label=_("Teacher"), required=False, queryset=Membership.objects.none()
    )
    assistant = forms.ModelChoiceField(
        label=_("Teaching assistant"), required=False, queryset=Membership.objects.none()
    )
    assistant_hours = forms.DecimalField(
        label=_("Hours of the teaching assistant a week"),
        required=False,
        min_value=1,
        max_value=40,
        max_digits=4,
        decimal_places=1,
        error_messages={"invalid": _("Give the hours as a number, for example 24.")},
    )
    pedagogue = forms.ModelChoiceField(
        label=_("Pedagogical professional (youth care provider)"),
        required=False,
        queryset=Membership.objects.none(),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours a week a child is in the group"),
        required=False,
        min_value=1,
        max_value=40,
        max_digits=4,
        decimal_places=1,
        error_messages={"invalid": _("Give the hours as a number, for example 22.")},
    )
    funding_framework = forms.ChoiceField(
        label=_("Funding framework"), required=False, choices=[("", "—"), *FundingFramework.choices]
    )
    instrument = forms.ChoiceField(
        label=_("Instrument"), required=False, choices=[("", "—"), *Instrument.choices]
    )
    intake_age_months = forms.IntegerField(
        label=_("Intake age in months"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_("42 for the Startklas: 3 years and 6 months. Empty: no intake age."),
        error_messages={"invalid": _("Give the age in months, for example 42.")},
    )
    group_goals = _text(_("Goals of the group"))
    group_approach = _text(_("Approach of the group"))

    def __init__(
        self,
        *args: Any,
        schools: QuerySet[Organisation],
        school_staff: QuerySet[Membership],
        care_staff: QuerySet[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = school_staff  # type: ignore[attr-defined]
        self.fields["assistant"].queryset = school_staff  # type: ignore[attr-defined]
        self.fields["pedagogue"].queryset = care_staff  # type: ignore[attr-defined]
        for name in ("teacher", "assistant", "pedagogue"):
            self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                lambda m: f"{m.user.get_full_name()} ({m.organisation.name})"
            )


class StartForm(forms.Form):
    started_on = date_field(_("Start date"), _("Give the start date."), widget=_DATE)


class IntakeForm(forms.Form):
    intake_on = date_field(_("Date of the intake"), _("Give the date of the intake."), widget=_DATE)
    parents_prefer = forms.ChoiceField(
        label=_("What the parents prefer"),
        choices=IntakeChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say what the parents prefer.")},
    )
    parents_view = forms.CharField(
        label=_("The parents' view"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write down the parents' view: the intake is a joint decision.")
        },
    )
    choice = forms.ChoiceField(
        label=_("Decision of the intake"),
        choices=IntakeChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a regular school or the group.")},
    )
    goals = _goals(
        help_text=_("For the group: the place becomes a module in the child's own plan.")
    )

    def __init__(self, *args: Any, goals: QuerySet[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]


class PlaceForm(forms.Form):
    placed_on = date_field(_("In the group from"), _("Give the date."), widget=_DATE)
    goals = _goals()

    def __init__(self, *args: Any, goals: QuerySet[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]


class OutflowForm(forms.Form):
    left_on = date_field(_("Left the group on"), _("Give the date."), widget=_DATE)
    destination = forms.ChoiceField(
        label=_("Destination"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the child goes.")},
    )
    note = _text(_("What the next school needs to know (warm handover)"))


def _whole(value: Any, *, low: int, high: int) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if low <= number <= high else None


def candidate_initial(params: Mapping[str, Any], regions: list[Region]) -> dict[str, str]:
    """A proposal started from a candidate of the monitor (individual → collective): the
    provider, function and place and the monitor's published figures (children rounded to 5,
    the amount), never a child. Anything that does not fit is left out: no prefill."""
    provider_id = _whole(params.get("aanbieder", ""), low=1, high=2**62)
    function, place = params.get("functie", ""), params.get("plek", "")
    children = _whole(params.get("kinderen", ""), low=1, high=1_000_000)
    year = _whole(params.get("jaar", ""), low=2000, high=2100)
    if provider_id is None or children is None or year is None:
        return {}
    if function not in ModuleFunction.values or place not in Place.values:
        return {}
    provider = Organisation.objects.filter(pk=provider_id, region__in=regions).first()
    if provider is None:
        return {}
    amount = _whole(params.get("bedrag", ""), low=0, high=10**12)
    words = {
        "provider": provider.name,
        "function": ModuleFunction(function).label,
        "place": str(Place(place).label).lower(),
        "children": children,
        "year": f"{year}-{year + 1}",
        "amount": f"{amount:,}".replace(",", ".") if amount is not None else "?",
    }
    return {
        "name": gettext("Group arrangement: %(function)s, %(provider)s") % words,
        "occasion": gettext(
            "From the regional monitor, school year %(year)s: about %(children)s children "
            "carry individual modules of the same kind (%(function)s, %(provider)s, "
            "%(place)s), together € %(amount)s in the school year. One group arrangement may "
            "serve them better and cost less."
        )
        % words,
        "partners": provider.name,
        "financing": gettext(
            "The individual modules it would replace cost about € %(amount)s in school year "
            "%(year)s (the monitor's figure)."
        )
        % words,
    }


class EvaluationForm(forms.Form):
    held_on = date_field(_("Held on"), _("Give the date."), widget=_DATE)
    goals_findings = _text(
        _("Findings on the goals of the group"),
        rows=5,
        help_text=_("What the group reached of the goals in its group plan."),
    )
    indicators_findings = _text(
        _("Findings on the outcome indicators"),
        rows=5,
        help_text=_("Against each outcome indicator the business case committed to."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("No decision yet: an evaluation moment")), *EndDecision.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    decision_note = _text(_("Reasons and conditions of the decision"))
    next_on = forms.DateField(
        label=_("Next evaluation"),
        widget=_DATE,
        required=False,
        error_messages={"invalid": DATE_INVALID},
        help_text=_("Not needed when the group is integrated into regular processes."),
    )


class RegisterDateForm(forms.Form):
    on = date_field(
        _("Date of the registration"),
        _("Give the date."),
        widget=_DATE,
        help_text=_("Attendance is registered once per week, with the hours of that week."),
    )


class RegisterForm(forms.Form):
    """One child's line of the week's registration (prefixed with the case)."""

    attendance = forms.ChoiceField(
        label=_("Attendance this week"),
        choices=[("", _("Not registered")), *Attendance.choices],
        required=False,
    )
    hours = forms.DecimalField(
        label=_("Hours in the group this week"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal(40),
        decimal_places=2,
    )
    goal = forms.ChoiceField(label=_("Goal"), required=False)
    achievement = forms.ChoiceField(
        label=_("Progress on the goal"),
        choices=[("", "—"), *Achievement.choices],
        required=False,
    )
    value = forms.DecimalField(
        label=_("Value on the goal's scale"), required=False, decimal_places=2
    )
    note = _text(_("Progress note"), rows=2)

    def __init__(self, *args: Any, goals: list[Goal], may_attend: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The goals the page read already, within the child's access: no query per line.
        self.goals = {str(goal.pk): goal for goal in goals}
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.ChoiceField)
        goal_field.choices = [("", "—"), *((str(g.pk), str(g.what)) for g in goals)]
        if len(goals) == 1:
            goal_field.initial = str(goals[0].pk)
        if not may_attend:
            del self.fields["attendance"]
            del self.fields["hours"]
        if not goals:
            for name in ("goal", "achievement", "value", "note"):
                del self.fields[name]

    def clean_goal(self) -> Goal | None:
        chosen = self.cleaned_data.get("goal") or ""
        return self.goals.get(chosen)
