from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.forms import ColleagueChoiceField, DateInput, FamilyDecisionForm
from arrangeer.children.models import Child
from arrangeer.children.validators import validate_bsn
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.plans.constants import (
    FundingFramework,
    Instrument,
    IntensityUnit,
    ModuleFunction,
    Place,
    Side,
)
from arrangeer.plans.models import Goal, Module
from arrangeer.vocabulary import DataCategory

from .constants import Urgency

# How many modules an advice can propose on its form.
MODULE_LINES = 3


class AskForm(FamilyDecisionForm):
    """The question to the Loket; with the parents' consent for the Loket when it is not
    there yet (then the consent's fields are asked too)."""

    loket = forms.ModelChoiceField(
        label=_("Integraal loket"), queryset=Organisation.objects.none(), empty_label=None
    )
    question = forms.CharField(
        label=_("Your question for the Loket"), widget=forms.Textarea(attrs={"rows": 4})
    )
    tried = forms.CharField(
        label=_("What was already tried, and its effect"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    categories = forms.MultipleChoiceField(
        label=_("Data categories the Loket may see"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    evidence = forms.ChoiceField(
        label=_("How was the consent given"), choices=Evidence.choices, required=False
    )
    valid_until = forms.DateField(
        label=_("Consent valid until"), widget=DateInput(), required=False
    )

    field_order = [
        "loket",
        "question",
        "tried",
        "urgency",
        "categories",
        "representative",
        "by_child",
        "evidence",
        "valid_until",
        "note",
    ]

    def __init__(
        self, *args: Any, child: Child, lokets: Any, needs_consent: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, child=child, **kwargs)
        self.fields["loket"].queryset = lokets  # type: ignore[attr-defined]
        self.needs_consent = needs_consent
        self.fields["representative"].label = _("Consent given by parent or carer")
        self.fields["by_child"].label = _("Consent given by the child / young person")
        self.fields["note"].label = _("Note on the consent")
        if not needs_consent:
            for name in (
                "categories",
                "representative",
                "by_child",
                "evidence",
                "valid_until",
                "note",
            ):
                del self.fields[name]
        else:
            self.fields["categories"].required = True
            self.fields["evidence"].required = True

    def consent(self) -> dict[str, Any] | None:
        if not self.needs_consent:
            return None
        data = self.cleaned_data
        return {
            key: data.get(key)
            for key in (
                "categories",
                "representative",
                "by_child",
                "evidence",
                "valid_until",
                "note",
            )
        }


class AdviseForm(forms.Form):
    advice = forms.CharField(label=_("Advice"), widget=forms.Textarea(attrs={"rows": 6}))
    route_step = forms.CharField(
        label=_("Proposed next step on the route"), max_length=200, required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners to involve"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, memberships: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = self.fields["partners"]
        partners.queryset = memberships  # type: ignore[attr-defined]
        partners.label_from_instance = ColleagueChoiceField.label_from_instance.__get__(partners)  # type: ignore[attr-defined]
        for n in range(1, MODULE_LINES + 1):
            self.fields[f"module_{n}_title"] = forms.CharField(
                label=_("Module %(n)d: title") % {"n": n}, max_length=200, required=False
            )
            self.fields[f"module_{n}_side"] = forms.ChoiceField(
                label=_("Module %(n)d: education or care") % {"n": n},
                choices=[("", "---------"), *Side.choices],
                required=False,
            )
            self.fields[f"module_{n}_function"] = forms.ChoiceField(
                label=_("Module %(n)d: function") % {"n": n},
                choices=[("", "---------"), *ModuleFunction.choices],
                required=False,
            )
            self.fields[f"module_{n}_provider"] = forms.ModelChoiceField(
                label=_("Module %(n)d: provider") % {"n": n},
                queryset=providers,
                required=False,
            )

    def modules(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        found = []
        for n in range(1, MODULE_LINES + 1):
            line = {
                key: data.get(f"module_{n}_{key}")
                for key in ("title", "side", "function", "provider")
            }
            if line["title"] or line["side"] or line["function"] or line["provider"]:
                found.append(line)
        return found


class ModuleTakeOverForm(forms.Form):
    """What the plan needs of a module besides the Loket's proposal."""

    goals = forms.ModelMultipleChoiceField(
        label=_("Goals this module serves"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.none(), required=False
    )
    function = forms.ChoiceField(
        label=_("Function"), choices=[("", "---------"), *ModuleFunction.choices], required=False
    )
    place = forms.ChoiceField(
        label=_("Place"), choices=[("", "---------"), *Place.choices], required=False
    )
    intensity = forms.DecimalField(
        label=_("Intensity"), max_digits=5, decimal_places=2, required=False, min_value=0
    )
    intensity_unit = forms.ChoiceField(label=_("Unit"), choices=IntensityUnit.choices)
    start_date = forms.DateField(label=_("Start"), widget=DateInput(), required=False)
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    funding_framework = forms.ChoiceField(
        label=_("Funding framework"),
        choices=[("", "---------"), *FundingFramework.choices],
        required=False,
    )
    instrument = forms.ChoiceField(
        label=_("Instrument"), choices=[("", "---------"), *Instrument.choices], required=False
    )
    method_description = forms.CharField(
        label=_("Method"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Without a recognised intervention: describe the method."),
    )
    method_rationale = forms.CharField(
        label=_("Why this method should reach the goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, goals: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        # What the plan requires of every module, with the plan's own messages.
        for name in (
            "provider",
            "function",
            "place",
            "intensity",
            "start_date",
            "end_date",
            "funding_framework",
            "instrument",
        ):
            self.fields[name].required = True
            model_field = cast("models.Field[Any, Any]", Module._meta.get_field(name))
            self.fields[name].error_messages["required"] = model_field.error_messages["required"]
        self.fields["goals"].required = True
        self.fields["goals"].error_messages["required"] = _(
            "Choose the goals this module serves: every module serves a goal."
        )
        # Needed when no recognised intervention is chosen (always, here): the plan says so.
        for name in ("method_description", "method_rationale"):
            self.fields[name].conditional = True  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done with the advice"), widget=forms.Textarea(attrs={"rows": 4})
    )


class SignalForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("Your youth team"), queryset=Membership.objects.none(), empty_label=None
    )
    bsn = forms.CharField(label=_("BSN of the child"), max_length=9, validators=[validate_bsn])
    child_name = forms.CharField(
        label=_("Name of the child"),
        max_length=250,
        help_text=_("To recognise the child by in your own list; not shown to the other side."),
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]
        self.fields["membership"].label_from_instance = lambda m: m.organisation.name  # type: ignore[attr-defined]
