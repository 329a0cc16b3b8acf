from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "arrangeer.portal"
    verbose_name = _("Parent portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import actions  # noqa: F401  (registers the regisseur's action source)
