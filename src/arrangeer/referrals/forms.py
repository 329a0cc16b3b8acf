from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arrangeer.cases.forms import DateInput
from arrangeer.children.constants import Relation
from arrangeer.children.validators import (
    validate_bsn,
    validate_date_of_birth,
    validate_person_name,
)
from arrangeer.core.forms_util import date_field
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation

from .constants import (
    ConsentHow,
    EnrolmentOutcome,
    ExemptionGround,
    MeldcodeDecision,
    MeldcodeStepKind,
)


class _MembershipField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.get_role_display()} — {obj.organisation.name}"


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


class ReferralForm(forms.Form):
    membership = _MembershipField(
        label=_("You send the aanmelding as"),
        queryset=Membership.objects.none(),
        empty_label=None,
    )
    receiving_organisation = forms.ModelChoiceField(
        label=_("Receiving school or samenwerkingsverband"),
        queryset=Organisation.objects.none(),
        error_messages=_required(_("Choose where you register the child.")),
        help_text=_(
            "A school of your region, or its samenwerkingsverband (SWV) for a programme the "
            "SWV runs: its education specialist decides."
        ),
    )
    referrer_reference = forms.CharField(
        label=_("Your own reference"),
        max_length=60,
        required=False,
        help_text=_("Optional. A number of your own file: you see it on the status page."),
    )
    first_name = forms.CharField(
        label=_("First name of the child"),
        max_length=100,
        validators=[validate_person_name],
        error_messages=_required(_("Give the child's first name.")),
    )
    last_name = forms.CharField(
        label=_("Last name of the child"),
        max_length=150,
        validators=[validate_person_name],
        error_messages=_required(_("Give the child's last name.")),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput(),
        validators=[validate_date_of_birth],
        error_messages={
            "required": _("Give the child's date of birth."),
            "invalid": _("Give a date, for example 01-09-2014."),
        },
    )
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        required=False,
        validators=[validate_bsn],
        help_text=_("Optional. 9 digits. Only shown to roles that need it."),
    )
    current_school = forms.ModelChoiceField(
        label=_("Current school"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "The school the child goes to now, if any: the intake asks it for information."
        ),
    )
    parent_first_name = forms.CharField(
        label=_("First name of a parent or carer"),
        max_length=100,
        validators=[validate_person_name],
        error_messages=_required(_("Give the first name of a parent or carer.")),
    )
    parent_last_name = forms.CharField(
        label=_("Last name of the parent or carer"),
        max_length=150,
        validators=[validate_person_name],
        error_messages=_required(_("Give the last name of the parent or carer.")),
    )
    parent_relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    parent_has_authority = forms.BooleanField(
        label=_("Has parental authority (gezag)"), required=False, initial=True
    )
    parent_email = forms.EmailField(label=_("E-mail of the parent or carer"), required=False)
    parent_phone = forms.CharField(
        label=_("Phone of the parent or carer"), max_length=30, required=False
    )
    reason = forms.CharField(
        label=_("Why do you register this child?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("Say why you register this child.")),
    )
    tried = forms.CharField(
        label=_("What was tried already, and what was its effect?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("Say what was tried already.")),
    )
    consent_confirmed = forms.BooleanField(
        label=_("The parents gave consent for this aanmelding"),
        error_messages=_required(_("An aanmelding needs the parents' consent. Ask for it first.")),
    )
    consent_how = forms.ChoiceField(
        label=_("How did they give consent?"),
        choices=ConsentHow.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose how the parents gave consent.")),
    )
    consent_on = date_field(
        _("Consent given on"), _("Give the date the parents gave consent."), widget=DateInput()
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=200,
        help_text=_("The name of the parent (and the child from 12) who gave it."),
        error_messages=_required(_("Say who gave consent.")),
    )
    outcome_may_be_shared = forms.BooleanField(
        label=_("The parents agree that I hear a short outcome when the programme ends"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        memberships: list[Membership],
        schools: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        membership_field = self.fields["membership"]
        assert isinstance(membership_field, forms.ModelChoiceField)
        membership_field.queryset = Membership.objects.filter(
            pk__in=[m.pk for m in memberships]
        ).select_related("organisation")
        receiving = self.fields["receiving_organisation"]
        assert isinstance(receiving, forms.ModelChoiceField)
        receiving.queryset = schools
        current = self.fields["current_school"]
        assert isinstance(current, forms.ModelChoiceField)
        region_ids = {m.organisation.region_id for m in memberships}
        current.queryset = Organisation.objects.filter(
            region_id__in=region_ids, type=OrganisationType.SCHOOL, is_active=True
        ).order_by("name")

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("membership", "receiving_organisation", "consent_confirmed"):
            data.pop(name, None)
        return data


class TextForm(forms.Form):
    """One text: the question, the answer, the reason of a decline."""

    def __init__(self, *args: Any, name: str, label: Any, required: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields[name] = forms.CharField(
            label=label,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages=_required(required),
        )


class IntakeForm(forms.Form):
    school_information = forms.CharField(
        label=_("What did the current school tell?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The support so far, the school plan (GP or OPP) and how it went."),
        error_messages=_required(_("Write down what the current school told.")),
    )
    information_from = forms.CharField(
        label=_("From whom at the current school"), max_length=200, required=False
    )
    received_on = date_field(
        _("Received on"), _("Give the date you received the information."), widget=DateInput()
    )


class StartedForm(forms.Form):
    started_on = date_field(
        _("The programme started on"), _("Give the date the programme started."), widget=DateInput()
    )


class EndedForm(forms.Form):
    ended_on = date_field(
        _("The programme ended on"), _("Give the date the programme ended."), widget=DateInput()
    )
    outcome = forms.CharField(
        label=_("Short outcome for the referrer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the parents agreed to it in the aanmelding. No details."),
    )


class MeldcodeStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"),
        choices=MeldcodeStepKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose the step.")),
    )
    done_on = date_field(_("Done on"), _("Give the date of the step."), widget=DateInput())
    decision = forms.ChoiceField(
        label=_("Decision (step 5 only)"),
        choices=[("", "—"), *MeldcodeDecision.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignalForm(forms.Form):
    given_on = date_field(
        _("Signal given on"), _("Give the date the signal was given."), widget=DateInput()
    )
    match_with = forms.CharField(
        label=_("Match with"),
        max_length=300,
        required=False,
        help_text=_("The organisations the Verwijsindex matched the signal with, if any."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExemptionForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=[("", "—"), *ExemptionGround.choices],
        error_messages={"required": _("Choose the ground of the vrijstelling.")},
    )
    starts_on = date_field(
        _("From"), _("Give the date the vrijstelling starts."), widget=DateInput()
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty when the vrijstelling is not limited in time."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EnrolmentCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Where is the child now?"),
        choices=EnrolmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the child is now.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For instance the school the child is enrolled at now. Not for the monitor."),
    )
