"""A case opened or a thuiszitter marked registers the case's side as knowing the child
("known in both domains"; connected from LoketConfig.ready()). The cases app does not know
the Loket: it saves its case, and the Loket listens."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from arrangeer.cases.models import Case

from . import services
from .constants import Source


@receiver(post_save, sender=Case, dispatch_uid="loket_known_from_case")
def case_saved(sender: type[Case], instance: Case, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if created:
        services.known_from_case(instance, source=Source.CASE_OPENED)
        return
    update_fields = kwargs.get("update_fields")
    if instance.is_thuiszitter and update_fields and "is_thuiszitter" in update_fields:
        services.known_from_case(instance, source=Source.THUISZITTER)
