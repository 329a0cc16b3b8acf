"""Forms of the route page: moving on, the school plan, handing over the regie, and the
filters of "My cases"."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arrangeer.core.models_util import field_label
from arrangeer.routes import checklist

from .constants import CASE_FLAGS, CloseReason, Destination, SchoolPlanKind
from .forms import DateInput
from .journey import Move
from .models import Case, TeamMember


class MoveForm(forms.Form):
    to = forms.ChoiceField(label=_("Where to"), widget=forms.RadioSelect)
    expected_step = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why (shown in the timeline)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override_reason = forms.CharField(
        label=_("Reason to move on although a check does not hold"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only where the route allows it. Recorded with your name."),
    )
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", _("(only when closing)")), *CloseReason.choices],
    )
    destination = forms.ChoiceField(
        label=_("After the arrangement, the child goes to"),
        required=False,
        choices=[("", _("(only when closing)")), *Destination.choices],
        help_text=_("Counted in the regional monitor, never shown with the child's name."),
    )

    def __init__(self, *args: Any, moves: list[Move], **kwargs: Any) -> None:
        # The route page holds several forms with a "reason": each its own ids, so every
        # label points at its own field (the field names stay as they are).
        kwargs.setdefault("auto_id", "id_move_%s")
        super().__init__(*args, **kwargs)
        self.moves = {m.value: m for m in moves}
        cast(forms.ChoiceField, self.fields["to"]).choices = [(m.value, m.label) for m in moves]

    def move(self) -> Move:
        return self.moves[self.cleaned_data["to"]]


class SchoolPlanForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which plan"),
        required=False,
        choices=[("", _("(none)")), *SchoolPlanKind.choices],
    )
    evaluated_on = forms.DateField(label=_("Evaluated on"), required=False, widget=DateInput())
    missing_reason = forms.CharField(
        label=_("Or: why there is no evaluated school plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For instance: the signal came from outside school (a gezinsplan)."),
    )


class MemberChoiceField(forms.ModelChoiceField[TeamMember]):
    def label_from_instance(self, obj: TeamMember) -> str:
        m = obj.membership
        return f"{m.user} — {m.get_role_display()} — {m.organisation.name}"


class RegieTransferForm(forms.Form):
    to_member = MemberChoiceField(
        label=_("Hand the regie to"), queryset=TeamMember.objects.none(), empty_label=_("Choose…")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_regie_%s")
        super().__init__(*args, **kwargs)
        # Only who could take over now; the service refuses anyone else with the reason.
        from .regie import candidates

        cast(forms.ModelChoiceField[TeamMember], self.fields["to_member"]).queryset = (
            TeamMember.objects.filter(pk__in=[m.pk for m in candidates(case)])
            .select_related("membership__user", "membership__organisation")
            .order_by("membership__user__last_name", "pk")
        )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_decline_%s")
        super().__init__(*args, **kwargs)


class CaseFilterForm(forms.Form):
    """The filters of "My cases" (a GET form: works without JavaScript, links can be shared)."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    stap = forms.ChoiceField(label=_("Step"), required=False)
    kenmerk = forms.ChoiceField(label=_("Needs attention"), required=False)
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    te_laat = forms.BooleanField(label=_("Only overdue steps"), required=False)

    def __init__(
        self,
        *args: Any,
        steps: list[tuple[str, str]],
        schools: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stap"]).choices = [("", _("All steps")), *steps]
        cast(forms.ChoiceField, self.fields["kenmerk"]).choices = [
            ("", _("Anything")),
            *[(flag, field_label(Case, flag)) for flag in CASE_FLAGS],
        ]
        cast(forms.ChoiceField, self.fields["school"]).choices = [("", _("All schools")), *schools]


class ChecklistTickForm(forms.Form):
    """Tick or untick one item of the regisseur's checklist that is ticked by hand."""

    item = forms.ChoiceField(
        choices=[(code, code) for code in checklist.MANUAL_CODES],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This item cannot be ticked by hand.")},
    )
    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
