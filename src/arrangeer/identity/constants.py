from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderKind(models.TextChoices):
    DIGID = "digid", _("DigiD")
    ORGANISATION = "organisation", _("Organisation account")


class MatchOn(models.TextChoices):
    """Which account field the organisation's claim is compared with."""

    EMAIL = "email", _("E-mail address")
    USERNAME = "username", _("User name (employee number)")


class Assurance(models.TextChoices):
    """The eIDAS assurance level of a DigiD login (from the acr claim)."""

    SUBSTANTIAL = "substantial", _("substantial")
    BASIC = "basic", _("basic")


class Refusal(models.TextChoices):
    """Why a login through a provider was refused; also the access log's object id."""

    UNAVAILABLE = "unavailable", _("The provider could not be reached")
    STATE = "state", _("State or nonce did not match")
    TOKEN = "token", _("The token was not valid")
    EXPIRED = "expired", _("The token had expired")
    AUDIENCE = "audience", _("The token was meant for another system")
    CLAIM = "claim", _("A needed claim was missing")
    UNKNOWN_PERSON = "unknown_person", _("The BSN matches no one")
    UNKNOWN_ACCOUNT = "unknown_account", _("No account for this employee")
    MEMBERSHIP = "membership", _("The membership has ended")
    OTHER_ORGANISATION = "other_organisation", _("The login was for another KvK number")
    CANCELLED = "cancelled", _("The person stopped at the provider")


# Assurance levels as DigiD brokers send them in the acr claim (SAML authentication context
# classes): substantial is the DigiD app, sms check or ID check; basic is the password alone.
SUBSTANTIAL_ACR = (
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
    "urn:etoegang:core:assurance-class:loa3",
    "urn:etoegang:core:assurance-class:loa4",
)


# What an organisation's provider is asked for unless its functioneel beheerder says otherwise.
DEFAULT_SCOPES = "openid email profile"
