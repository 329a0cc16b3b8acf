from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "arrangeer.groups"
    verbose_name = _("Group arrangements")

    def ready(self) -> None:
        # Registers the child's place in a group as a part of the whole-file export.
        from . import export  # noqa: F401
