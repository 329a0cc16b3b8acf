from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "arrangeer.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The guards about the case itself (routes' registry) and the case's sources of
        # "My actions" (registered where the registry is defined, in .actions).
        from . import actions, guards  # noqa: F401
