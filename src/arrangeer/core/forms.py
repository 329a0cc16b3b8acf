from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Each language under its own name, so a person finds theirs without reading the others.
OWN_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}


def language_choices(user: Any) -> list[tuple[str, str]]:
    """The languages this person may choose: Dutch and English for professionals; for the
    family (and before logging in) also the family languages."""
    codes = [code for code, _name in settings.LANGUAGES]
    if user is not None and user.is_authenticated and getattr(user, "is_professional", False):
        codes = [code for code in codes if code in settings.PROFESSIONAL_LANGUAGES]
    return [(code, OWN_NAMES.get(code, code)) for code in codes]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        error_messages={
            "invalid_choice": _("This language is not available. Choose one from the list."),
            "required": _("Choose a language."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = language_choices(user)
