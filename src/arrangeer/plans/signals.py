"""When a case is destroyed (retention), its plan goes with it: the rows by cascade, and here
what a cascade does not reach — the change history of the plan's items and the attached files
on disk."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .kinds import KINDS
from .models import Attachment, Plan


def destroy_plan_leftovers(sender: Any, instance: Any, **kwargs: Any) -> None:
    plan = Plan.objects.filter(case=instance).first()
    if plan is None:
        return
    for kind in KINDS.values():
        ids = list(kind.queryset().filter(plan=plan).values_list("pk", flat=True))
        kind.model.history.filter(id__in=ids).delete()
    files = [a.file for a in Attachment.objects.filter(plan=plan).exclude(file="")]
    storage_names = [(f.storage, f.name) for f in files]
    transaction.on_commit(
        lambda: [storage.delete(name) for storage, name in storage_names if name] and None
    )
