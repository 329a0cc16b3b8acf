from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.forms import DateInput, FamilyDecisionForm
from arrangeer.children.models import Child
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.vocabulary import DataCategory

from .constants import HANDOVER_CATEGORIES, MAX_IMPORT_BYTES, TransitionKind


class TransitionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of transition"),
        choices=[("", "—"), *TransitionKind.choices],
        error_messages={"required": _("Choose the kind of transition.")},
    )
    expected_on = forms.DateField(
        label=_("Date of the transition"),
        widget=DateInput(),
        help_text=_("The first day at the new school or place."),
        error_messages={
            "required": _("Give the date of the transition."),
            "invalid": _("Give a date, for example 01-08-2027."),
        },
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CoordinatorChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} — {obj.organisation.name} ({obj.organisation.region})"


class ProposeForm(forms.Form):
    membership = CoordinatorChoiceField(
        label=_("Coordinator of the receiving school"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose…"),
        help_text=_(
            "For a move to another region while the school is not known yet: the education "
            "specialist of that region's SWV."
        ),
        error_messages={"required": _("Choose the support coordinator of the receiving school.")},
    )
    receiving_swv = forms.ModelChoiceField(
        label=_("SWV of the receiving region"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(the same region)"),
        help_text=_("Only when the receiving school is in another region."),
    )
    handover_mdo_on = forms.DateField(
        label=_("Handover MDO on"),
        widget=DateInput(),
        help_text=_("The meeting of the current and the next team, with the parents."),
        error_messages={
            "required": _("Give the date of the handover MDO."),
            "invalid": _("Give a date, for example 15-05-2027."),
        },
    )

    def __init__(
        self,
        *args: Any,
        coordinators: QuerySet[Membership],
        swvs: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = coordinators  # type: ignore[attr-defined]
        self.fields["receiving_swv"].queryset = swvs  # type: ignore[attr-defined]


class HandoverConsentForm(FamilyDecisionForm):
    categories = forms.MultipleChoiceField(
        label=_("What the receiving school may read"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(HANDOVER_CATEGORIES),
        error_messages={"required": _("Choose at least one data category.")},
    )
    evidence = forms.ChoiceField(
        label=_("How was it given"),
        choices=Evidence.choices,
        error_messages={"required": _("Choose how the consent was given.")},
    )

    field_order = ["representative", "by_child", "categories", "evidence", "note"]

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, child=child, **kwargs)
        self.fields["representative"].label = _("Given by parent or carer")
        self.fields["by_child"].label = _("Given by the child / young person")


class RegieAgreementForm(FamilyDecisionForm):
    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, child=child, **kwargs)
        self.fields["representative"].label = _("Agreed by parent or carer")
        self.fields["by_child"].label = _("Agreed by the child / young person")
        del self.fields["note"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the transition does not happen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the transition does not happen.")},
    )


class CompleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the handover is done without a handover MDO"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only needed when no handover MDO was held, for example: talked it over by phone."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pupil file (OSO shape, JSON)"),
        error_messages={
            "required": _("Choose the pupil file to read in."),
            "empty": _("This file is empty."),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("This file is too large to be a pupil file."))
        return upload
