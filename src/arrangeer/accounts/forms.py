from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .constants import AccountKind


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not correct. Note that both are case-sensitive."
        ),
        "inactive": _("This account is not active. Ask your functional administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("User name")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = _("Password")

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        # A child gets its own account from 12 (hoorrecht, WGBO); an account made earlier,
        # or by mistake, does not open before that birthday.
        child = getattr(user, "child_record", None) if user.kind == AccountKind.YOUTH else None
        if child is not None and not child.may_use_own_account():
            raise forms.ValidationError(
                _(
                    "You can use your own account from the age of 12. Until then, your "
                    "parents use theirs."
                ),
                code="too_young",
            )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    # The same label and help for the young person, who is spoken to as "je" (docs/portal.md).
    young_label: Any = None
    young_help_text: Any = pgettext_lazy(
        "jongere", "The 6-digit code from your authenticator app, or one of your backup codes."
    )

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if young:
            field = self.fields["token"]
            field.help_text = self.young_help_text
            field.label = self.young_label or field.label

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("A code consists of digits only."))
        return token


class EnrolForm(TokenForm):
    token = forms.CharField(
        label=_("Code from your app"),
        max_length=8,
        help_text=_("The 6-digit code your authenticator app shows after scanning."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    young_label = pgettext_lazy("jongere", "Code from your app")
    young_help_text = pgettext_lazy(
        "jongere", "The 6-digit code your authenticator app shows after scanning."
    )
