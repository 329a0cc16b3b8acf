from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from django_otp.models import Device, DeviceManager

from arrangeer.organisations.models import Organisation, RegionSetting

from .constants import DEFAULT_SCOPES, MatchOn


class OrganisationProvider(models.Model):
    """An organisation's own identity provider (OpenID Connect: Microsoft Entra ID, Google
    Workspace, the municipality's own, or an eHerkenning broker), set by the functioneel
    beheerder. Its members log in there; the provider asks its own second factor."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="identity_provider",
        verbose_name=_("organisation"),
    )
    issuer = models.URLField(
        _("issuer"),
        help_text=_("The provider's issuer URL; its settings are read from .well-known."),
    )
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=255)
    claim = models.CharField(
        _("claim that identifies the employee"),
        max_length=100,
        default="email",
        help_text=_("For example email, preferred_username or employee_id."),
    )
    match_on = models.CharField(
        _("compare the claim with"), max_length=20, choices=MatchOn.choices, default=MatchOn.EMAIL
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=255,
        default=DEFAULT_SCOPES,
        help_text=_("The scopes Arrangeer asks for, separated by spaces; openid is always one."),
    )
    legal_subject_claim = models.CharField(
        _("claim with the KvK number (eHerkenning)"),
        max_length=100,
        blank=True,
        help_text=_(
            "For an eHerkenning broker: the claim that carries the KvK number of the company "
            "the employee acts for, for example urn:etoegang:core:LegalSubjectID. A login for "
            "another KvK number than the organisation's is refused. Leave empty for a "
            "provider of the organisation itself."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation's identity provider")
        verbose_name_plural = _("organisations' identity providers")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.issuer}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if "openid" not in self.scopes.split():
            errors["scopes"] = _("The scopes must include openid.")
        if self.legal_subject_claim.strip() and not getattr(self.organisation, "kvk", ""):
            errors["legal_subject_claim"] = _(
                "Fill in the organisation's KvK number first: the login is checked against it."
            )
        if errors:
            raise ValidationError(errors)


class DigidYouthAge(RegionSetting):
    """From which age a young person of the region logs in with DigiD themselves: 16, or 12
    where the region allows it. Younger children are not found by their BSN (the same page as
    for a BSN of no one); their parents log in for them."""

    value_field = "from_age"
    default = 16

    region = RegionSetting.region_field("digid_youth_age")
    from_age = models.PositiveSmallIntegerField(
        _("young people log in with DigiD from the age of"),
        choices=[(16, "16"), (12, "12")],
        default=16,
    )

    class Meta:
        verbose_name = _("DigiD for young people")
        verbose_name_plural = _("DigiD for young people")


class _NotATypedFactor(DeviceManager):
    def devices_for_user(
        self, user: object, confirmed: bool | None = None
    ) -> models.QuerySet[ProviderLogin]:
        # A provider login is no code a person can type: never listed as a second factor.
        none: models.QuerySet[ProviderLogin] = self.none()
        return none


class ProviderLogin(Device):
    """The second factor of a session that logged in through a provider (DigiD or the
    organisation's): the provider asked its own. django-otp's session marks the login verified
    with this device; it is never offered for typing a code."""

    objects = _NotATypedFactor()

    class Meta:
        verbose_name = _("login through a provider")
        verbose_name_plural = _("logins through a provider")

    def verify_token(self, token: object) -> bool:
        return False
