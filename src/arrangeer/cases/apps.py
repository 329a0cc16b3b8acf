from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "arrangeer.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The guards about the case itself (routes' registry) and the case's sources of
        # "My actions" (registered when .actions, the registry, is imported).
        # The whole file's PDF goes with its record (a case destroyed by retention).
        from django.db.models.signals import post_delete

        from . import actions, guards  # noqa: F401
        from .file_exports import delete_file_with_record
        from .models import FileExport

        post_delete.connect(delete_file_with_record, sender=FileExport)
