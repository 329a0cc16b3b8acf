"""Writing the content of the plan: add, change and remove an item of any kind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from ..constants import DOMAIN_DEFAULT_CATEGORY, EntrySource, LifeDomain
from ..kinds import KINDS, Kind, kind_of
from ..models import DomainEntry, Goal, Module, Plan, PlanItem
from .common import (
    lock_plan,
    require_category,
    require_editable,
    require_team_place,
    stale_edit,
    touch,
)

# Fields that are not content of the plan but may be set with it.
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {"goal": ("bank_goal",)}


def _assign(kind: Kind, item: PlanItem, fields: Mapping[str, Any]) -> None:
    for name in (*kind.fields, *EXTRA_FIELDS.get(kind.key, ())):
        if name != "goals" and name in fields:
            setattr(item, name, fields[name])


def _goals_for(plan: Plan, access: CaseAccess, goals: Iterable[Goal]) -> list[Goal]:
    chosen = list(goals)
    for goal in chosen:
        if (
            goal.plan_id != plan.pk
            or goal.removed_at is not None
            or not access.allows(goal.category)
        ):
            raise ValidationError({"goals": _("Choose goals of this plan.")})
    return chosen


def _check(item: PlanItem) -> None:
    # The rules live in the model's clean(); the constraints are checked by the database.
    item.full_clean(exclude=["plan", "author", "updated_by"], validate_constraints=False)


def _require_goals(goals: list[Goal]) -> None:
    if not goals:
        raise ValidationError(
            {"goals": _("Choose the goals this module serves: every module serves a goal.")}
        )


@transaction.atomic
def add_item(access: CaseAccess, *, kind: str, fields: Mapping[str, Any]) -> PlanItem:
    """Add an item to the draft. The plan is made on first use."""
    spec = KINDS[kind]
    require_team_place(access)
    category = str(fields.get("category") or "")
    require_category(access, category)
    plan = lock_plan(access, create=True)
    require_editable(plan)
    item = spec.model(
        plan=plan,
        category=category,
        author=access.user,
        author_organisation=access.organisation.name if access.organisation else "",
        updated_by=access.user,
    )
    _assign(spec, item, fields)
    goals: list[Goal] = []
    if isinstance(item, Module):
        goals = _goals_for(plan, access, fields.get("goals") or ())
        _require_goals(goals)
    _check(item)
    item._history_user = access.user
    item.save()
    if isinstance(item, Module):
        item.goals.set(goals)
    touch(plan)
    log_change(
        access,
        event=Event.CREATE,
        object_type=spec.object_type,
        object_id=str(item.uuid),
        category=category,
    )
    return item


def _lock_item(access: CaseAccess, spec: Kind, item: PlanItem, plan: Plan) -> PlanItem:
    current: PlanItem | None = (
        spec.queryset()
        .in_categories(access, with_removed=True)
        .select_for_update()
        .filter(pk=item.pk, plan=plan)
        .select_related("author", "updated_by")
        .first()
    )
    if current is None:
        raise Http404
    return current


@transaction.atomic
def change_item(
    access: CaseAccess, item: PlanItem, *, expected_version: int, fields: Mapping[str, Any]
) -> PlanItem:
    """Change an item of the draft. Refused (StaleEdit) when the item was saved by someone
    else since `expected_version`, the version the editor's form was built from."""
    spec = kind_of(item)
    require_team_place(access)
    plan = lock_plan(access)
    require_editable(plan)
    current = _lock_item(access, spec, item, plan)
    if current.removed_at is not None or current.lock_version != expected_version:
        raise stale_edit(spec, current, expected_version)
    category = str(fields.get("category") or current.category)
    require_category(access, category)
    current.category = category
    _assign(spec, current, fields)
    goals: list[Goal] = []
    if isinstance(current, Module) and "goals" in fields:
        # Links to goals this person cannot see stay as they are.
        hidden = [g for g in current.goals.all() if not access.allows(g.category)]
        goals = _goals_for(plan, access, fields["goals"] or ()) + hidden
        _require_goals(goals)
    _check(current)
    current.lock_version += 1
    current.updated_by = access.user
    current._history_user = access.user
    current.save()
    if isinstance(current, Module) and "goals" in fields:
        current.goals.set(goals)
    touch(plan)
    log_change(
        access,
        event=Event.CHANGE,
        object_type=spec.object_type,
        object_id=str(current.uuid),
        category=category,
    )
    return current


@transaction.atomic
def remove_item(access: CaseAccess, item: PlanItem, *, expected_version: int) -> PlanItem:
    """Take an item out of the draft. Earlier versions keep it; a comparison shows it as
    removed."""
    spec = kind_of(item)
    require_team_place(access)
    plan = lock_plan(access)
    require_editable(plan)
    current = _lock_item(access, spec, item, plan)
    if current.removed_at is not None or current.lock_version != expected_version:
        raise stale_edit(spec, current, expected_version)
    current.removed_at = timezone.now()
    current.removed_by = access.user
    current.lock_version += 1
    current.updated_by = access.user
    current._history_user = access.user
    current.save()
    touch(plan)
    log_change(
        access,
        event=Event.DELETE,
        object_type=spec.object_type,
        object_id=str(current.uuid),
        category=current.category,
    )
    return current


def require_parent_with_authority(access: CaseAccess) -> None:
    """Co-writing in the portal: a parent with gezag (a parent without gezag reads only)."""
    place = access.family
    if place is None or place.representative is None:
        raise PermissionDenied(_("Only a parent writes the parents' view."))
    if not place.has_authority:
        raise ValidationError(
            _("A parent without parental authority (gezag) can read the plan but not write in it.")
        )


@transaction.atomic
def add_parents_view(
    access: CaseAccess,
    *,
    domain: str,
    going_well: str,
    needs_attention: str,
    what_is_needed: str,
) -> DomainEntry:
    """The parents' own view on one life domain, written in the portal. It is a life domain
    entry like the professionals' (so it is in the plan, its versions and the PDF), marked as
    the parents' and in the domain's own data category."""
    require_parent_with_authority(access)
    if domain not in LifeDomain.values:
        raise ValidationError({"domain": _("Choose the life domain.")})
    texts = {
        "going_well": going_well.strip(),
        "needs_attention": needs_attention.strip(),
        "what_is_needed": what_is_needed.strip(),
    }
    if not any(texts.values()):
        raise ValidationError(_("Write at least one of the three questions."))
    category = DOMAIN_DEFAULT_CATEGORY[LifeDomain(domain)]
    if not access.allows(category):
        raise ValidationError({"domain": _("You cannot write about this part of the plan.")})
    plan = lock_plan(access, create=True)
    require_editable(plan)
    entry = DomainEntry(
        plan=plan,
        category=category,
        author=access.user,
        # Where a professional's organisation stands: the parents speak for themselves.
        author_organisation=str(EntrySource.PARENTS.label),
        updated_by=access.user,
        domain=domain,
        source=EntrySource.PARENTS,
        **texts,
    )
    _check(entry)
    entry._history_user = access.user
    entry.save()
    touch(plan)
    log_change(
        access,
        event=Event.CREATE,
        object_type=KINDS["domain"].object_type,
        object_id=str(entry.uuid),
        category=category,
    )
    return entry
