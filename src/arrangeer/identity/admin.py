"""The organisations' own identity providers, in functional management."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DigidYouthAge, OrganisationProvider


class OrganisationProviderForm(forms.ModelForm[OrganisationProvider]):
    issuer = forms.URLField(
        label=_("issuer"),
        assume_scheme="https",
        help_text=_("The provider's issuer URL; its settings are read from .well-known."),
    )

    class Meta:
        model = OrganisationProvider
        fields = [
            "organisation",
            "issuer",
            "client_id",
            "client_secret",
            "claim",
            "match_on",
            "scopes",
            "legal_subject_claim",
            "is_active",
        ]
        widgets = {"client_secret": forms.PasswordInput(render_value=True)}

    def clean_issuer(self) -> str:
        issuer: str = self.cleaned_data["issuer"]
        if not issuer.startswith("https://") and not settings.ARRANGEER_OIDC_ALLOW_HTTP:
            raise forms.ValidationError(_("The provider must be reached over https."))
        return issuer


@admin.register(OrganisationProvider)
class OrganisationProviderAdmin(admin.ModelAdmin[OrganisationProvider]):
    form = OrganisationProviderForm
    list_display = ["organisation", "issuer", "claim", "match_on", "is_active"]
    list_filter = ["is_active", "match_on"]
    search_fields = ["organisation__name", "issuer"]
    autocomplete_fields = ["organisation"]


@admin.register(DigidYouthAge)
class DigidYouthAgeAdmin(admin.ModelAdmin[DigidYouthAge]):
    list_display = ["region", "from_age"]
