from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arrangeer.children.constants import Relation
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.children.validators import (
    validate_bsn,
    validate_date_of_birth,
    validate_person_name,
)
from arrangeer.consents.constants import Evidence
from arrangeer.core.forms_util import version_field
from arrangeer.core.models_util import field_label
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.vocabulary import DataCategory

from .constants import CASE_FLAGS, CloseReason, Destination
from .models import Case


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _flag_fields() -> dict[str, forms.BooleanField]:
    return {
        flag: forms.BooleanField(label=field_label(Case, flag), required=False)
        for flag in CASE_FLAGS
    }


class MembershipChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.get_role_display()} — {obj.organisation.name}"


class ColleagueChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} — {obj.get_role_display()} — {obj.organisation.name}"


class NewCaseForm(forms.Form):
    """A new case with its child. The school of a coordinator is their own school."""

    membership = MembershipChoiceField(
        label=_("You open the case as"), queryset=Membership.objects.none(), empty_label=None
    )
    first_name = forms.CharField(
        label=_("First name of the child"), max_length=100, validators=[validate_person_name]
    )
    last_name = forms.CharField(
        label=_("Last name of the child"), max_length=150, validators=[validate_person_name]
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=DateInput(), validators=[validate_date_of_birth]
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        required=False,
        validators=[validate_bsn],
        help_text=_("Optional. 9 digits. Only shown to roles that need it."),
    )
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=Organisation.objects.filter(type=OrganisationType.SCHOOL, is_active=True),
        required=False,
        help_text=_("For a youth team case. A coordinator's case is always at their own school."),
    )
    group = forms.CharField(label=_("Group or class"), max_length=40, required=False)
    home_language = forms.CharField(label=_("Language at home"), max_length=60, required=False)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    parent_first_name = forms.CharField(
        label=_("First name of a parent or carer"),
        max_length=100,
        validators=[validate_person_name],
    )
    parent_last_name = forms.CharField(
        label=_("Last name of the parent or carer"),
        max_length=150,
        validators=[validate_person_name],
    )
    parent_relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    parent_has_authority = forms.BooleanField(
        label=_("Has parental authority (gezag)"), required=False, initial=True
    )
    parent_email = forms.EmailField(label=_("E-mail of the parent or carer"), required=False)
    parent_phone = forms.CharField(
        label=_("Phone of the parent or carer"), max_length=30, required=False
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]
        self.fields.update(_flag_fields())

    def child_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "first_name",
                "last_name",
                "date_of_birth",
                "bsn",
                "school",
                "group",
                "home_language",
                "interpreter_needed",
            )
        }

    def representatives(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "first_name": data["parent_first_name"],
                "last_name": data["parent_last_name"],
                "relation": data["parent_relation"],
                "has_authority": data["parent_has_authority"],
                "email": data["parent_email"],
                "phone": data["parent_phone"],
            }
        ]

    def flags(self) -> dict[str, bool]:
        return {flag: self.cleaned_data.get(flag, False) for flag in CASE_FLAGS}


class FlagsForm(forms.Form):
    # The flags' version the page was built from (`services.update_flags` refuses an older one).
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_flag_fields())
        self.fields["thuiszitter_since"] = forms.DateField(
            label=_("Thuiszitter since"),
            required=False,
            widget=DateInput(),
            help_text=_(
                "The first day the child did not go to school. Counts for the 3-month mark "
                "of the Thuiszitterspact; empty means today."
            ),
        )


class CloseCaseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)
    destination = forms.ChoiceField(
        label=_("After the arrangement, the child goes to"),
        required=False,
        choices=[("", _("(not recorded)")), *Destination.choices],
        help_text=_("Counted in the regional monitor, never shown with the child's name."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is “other”."),
    )


class ProposeMemberForm(forms.Form):
    membership = ColleagueChoiceField(
        label=_("Professional"), queryset=Membership.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class RepresentativeChoiceField(forms.ModelChoiceField[LegalRepresentative]):
    def label_from_instance(self, obj: LegalRepresentative) -> str:
        return str(obj)


class FamilyDecisionForm(forms.Form):
    """Who in the family gave (or withdrew) approval or consent."""

    representative = RepresentativeChoiceField(
        label=_("Parent or carer"),
        queryset=LegalRepresentative.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    by_child = forms.BooleanField(label=_("The child / young person"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = child.representatives.all()  # type: ignore[attr-defined]


class ConsentForm(FamilyDecisionForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation that may receive the data"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose…"),
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)
    evidence = forms.ChoiceField(label=_("How was it given"), choices=Evidence.choices)

    field_order = [
        "organisation",
        "categories",
        "purpose",
        "representative",
        "by_child",
        "valid_from",
        "valid_until",
        "evidence",
        "note",
    ]

    def __init__(self, *args: Any, child: Child, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, child=child, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["representative"].label = _("Given by parent or carer")
        self.fields["by_child"].label = _("Given by the child / young person")
        self.fields["note"].label = _("Note on the evidence")


class EmergencyAccessForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Your role"), queryset=Membership.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Why do you need access now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At least 20 characters. The regisseur and the parents will be told."),
    )
    bsn = forms.CharField(
        label=_("BSN of the child"), max_length=9, required=False, validators=[validate_bsn]
    )
    last_name = forms.CharField(
        label=_("Or: last name of the child"), max_length=150, required=False
    )
    date_of_birth = forms.DateField(
        label=_("and date of birth"), widget=DateInput(), required=False
    )

    def __init__(self, *args: Any, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    until = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        return data
