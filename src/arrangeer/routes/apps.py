from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "arrangeer.routes"
    verbose_name = _("Routes")

    def ready(self) -> None:
        # Registering the guards about the case and the sources of "My actions".
        from . import actions, guards_case  # noqa: F401
