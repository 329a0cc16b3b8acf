"""The region's target group rules in functional management (`/beheer/`). The monitor's
fact tables are derived data and are not in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import SchoolSector

from .models_targets import TargetRule

if TYPE_CHECKING:
    _Form = forms.ModelForm[TargetRule]
    _Admin = admin.ModelAdmin[TargetRule]
else:  # not subscriptable at run time
    _Form = forms.ModelForm
    _Admin = admin.ModelAdmin


class TargetRuleForm(_Form):
    sectors = forms.MultipleChoiceField(
        label=_("school sectors"),
        choices=SchoolSector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sectors of the child's school. None chosen: any school, or none."),
    )

    class Meta:
        model = TargetRule
        fields = [
            "region",
            "name",
            "age_from",
            "age_to",
            "sectors",
            "is_thuiszitter",
            "has_absence",
            "is_complex",
            "has_risk_behaviour",
            "has_exemption",
            "route",
        ]

    def clean_sectors(self) -> list[str]:
        return list(self.cleaned_data.get("sectors") or [])


@admin.register(TargetRule)
class TargetRuleAdmin(_Admin):
    form = TargetRuleForm
    list_display = ["name", "region", "ages", "sector_list", "route"]
    list_filter = ["region"]
    search_fields = ["name"]
    ordering = ["region", "name"]

    @admin.display(description=_("ages"))
    def ages(self, rule: TargetRule) -> str:
        low = "" if rule.age_from is None else str(rule.age_from)
        high = "" if rule.age_to is None else str(rule.age_to)
        return f"{low}-{high}" if low or high else "—"

    @admin.display(description=_("school sectors"))
    def sector_list(self, rule: TargetRule) -> str:
        labels: dict[Any, Any] = dict(SchoolSector.choices)
        return ", ".join(str(labels.get(s, s)) for s in rule.sectors) or "—"
