"""The change history of a case (django-simple-history), cut to what the viewer may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from arrangeer.children.constants import CHILD_FIELD_CATEGORIES
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.core.models_util import field_label

from .access import CaseAccess
from .models import Case, TeamMember

MAX_CHANGES = 300


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    who: str
    what: str
    kind: str  # "+" created, "~" changed, "-" deleted
    fields: list[str]
    type: str = ""  # the historical model's label, e.g. "cases.historicalcase"


def _label(model: type[models.Model], field: str) -> str:
    try:
        return field_label(model, field)
    except FieldDoesNotExist:  # a field that no longer exists on the model
        return field


def walk(model: type[models.Model], rows: list[Any], what: str, hidden: set[str]) -> list[Change]:
    by_object: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_object[row.id].append(row)
    changes: list[Change] = []
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for version in versions:
            who = str(version.history_user) if version.history_user else "—"
            if previous is None or version.history_type != "~":
                fields: list[str] = []
            else:
                delta = version.diff_against(previous)
                fields = [_label(model, c.field) for c in delta.changes if c.field not in hidden]
                if not fields:
                    previous = version
                    continue
            changes.append(
                Change(
                    version.history_date,
                    who,
                    what,
                    version.history_type,
                    fields,
                    version._meta.label_lower,
                )
            )
            previous = version
    return changes


def changes(access: CaseAccess, *, limit: int | None = MAX_CHANGES) -> list[Change]:
    """The case's changes, newest first: the latest `limit` (the page), or all (the export)."""
    case = access.case
    hidden_child = {name for name, cat in CHILD_FIELD_CATEGORIES.items() if not access.allows(cat)}
    found: list[Change] = []
    found += walk(
        Case,
        list(Case.history.filter(id=case.pk).select_related("history_user")),
        str(Case._meta.verbose_name),
        set(),
    )
    found += walk(
        Child,
        list(Child.history.filter(id=case.child_id).select_related("history_user")),
        str(Child._meta.verbose_name),
        hidden_child,
    )
    found += walk(
        LegalRepresentative,
        list(
            LegalRepresentative.history.filter(child_id=case.child_id).select_related(
                "history_user"
            )
        ),
        str(LegalRepresentative._meta.verbose_name),
        set(),
    )
    found += walk(
        TeamMember,
        list(TeamMember.history.filter(case_id=case.pk).select_related("history_user")),
        str(TeamMember._meta.verbose_name),
        set(),
    )
    found += walk(
        Consent,
        list(Consent.history.filter(case_id=case.pk).select_related("history_user")),
        str(Consent._meta.verbose_name),
        set(),
    )
    found.sort(key=lambda c: c.at, reverse=True)
    return found if limit is None else found[:limit]
