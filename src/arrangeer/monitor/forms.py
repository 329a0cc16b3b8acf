"""The filters of the monitor: a GET form, so a view can be linked and works without script."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arrangeer.organisations.constants import SchoolSector

from .constants import year_label

# The filters that narrow the figures; one at a time (docs/monitor.md, privacy).
NARROWING = ("gemeente", "swv", "bestuur", "school", "sector", "route")


class MonitorFilterForm(forms.Form):
    bron = forms.ChoiceField(label=_("Figures of"), required=False)
    jaar = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False)
    gemeente = forms.ChoiceField(label=_("Municipality"), required=False)
    swv = forms.TypedChoiceField(
        label=_("Samenwerkingsverband"), coerce=int, required=False, empty_value=None
    )
    bestuur = forms.TypedChoiceField(
        label=_("School board"), coerce=int, required=False, empty_value=None
    )
    school = forms.TypedChoiceField(label=_("School"), coerce=int, required=False, empty_value=None)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    route = forms.TypedChoiceField(label=_("Route"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        scopes: list[tuple[str, str]],
        years: list[int],
        municipalities: list[str],
        schools: list[tuple[int, str]],
        routes: list[tuple[int, str]],
        swvs: list[tuple[int, str]],
        boards: list[tuple[int, str]],
        school_scope: bool = False,
        swv_scope: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["bron"]).choices = scopes
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [
            (y, year_label(y)) for y in reversed(years)
        ]
        cast(forms.ChoiceField, self.fields["gemeente"]).choices = [
            ("", _("All municipalities")),
            *[(m, m) for m in municipalities],
        ]
        cast(forms.ChoiceField, self.fields["swv"]).choices = [
            ("", _("All samenwerkingsverbanden")),
            *swvs,
        ]
        cast(forms.ChoiceField, self.fields["bestuur"]).choices = [
            ("", _("All school boards")),
            *boards,
        ]
        cast(forms.ChoiceField, self.fields["school"]).choices = [
            ("", _("All schools")),
            *schools,
        ]
        cast(forms.ChoiceField, self.fields["sector"]).choices = [
            ("", _("All sectors")),
            *SchoolSector.choices,
        ]
        cast(forms.ChoiceField, self.fields["route"]).choices = [("", _("All routes")), *routes]
        if len(scopes) < 2:
            del self.fields["bron"]
        if school_scope:
            # A school's own monitor: the school is the scope.
            del self.fields["gemeente"]
            del self.fields["swv"]
            del self.fields["bestuur"]
            del self.fields["school"]
        elif swv_scope:
            # An SWV's own monitor: the SWV is the scope.
            del self.fields["swv"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [name for name in NARROWING if data.get(name) not in (None, "")]
        if len(chosen) > 1:
            # Two filters together would make a page no other page is consistent with: its
            # hidden figures could be worked out from the pages of each filter alone.
            raise forms.ValidationError(
                _(
                    "Choose one of municipality, samenwerkingsverband, school board, school, "
                    "sector or route at a time."
                ),
                code="one_filter",
            )
        return data
