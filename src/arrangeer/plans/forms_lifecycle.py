"""Forms of the plan's lifecycle pages (views_lifecycle): the parents' instemming, adopting
and adjusting the plan, the evaluation and the rating of a goal in it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.forms import DateInput
from arrangeer.children.models import LegalRepresentative

from .constants import (
    AgreementDecision,
    AgreementEvidence,
    ChildHeard,
    EvaluationDecision,
    Realisation,
)
from .forms import category_choices
from .models import Goal


class AgreementForm(forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    representative = forms.ModelChoiceField(
        label=_("Parent or carer with parental authority"),
        queryset=LegalRepresentative.objects.none(),
        error_messages={"required": _("Choose the parent.")},
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=AgreementDecision.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(label=_("Date of the signature or meeting"), widget=DateInput())
    evidence = forms.ChoiceField(
        label=_("How it was given"),
        choices=[(v, label) for v, label in AgreementEvidence.choices if v != "portaal"],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, parents: QuerySet[LegalRepresentative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = parents  # type: ignore[attr-defined]


class AdoptForm(forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    child_heard = forms.ChoiceField(
        label=_("How was the child heard?"),
        choices=ChildHeard.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Record how the child was heard.")},
    )
    child_view = forms.CharField(
        label=_("The child's view on the plan (or why the child was not heard)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the child's view on the plan.")},
    )
    child_view_category = forms.ChoiceField(label=_("Data category of the child's view"))

    def __init__(self, *args: Any, access: CaseAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["child_view_category"]).choices = category_choices(
            access
        )


class AdjustForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the plan adjusted?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why the plan is adjusted.")},
    )


class EvaluationForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the evaluation"),
        widget=DateInput(),
        error_messages={"required": _("Give the date of the evaluation.")},
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=EvaluationDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision: continue, adjust or close.")},
    )
    next_evaluation_on = forms.DateField(
        label=_("Next evaluation"),
        widget=DateInput(),
        required=False,
        help_text=_("Required unless the plan is closed."),
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    category = forms.ChoiceField(label=_("Data category of the summary"))

    def __init__(self, *args: Any, access: CaseAccess, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices(access)
        self.goals = goals
        for goal in goals:
            self.fields[f"realised_{goal.uuid.hex}"] = forms.ChoiceField(
                label=_("How far was “%(goal)s” reached?") % {"goal": goal.what},
                choices=[("", _("Not rated now")), *Realisation.choices],
                required=False,
            )
            self.fields[f"note_{goal.uuid.hex}"] = forms.CharField(
                label=_("Note on “%(goal)s”") % {"goal": goal.what},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict[Goal, tuple[str, str]]:
        return {
            goal: (
                self.cleaned_data.get(f"realised_{goal.uuid.hex}") or "",
                self.cleaned_data.get(f"note_{goal.uuid.hex}") or "",
            )
            for goal in self.goals
        }


class RatingForm(forms.Form):
    realisation = forms.ChoiceField(label=_("How far was it reached?"), choices=Realisation.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
