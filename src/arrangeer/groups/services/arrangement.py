"""The arrangement itself, written by the region's policy officers and SWV staff
(`selectors.may_manage`): the proposal, the business case, the route past the bodies that
decide, the set-up and the start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Region

from .. import selectors
from ..constants import (
    BUSINESS_CASE_FIELDS,
    OUTCOMES_BY_ROLE,
    PROPOSAL_FIELDS,
    PROPOSAL_MAX_WORDS,
    SET_UP_FIELDS,
    BodyStatus,
    GroupStatus,
)
from ..models import BodyDecision, GroupArrangement
from .common import (
    COST_FIELDS,
    _lock,
    _require_manager,
)


def _texts(fields: Mapping[str, Any], names: Iterable[str]) -> dict[str, str]:
    return {name: str(fields.get(name) or "").strip() for name in names}


def _check_length(values: Mapping[str, str]) -> None:
    words = selectors.proposal_words(dict(values))
    if words > PROPOSAL_MAX_WORDS:
        raise ValidationError(
            _(
                "The proposal has %(words)s words. Keep it to about two A4: at most "
                "%(limit)s words. Shorten it by %(over)s words."
            )
            % {"words": words, "limit": PROPOSAL_MAX_WORDS, "over": words - PROPOSAL_MAX_WORDS}
        )


@transaction.atomic
def create_proposal(
    *, user: User, region: Region, name: str, fields: Mapping[str, Any]
) -> GroupArrangement:
    """A new proposal (bijlage 2) in a region this person manages, on the region's route."""
    if not selectors.manager_memberships(user).filter(organisation__region=region).exists():
        raise PermissionDenied(_("Only the region's policy officers and SWV staff can do this."))
    if not name.strip():
        raise ValidationError({"name": _("Give the group arrangement a name.")})
    values = _texts(fields, PROPOSAL_FIELDS)
    _check_length(values)
    return GroupArrangement.objects.create(
        region=region,
        name=name.strip(),
        route=selectors.route_for_region(region),
        created_by=user,
        **values,
    )


def _require_proposal(group: GroupArrangement) -> None:
    if group.status != GroupStatus.PROPOSAL:
        raise ValidationError(
            _("The proposal is in the decision route: it can no longer be changed.")
        )


@transaction.atomic
def update_proposal(
    *, user: User, group: GroupArrangement, name: str, fields: Mapping[str, Any]
) -> GroupArrangement:
    _require_manager(user, group)
    locked = _lock(group)
    _require_proposal(locked)
    if not name.strip():
        raise ValidationError({"name": _("Give the group arrangement a name.")})
    values = _texts(fields, PROPOSAL_FIELDS)
    _check_length(values)
    locked.name = name.strip()
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    return locked


@transaction.atomic
def update_business_case(
    *, user: User, group: GroupArrangement, fields: Mapping[str, Any]
) -> GroupArrangement:
    """The business case (bijlage 3) with its costs and the individual arrangements the group
    replaces, compared at the region's tariff."""
    _require_manager(user, group)
    locked = _lock(group)
    _require_proposal(locked)
    for field, value in _texts(fields, BUSINESS_CASE_FIELDS).items():
        setattr(locked, field, value)
    for field in COST_FIELDS:
        setattr(locked, field, fields.get(field) if fields.get(field) not in ("", None) else None)
    locked.replaced_product_code = str(fields.get("replaced_product_code") or "").strip().upper()
    locked.replaced_framework = str(fields.get("replaced_framework") or "")
    if locked.replaced_count and not (
        locked.replaced_hours and locked.replaced_product_code and locked.replaced_framework
    ):
        raise ValidationError(
            {
                "replaced_hours": _(
                    "To compare the costs, give the hours a week, the product code and the "
                    "funding framework of the individual arrangements."
                )
            }
        )
    locked.save()
    return locked


