from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arrangeer.organisations.models import Organisation

from .constants import ConcernKind
from .models import ContactPoint

_DATE = {
    "required": _("Give the date since when."),
    "invalid": _("Give a date, for example 01-09-2026."),
}


class ConcernForm(forms.Form):
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"),
        queryset=ContactPoint.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a contact point.")},
    )
    kind = forms.ChoiceField(
        label=_("What is the concern about?"),
        choices=ConcernKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the concern is about.")},
    )
    concerned = forms.ModelChoiceField(
        label=_("Which school or organisation gives the support?"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the school or organisation that gives the support.")},
    )
    what = forms.CharField(
        label=_("What is the concern?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the concern.")},
    )
    since = forms.DateField(
        label=_("Since when?"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE
    )
    tried = forms.CharField(
        label=_("What was tried already?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parts = forms.MultipleChoiceField(
        label=_("Which parts of the case go with it?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The contact point reads only the concern, the child's name and date of birth, and "
            "the parts you tick here, as you see them now. Not the rest of the case."
        ),
    )

    def __init__(
        self,
        *args: Any,
        contact_points: QuerySet[ContactPoint],
        organisations: QuerySet[Organisation],
        parts: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = contact_points  # type: ignore[attr-defined]
        self.fields["concerned"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["parts"].choices = parts  # type: ignore[attr-defined]


class FamilyConcernForm(ConcernForm):
    """The same report in the portal, in plain words, with the family's own choice whether
    the school or organisation may read it."""

    concerned_may_see = forms.BooleanField(
        label=_("The school or organisation may read my report"),
        required=False,
        help_text=_(
            "If you do not tick this, only the contact point reads your report. They do not "
            "show it to the school or organisation without asking you."
        ),
    )

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["since"].label = _("Since when?")
        if young:  # the young person's own account: "je" (docs/portal.md)
            fields["contact_point"].label = pgettext_lazy(
                "jongere", "Where do you want to report it?"
            )
            fields["what"].label = pgettext_lazy("jongere", "What worries you?")
            fields["tried"].label = pgettext_lazy("jongere", "What did you or others try already?")
            fields["parts"].label = pgettext_lazy(
                "jongere", "What may the contact point read about you?"
            )
            fields["parts"].help_text = pgettext_lazy(
                "jongere",
                "The contact point always sees your name and date of birth. Tick what else they "
                "may read. They do not see the rest of the file.",
            )
            fields["concerned_may_see"].help_text = pgettext_lazy(
                "jongere",
                "If you do not tick this, only the contact point reads your report. They do not "
                "show it to the school or organisation without asking you.",
            )
            fields["what"].error_messages["required"] = pgettext_lazy(
                "jongere", "Write what worries you."
            )
            return
        fields["contact_point"].label = _("Where do you want to report it?")
        fields["what"].label = _("What worries you?")
        fields["tried"].label = _("What did you or others try already?")
        fields["parts"].label = _("What may the contact point read about your child?")
        fields["parts"].help_text = _(
            "The contact point always sees the name and date of birth of your child. "
            "Tick what else they may read. They do not see the rest of the file."
        )
        fields["what"].error_messages["required"] = _("Write what worries you.")


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandleForm(forms.Form):
    OUTCOME = "uitkomst"
    HANDLING = "behandeling"
    step = forms.ChoiceField(
        label=_("What do you record?"),
        choices=[
            (HANDLING, _("What the contact point did (only the contact point reads this)")),
            (OUTCOME, _("The outcome (the reporter reads it; this closes the concern)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you record.")},
    )
    note = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what was done or the outcome.")},
    )
