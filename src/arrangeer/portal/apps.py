from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "arrangeer.portal"
    verbose_name = _("Parent portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The regisseur's action sources, the family's dossier section, the route's check that
        # the child was heard and the family's parts of the whole-file export.
        from . import actions, dossier, export, hearing  # noqa: F401