@transaction.atomic
def submit(*, user: User, group: GroupArrangement) -> GroupArrangement:
    """Send the proposal and business case into the decision route: every body of the route
    gets a decision to record, in order."""
    _require_manager(user, group)
    locked = _lock(group)
    _require_proposal(locked)
    missing = [
        selectors.field_label(name)
        for name in ("occasion", "target_group", "problem", "objective", "financing", "summary")
        if not getattr(locked, name).strip()
    ]
    if missing:
        raise ValidationError(
            _("Fill in the proposal and the business case first: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    _check_length({name: getattr(locked, name) for name in PROPOSAL_FIELDS})
    route = locked.route or selectors.route_for_region(locked.region)
    bodies = selectors.route_bodies(route)
    if not bodies:
        raise ValidationError(
            _(
                "The region has no decision route for group arrangements: ask functional "
                "management to set one up."
            )
        )
    locked.route = route
    locked.status = GroupStatus.IN_ROUTE
    locked.save(update_fields=["route", "status", "updated_at"])
    BodyDecision.objects.bulk_create([BodyDecision(group=locked, body=body) for body in bodies])
    return locked


@transaction.atomic
def record_body_decision(
    *,
    user: User,
    group: GroupArrangement,
    decision: BodyDecision,
    status: str,
    decided_on: dt.date,
    text: str,
    conditions: str = "",
) -> BodyDecision:
    """What one body did with the proposal, in the route's order. A body that decides may
    approve (with conditions) or refuse; a refusal stops the arrangement. When the last body
    has spoken, the route is through and the group may start."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status != GroupStatus.IN_ROUTE:
        raise ValidationError(_("This arrangement is not in the decision route."))
    decisions = selectors.decisions_of(locked)
    current = selectors.next_decision(decisions)
    if current is None or current.pk != decision.pk:
        raise ValidationError(
            _("The bodies speak in the route's order: record the decision of %(body)s first.")
            % {"body": current.body.name if current else "?"}
        )
    if status not in OUTCOMES_BY_ROLE[current.body.role]:
        raise ValidationError(
            {
                "status": _("%(body)s is informed: record that, not a decision.")
                % {"body": current.body.name}
            }
            if current.body.role == "informeert"
            else {
                "status": _("%(body)s decides: record approved or refused.")
                % {"body": current.body.name}
            }
        )
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    earlier = [d.decided_on for d in decisions if d.decided_on is not None]
    if earlier and decided_on < max(earlier):
        raise ValidationError(
            {"decided_on": _("The date cannot be before the previous body's decision.")}
        )
    if status == BodyStatus.REFUSED and not text.strip():
        raise ValidationError({"text": _("Say why the body refused.")})
    current.status = status
    current.decided_on = decided_on
    current.decision = text.strip()
    current.conditions = conditions.strip()
    current.recorded_by = user
    current.save()
    if status == BodyStatus.REFUSED:
        locked.status = GroupStatus.REFUSED
        locked.save(update_fields=["status", "updated_at"])
    elif selectors.route_is_through(selectors.decisions_of(locked)):
        locked.status = GroupStatus.APPROVED
        locked.approved_on = decided_on
        locked.save(update_fields=["status", "approved_on", "updated_at"])
    return current


@transaction.atomic
def set_up(*, user: User, group: GroupArrangement, fields: Mapping[str, Any]) -> GroupArrangement:
    """The running group: places, school and location, its three professionals, funding,
    intake age and the group plan. Prepared while the route runs; not for a refused one."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status == GroupStatus.REFUSED:
        raise ValidationError(_("This arrangement was refused: it does not start."))
    for field in SET_UP_FIELDS:
        value = fields.get(field)
        setattr(locked, field, value if value not in ("",) else None)
    locked.location = str(fields.get("location") or "").strip()
    locked.group_goals = str(fields.get("group_goals") or "").strip()
    locked.group_approach = str(fields.get("group_approach") or "").strip()
    locked.funding_framework = str(fields.get("funding_framework") or "")
    locked.instrument = str(fields.get("instrument") or "")
    errors: dict[str, str] = {}
    school = locked.school
    if school is not None and (
        school.type != OrganisationType.SCHOOL or school.region_id != locked.region_id
    ):
        errors["school"] = _("Choose a school of the region.")
    for field in ("teacher", "assistant"):
        member = getattr(locked, field)
        if member is not None and (school is None or member.organisation_id != school.pk):
            errors[field] = _("Choose someone who works at the group's school.")
    pedagogue = locked.pedagogue
    if pedagogue is not None and pedagogue.organisation.type != OrganisationType.CARE_PROVIDER:
        errors["pedagogue"] = _("Choose someone who works at a youth care provider.")
    if locked.capacity is not None:
        used = selectors.places_used(locked)
        if locked.capacity < used:
            errors["capacity"] = _(
                "%(used)s children are in the group: the places cannot be fewer."
            ) % {"used": used}
    if errors:
        raise ValidationError(errors)
    locked.save()
    return locked


@transaction.atomic
def start(*, user: User, group: GroupArrangement, started_on: dt.date) -> GroupArrangement:
    """The group starts: only when the decision route is through and the group is set up."""
    _require_manager(user, group)
    locked = _lock(group)
    if locked.status == GroupStatus.RUNNING:
        raise ValidationError(_("This group is running already."))
    if locked.status != GroupStatus.APPROVED:
        raise ValidationError(
            _("The group can start only when the decision route is through.")
            if locked.status != GroupStatus.REFUSED
            else _("This arrangement was refused: it does not start.")
        )
    missing = selectors.set_up_missing(locked)
    if missing:
        raise ValidationError(
            _("Set up the group first: %(missing)s.")
            % {"missing": ", ".join(selectors.field_label(name) for name in missing)}
        )
    if locked.approved_on is not None and started_on < locked.approved_on:
        raise ValidationError(
            {"started_on": _("The group cannot start before the route was through.")}
        )
    locked.status = GroupStatus.RUNNING
    locked.started_on = started_on
    locked.save(update_fields=["status", "started_on", "updated_at"])
    return locked
