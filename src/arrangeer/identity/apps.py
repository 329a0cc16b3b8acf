from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "arrangeer.identity"
    verbose_name = _("Log in with DigiD or the organisation's account")
