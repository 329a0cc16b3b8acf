from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arrangeer.cases.constants import MailMoment, NoticeKind
from arrangeer.plans.constants import AgreementDecision, LifeDomain
from arrangeer.vocabulary import DataCategory

from .models import Feeling, PlanPart


class AcceptForm(forms.Form):
    password = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 12 characters. Not a word from a dictionary."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password_again = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords are not the same."))
        return cleaned


class InviteForm(forms.Form):
    invitee = forms.ChoiceField(label=_("Who do you invite?"))
    email = forms.EmailField(label=_("E-mail address"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invitee = self.fields["invitee"]
        assert isinstance(invitee, forms.ChoiceField)
        invitee.choices = choices


class ConsentForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Which organisation may receive information?"))
    categories = forms.MultipleChoiceField(
        label=_("Which information?"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    together = forms.BooleanField(
        label=_("We decided this together: parent and child agree."), required=False
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[str, str]],
        together: bool,
        young: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        organisation.choices = organisations
        if not together:
            del self.fields["together"]
        elif young:
            self.fields["together"].label = pgettext_lazy(
                "jongere", "We decided this together: parent and child agree."
            )


class AgreementForm(forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Do you agree with this plan?"),
        choices=[
            (AgreementDecision.AGREES, _("Yes, I agree")),
            (AgreementDecision.DISAGREES, _("No, I do not agree")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why not? (only if you do not agree)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # The decision is a signature: the second factor is asked again. The service checks it,
    # after the decision and the reason, so a parent reads every other problem first.
    second_factor_code = forms.CharField(
        label=_("Code to sign"),
        required=False,
        max_length=16,
        help_text=_(
            "Type the 6-digit code from your app, or ask for a code by mail below. "
            "This shows it is really you."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "aria-required": "true",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Needed, but not marked "(optional)": the service asks for it (includes/field.html).
        self.fields["second_factor_code"].conditional = True  # type: ignore[attr-defined]


class ParentsViewForm(forms.Form):
    domain = forms.ChoiceField(label=_("About which part of life?"), choices=LifeDomain.choices)
    going_well = forms.CharField(
        label=_("What goes well?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs_attention = forms.CharField(
        label=_("What could be better?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_is_needed = forms.CharField(
        label=_("What is needed?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("Photo, short video or document"),
        help_text=_("A photo (JPEG or PNG), a short video (MP4) or a PDF."),
    )
    description = forms.CharField(label=_("What is it?"), max_length=200)


class LogbookForm(forms.Form):
    text = forms.CharField(
        label=_("What did you notice?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ChildViewForm(forms.Form):
    part = forms.ChoiceField(label=_("What is it about?"), choices=PlanPart.choices)
    feeling = forms.ChoiceField(
        label=_("How does it feel?"), choices=Feeling.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us more, if you like"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _scale(low: int, high: int) -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(low, high + 1)]


class QuestionnaireForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful is the help? (1 = not at all, 5 = very)"),
        choices=_scale(1, 5),
        coerce=int,
        widget=forms.RadioSelect,
    )
    heard = forms.TypedChoiceField(
        label=_("Did people listen to you? (1 = not at all, 5 = very well)"),
        choices=_scale(1, 5),
        coerce=int,
        widget=forms.RadioSelect,
    )
    overall = forms.TypedChoiceField(
        label=_("What mark do you give overall? (1 to 10)"),
        choices=_scale(1, 10),
        coerce=int,
        widget=forms.RadioSelect,
    )
    remark = forms.CharField(
        label=_("Anything else you want to tell the team?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if young:  # the young person is spoken to as "je"
            self.fields["heard"].label = pgettext_lazy(
                "jongere", "Did people listen to you? (1 = not at all, 5 = very well)"
            )
            self.fields["overall"].label = pgettext_lazy(
                "jongere", "What mark do you give overall? (1 to 10)"
            )
            self.fields["remark"].label = pgettext_lazy(
                "jongere", "Anything else you want to tell the team?"
            )


class SharingForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What may your parents see, besides school?"),
        choices=[(v, label) for v, label in DataCategory.choices if v != DataCategory.EDUCATION],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class InviteeDecisionForm(forms.Form):
    """The parent's answer about one proposed professional (one form per person)."""

    decision = forms.ChoiceField(
        label=_("May this person come to the meeting?"),
        choices=[("yes", _("Yes, this person may come")), ("no", _("No, not this person"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why not? (only if you say no)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeetingPreparationForm(forms.Form):
    """The parents' input before the MDO, or the young person's own view."""

    goes_well = forms.CharField(
        label=_("What goes well?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    can_be_better = forms.CharField(
        label=_("What could be better?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_needed = forms.CharField(
        label=_("What is needed?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MailPreferencesForm(forms.Form):
    """Per kind of message: straight away, at most once a day, or no mail."""

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.ChoiceField(
                label=NoticeKind(kind).label,
                choices=MailMoment.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose when you want a mail.")},
            )
