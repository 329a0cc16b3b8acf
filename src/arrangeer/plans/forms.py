"""Forms of the plan. They collect and check input; the services write. The rules of the
domain are in the models' clean() (run here and again in the service)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.forms import DateInput
from arrangeer.cases.partners import choosable_organisations
from arrangeer.organisations.models import Organisation

from .constants import (
    DOMAIN_DEFAULT_CATEGORY,
    RECORDED_DECISION_STATES,
    Achievement,
    GoalScale,
    MissReason,
)
from .models import DomainEntry, Goal, Intervention, Module, NetworkPerson, PlanItem, SupportNeed
from .models.items import plain


def category_choices(access: CaseAccess) -> list[tuple[str, str]]:
    return access.category_choices()


def _required_messages(model: type[PlanItem], names: list[str]) -> dict[str, dict[str, Any]]:
    """The model's own message for a missing value, so the form names what is missing."""
    messages: dict[str, dict[str, Any]] = {}
    for name in names:
        field = model._meta.get_field(name)
        blank = getattr(field, "error_messages", {}).get("blank")
        if blank is not None and blank is not models.Field.default_error_messages["blank"]:
            messages[name] = {"required": blank}
    return messages


class PlanItemForm(forms.ModelForm[PlanItem]):
    """Common to every item: the category (only those the writer may see) and the lock
    version the edit is based on."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, access: CaseAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["category"] = forms.ChoiceField(
            label=_("Data category"),
            choices=[("", "---------"), *category_choices(access)],
            help_text=_("Decides who may read this: only organisations with a ground for it."),
            error_messages={
                "required": _("Choose the data category: it decides who may read this.")
            },
        )
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = min(int(field.widget.attrs.get("rows", 3)), 3)

    # Long forms read better in parts: (legend, field names). Fields in no group come last.
    groups: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        if not self.groups:
            return []
        placed = {name for _legend, names in self.groups for name in names}
        sets = [(legend, [self[name] for name in names]) for legend, names in self.groups]
        rest = [f for f in self.visible_fields() if f.name not in placed]
        if rest:
            sets.append((_("Who may read it"), rest))
        return sets

    def full_clean(self) -> None:
        # The model's clean() names a missing part the way the form already did: say it once.
        super().full_clean()
        if not self.is_bound:
            return
        for name, errors in list(self.errors.items()):
            unique = list(dict.fromkeys(str(error) for error in errors))
            if len(unique) != len(errors):
                self.errors[name] = self.error_class(unique)

    def content(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        return data


class DomainEntryForm(PlanItemForm):
    class Meta:
        model = DomainEntry
        fields = [
            "domain",
            "going_well",
            "needs_attention",
            "child_can_wants",
            "protective_factors",
            "hindering_factors",
            "what_is_needed",
            "support_level",
            "category",
        ]
        error_messages = _required_messages(DomainEntry, ["domain"])

    def __init__(self, *args: Any, labels: dict[int, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = labels or {}
        self.fields["support_level"] = forms.TypedChoiceField(
            label=_("Support level"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Not set"))]
            + [
                (level, f"{level} — {labels[level]}" if level in labels else str(level))
                for level in range(1, 8)
            ],
            help_text=_("Optional: 1 is the lightest support, 7 the heaviest."),
        )
        domain = self.initial.get("domain") or self.data.get("domain")
        if not self.instance.pk and domain in DOMAIN_DEFAULT_CATEGORY:
            self.fields["category"].initial = DOMAIN_DEFAULT_CATEGORY[domain]


class NetworkPersonForm(PlanItemForm):
    class Meta:
        model = NetworkPerson
        fields = ["name", "relation", "involvement", "support", "contact", "note", "category"]
        error_messages = _required_messages(
            NetworkPerson, ["name", "relation", "involvement", "support"]
        )
        help_texts = {"contact": _("For example: how often, or how to reach them.")}


class SupportNeedForm(PlanItemForm):
    class Meta:
        model = SupportNeed
        fields = ["of_whom", "text", "category"]
        error_messages = _required_messages(SupportNeed, ["of_whom", "text"])


class GoalForm(PlanItemForm):
    class Meta:
        model = Goal
        fields = [
            "side",
            "domain",
            "what",
            "indicator",
            "baseline",
            "target",
            "deadline",
            "owner",
            "scale",
            "scale_min",
            "scale_max",
            "category",
        ]
        widgets = {"deadline": DateInput(), "what": forms.Textarea(attrs={"rows": 2})}
        labels = {"side": _("Education or care and upbringing")}
        error_messages = _required_messages(Goal, ["side"])
        help_texts = {
            "indicator": _("How will you see progress? Observable or measurable."),
            "baseline": _("Where the child stands now."),
            "target": _("Where the child should stand by the date of the goal."),
            "owner": _("Who works on it: the child, a parent, the teacher, a provider…"),
            "scale_min": _("Only for a number on a scale, for example 0."),
            "scale_max": _("Only for a number on a scale, for example 10."),
        }

    groups = (
        (_("The goal"), ("side", "domain", "what", "owner", "deadline")),
        (_("Measurable"), ("indicator", "baseline", "target", "scale", "scale_min", "scale_max")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scale"].widget = forms.RadioSelect(choices=GoalScale.choices)
        self.fields["domain"].required = False
        # Every SMART part is required; the message names the part (the model's rule).
        for name, part in Goal.SMART_PARTS:
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Missing SMART part: %(part)s.") % {
                "part": part
            }


class ProviderChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_type_display()})"


class InterventionChoiceField(forms.ModelChoiceField[Intervention]):
    def label_from_instance(self, obj: Intervention) -> str:
        return f"{obj.name} — {obj.recognition_level}"


class GoalChoiceField(forms.ModelMultipleChoiceField[Goal]):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.what} ({obj.get_side_display()})"


class ModuleForm(PlanItemForm):
    instance: Module

    class Meta:
        model = Module
        fields = [
            "title",
            "side",
            "provider",
            "function",
            "place",
            "intensity",
            "intensity_unit",
            "start_date",
            "end_date",
            "goals",
            "funding_framework",
            "instrument",
            "decision_status",
            "reference_number",
            "requested_on",
            "decided_on",
            "decision_ends_on",
            "in_school_time",
            "cost_agreement",
            "toewijzing_number",
            "product_code",
            "intervention",
            "method_description",
            "method_rationale",
            "category",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "requested_on": DateInput(),
            "decided_on": DateInput(),
            "decision_ends_on": DateInput(),
        }
        error_messages = _required_messages(
            Module,
            [
                "title",
                "side",
                "provider",
                "function",
                "place",
                "intensity",
                "start_date",
                "end_date",
                "funding_framework",
                "instrument",
            ],
        )
        help_texts = {
            "intensity": _("Hours or sessions per week; at most 40 hours or 20 sessions."),
            "end_date": _("Required: an arrangement is temporary by principle."),
            "toewijzing_number": _("Only for an iJw toewijzing."),
            "product_code": _(
                "5 letters or digits. Required for an iJw toewijzing; with it the funding "
                "overview finds the region's tariff."
            ),
            "decision_ends_on": _("The last day the decision covers, if it has an end."),
            "intervention": _(
                "Preferably a recognised intervention. Without one, describe the method and "
                "why it should reach the goal."
            ),
        }

    groups = (
        (_("What and who"), ("title", "side", "provider", "function", "place", "goals")),
        (_("How much and how long"), ("intensity", "intensity_unit", "start_date", "end_date")),
        (
            _("Funding"),
            (
                "funding_framework",
                "instrument",
                "decision_status",
                "reference_number",
                "requested_on",
                "decided_on",
                "decision_ends_on",
                "toewijzing_number",
                "product_code",
                "in_school_time",
                "cost_agreement",
            ),
        ),
        (_("Method"), ("intervention", "method_description", "method_rationale")),
    )

    def __init__(self, *args: Any, goals: QuerySet[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"] = ProviderChoiceField(
            label=_("Provider"),
            queryset=choosable_organisations(self.access.case),
            error_messages=self._meta.error_messages["provider"],  # type: ignore[index]
        )
        self.fields["intervention"] = InterventionChoiceField(
            label=_("Recognised intervention (NJi)"),
            queryset=Intervention.objects.filter(is_active=True),
            required=False,
            empty_label=_("None: the method is described below"),
            help_text=self.fields["intervention"].help_text,
        )
        self.fields["goals"] = GoalChoiceField(
            label=_("Goals it serves"),
            queryset=goals,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=_("Every module serves at least one goal."),
        )
        # Required unless a recognised intervention is chosen: not marked "optional".
        for name in ("method_description", "method_rationale"):
            self.fields[name].conditional = True  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["goals"] = [g.pk for g in goals if g in set(self.instance.goals.all())]


class BankSearchForm(forms.Form):
    zoek = forms.CharField(label=_("Search the region's goal bank"), max_length=100, required=False)


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"required": _("Give the date.")}
    )
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=8, decimal_places=2)
    achievement = forms.ChoiceField(
        label=_("Achieved"),
        required=False,
        choices=[("", "---------"), *Achievement.choices],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if goal.is_numeric:
            del self.fields["achievement"]
            self.fields["value"].required = True
            self.fields["value"].error_messages["required"] = _(
                "Give the value on the goal's scale."
            )
            self.fields["value"].help_text = _("From %(low)s to %(high)s.") % {
                "low": plain(goal.scale_min) if goal.scale_min is not None else "",
                "high": plain(goal.scale_max) if goal.scale_max is not None else "",
            }
        else:
            del self.fields["value"]
            self.fields["achievement"].required = True
            self.fields["achievement"].error_messages["required"] = _(
                "Choose achieved, partly achieved or not achieved."
            )


class DeliveryForm(forms.Form):
    on_date = forms.DateField(
        label=_("Date"), widget=DateInput(), error_messages={"required": _("Give the date.")}
    )
    delivered = forms.TypedChoiceField(
        label=_("Delivered?"),
        choices=[("1", _("Delivered")), ("0", _("Missed"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
        error_messages={"required": _("Say whether it was delivered.")},
    )
    amount = forms.DecimalField(
        label=_("Sessions or hours"),
        initial=1,
        min_value=0.25,
        max_value=40,
        max_digits=5,
        decimal_places=2,
    )
    miss_reason = forms.ChoiceField(
        label=_("Reason it was missed"),
        required=False,
        choices=[("", "---------"), *MissReason.choices],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or MP4; at most 10 MB."),
        error_messages={"required": _("Choose a file.")},
    )
    description = forms.CharField(label=_("What is it?"), max_length=300)
    category = forms.ChoiceField(label=_("Data category"))

    def __init__(self, *args: Any, access: CaseAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", "---------"),
            *category_choices(access),
        ]


class DecisionForm(forms.Form):
    """The state of a module's decision, recorded by the deciding organisation."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    decision_status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s.value, s.label) for s in RECORDED_DECISION_STATES],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the decision is requested, granted or refused.")
        },
    )
    reference_number = forms.CharField(
        label=_("Reference number (kenmerk)"), required=False, max_length=60
    )
    requested_on = forms.DateField(label=_("Requested on"), required=False, widget=DateInput())
    decided_on = forms.DateField(
        label=_("Decided on"),
        required=False,
        widget=DateInput(),
        help_text=_("Needed when the decision is granted or refused."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For instance the period the decision covers."),
    )
