from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "arrangeer.plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, pre_delete

        from . import (
            actions,  # noqa: F401 - registers the plan's signals in My actions
            dossier,  # noqa: F401 - registers the plan's section of the dossier page
            export,  # noqa: F401 - registers the plan's parts of the whole-file export
            guards,  # noqa: F401 - registers the plan's guards with the route map
        )
        from .signals import destroy_plan_leftovers, note_plan_leftovers

        pre_delete.connect(
            note_plan_leftovers, sender="cases.Case", dispatch_uid="plans_note_leftovers"
        )
        post_delete.connect(
            destroy_plan_leftovers, sender="cases.Case", dispatch_uid="plans_destroy_leftovers"
        )
