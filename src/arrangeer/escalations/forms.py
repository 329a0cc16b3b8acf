from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import FundingFramework, Instrument
from arrangeer.plans.models import Module


class RaiseForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module it is about"),
        queryset=Module.objects.none(),
        error_messages={"required": _("Choose the module the disagreement is about.")},
    )
    question = forms.CharField(
        label=_("What must be decided?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what must be decided.")},
    )
    options = forms.CharField(
        label=_("The options on the table"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the options on the table.")},
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Partners in disagreement"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least two partners who disagree.")},
    )
    cost_at_stake = forms.DecimalField(
        label=_("Cost at stake (euro)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "required": _("Give the cost at stake in euro."),
            "invalid": _("Give the cost as an amount in euro, for example 4500."),
            "min_value": _("The cost cannot be negative."),
        },
    )

    def __init__(
        self,
        *args: Any,
        modules: QuerySet[Module],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules  # type: ignore[attr-defined]
        self.fields["parties"].queryset = organisations  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    payer = forms.ModelChoiceField(
        label=_("Who pays"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the organisation that pays.")},
    )
    funding_framework = forms.ChoiceField(
        label=_("From which law"),
        choices=[("", "—"), *FundingFramework.choices],
        error_messages={"required": _("Choose the law (funding framework) that pays.")},
    )
    instrument = forms.ChoiceField(
        label=_("With which decision (instrument)"),
        choices=[("", "—"), *Instrument.choices],
        error_messages={"required": _("Choose the instrument.")},
    )
    pays_what = forms.CharField(
        label=_("What is paid"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what is paid.")},
    )
    from_date = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the date from which it is paid."),
            "invalid": _("Give a date, for example 01-09-2026."),
        },
    )
    note = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The escalation's version the page was built from (selectors.version): the service
    # refuses the decision when someone acted in between.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = organisations  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
