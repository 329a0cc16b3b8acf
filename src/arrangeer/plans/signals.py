"""When a case is destroyed (retention), its plan goes with it: the rows by cascade, and here
what a cascade does not reach — the change history of the plan's items (including the
records of their deletion that the cascade itself writes) and the attached files on disk."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .kinds import KINDS
from .models import Attachment, Plan

_LEFTOVERS = "_plan_leftovers"


def note_plan_leftovers(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before the case goes: which items' history and which files belong to its plan."""
    plan = Plan.objects.filter(case=instance).first()
    if plan is None:
        return
    items = {
        key: list(kind.queryset().filter(plan=plan).values_list("pk", flat=True))
        for key, kind in KINDS.items()
    }
    files = [
        (a.file.storage, a.file.name) for a in Attachment.objects.filter(plan=plan).exclude(file="")
    ]
    setattr(instance, _LEFTOVERS, (items, files))


def destroy_plan_leftovers(sender: Any, instance: Any, **kwargs: Any) -> None:
    """After the cascade: remove the items' history and, once committed, the files."""
    noted = getattr(instance, _LEFTOVERS, None)
    if noted is None:
        return
    items, files = noted
    for key, ids in items.items():
        KINDS[key].model.history.filter(id__in=ids).delete()

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
