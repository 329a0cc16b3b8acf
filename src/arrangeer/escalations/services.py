"""The writes of the escalatieladder. Each is one transaction that checks the transition
(constants.TRANSITIONS), writes a step (the escalation's own trail) and the access log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change
from arrangeer.cases.partners import region_organisations
from arrangeer.core.workdays import add_working_days
from arrangeer.organisations.models import Organisation
from arrangeer.plans.models import Module
from arrangeer.plans.services import record_binding_funding_decision

from .constants import TRANSITIONS, EscalationStatus, StepKind
from .models import Escalation, EscalationStep, LadderLevel
from .selectors import (
    is_last_level,
    may_decide,
    may_request_move_up,
    may_withdraw,
    next_level,
    version,
)

OBJECT_TYPE = "escalation"


def _transition(escalation: Escalation, kind: str) -> str:
    after = TRANSITIONS.get((escalation.status, kind))
    if after is None:
        raise ValidationError(_("This escalation is closed: nothing can change in it any more."))
    return after


def _lock(access: CaseAccess, escalation: Escalation) -> Escalation:
    locked = (
        Escalation.objects.select_for_update()
        .filter(pk=escalation.pk, case=access.case)
        .select_related("level", "module", "case")
        .first()
    )
    if locked is None:
        raise ValidationError(_("This escalation does not belong to this case."))
    return locked


class StaleEscalation(ValidationError):
    """A change based on an older version of the escalation (`selectors.version`): someone
    acted on it in between. The page shows the message; the API answers 412."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone acted on this escalation while you had it open. Read it again and "
                "then choose what to do."
            ),
            code="stale",
        )


def _check_version(escalation: Escalation, expected_version: int | None) -> None:
    """On the locked escalation: still the version the caller read (None: not checked)."""
    if expected_version is not None and version(escalation) != expected_version:
        raise StaleEscalation


def _organisation_name(access: CaseAccess) -> str:
    return access.organisation.name if access.organisation is not None else ""


@transaction.atomic
def raise_escalation(
    access: CaseAccess,
    *,
    module: Module,
    question: str,
    options: str,
    parties: Iterable[Organisation],
    cost_at_stake: Decimal,
) -> Escalation:
    """A team member or the regisseur puts a disagreement about a module on the ladder's
    first level of the case's region, between two or more organisations of that region."""
    chosen = _check_escalation(
        access, module=module, question=question, options=options, parties=parties
    )
    first = LadderLevel.objects.filter(region=access.case.region).order_by("number").first()
    if first is None:
        raise ValidationError(
            _(
                "The region of this case has no escalation ladder yet: ask functional "
                "management to set it up."
            )
        )
    now = timezone.now()
    escalation = Escalation.objects.create(
        case=access.case,
        module=module,
        question=question.strip(),
        options=options.strip(),
        cost_at_stake=cost_at_stake,
        raised_by=access.user,
        raised_at=now,
        level=first,
        level_since=now,
        level_due=add_working_days(timezone.localtime(now).date(), first.deadline_days),
    )
    escalation.parties.set(chosen)
    EscalationStep.objects.create(
        escalation=escalation,
        kind=StepKind.RAISED,
        level=first,
        at=now,
        by=access.user,
        by_organisation=_organisation_name(access),
    )
    log_change(access, event=Event.CREATE, object_type=OBJECT_TYPE, object_id=str(escalation.uuid))
    return escalation


def _check_escalation(
    access: CaseAccess,
    *,
    module: Module,
    question: str,
    options: str,
    parties: Iterable[Organisation],
) -> list[Organisation]:
    """An escalation raised by the team, between two or more organisations of the case's
    region, about a module of the case's plan the person reads, with its question and its
    options; the parties chosen."""
    if access.member is None:
        raise PermissionDenied(_("Only the team of this case can raise an escalation."))
    chosen = list(parties)
    if len({o.pk for o in chosen}) < 2:
        raise ValidationError({"parties": _("Choose at least two partners who disagree.")})
    in_region = region_organisations(access.case).filter(pk__in=[o.pk for o in chosen])
    if in_region.count() != len({o.pk for o in chosen}):
        raise ValidationError({"parties": _("Choose organisations of this case's region.")})
    if (
        module.plan.case_id != access.case.pk
        or module.removed_at is not None
        or not access.allows(module.category)
    ):
        raise ValidationError({"module": _("Choose a module of this case's plan.")})
    if not question.strip():
        raise ValidationError({"question": _("Say what must be decided.")})
    if not options.strip():
        raise ValidationError({"options": _("Describe the options on the table.")})
    return chosen


def _move_up(
    escalation: Escalation,
    *,
    kind: str,
    by: User | None,
    by_organisation: str,
    note: str,
    at: dt.datetime,
    start: dt.date,
) -> bool:
    """Move a locked, open escalation to the next level; False at the last level."""
    after = _transition(escalation, kind)
    level = next_level(escalation.level)
    if level is None:
        return False
    EscalationStep.objects.create(
        escalation=escalation,
        kind=kind,
        level=escalation.level,
        at=at,
        by=by,
        by_organisation=by_organisation,
        note=note,
    )
    escalation.status = after
    escalation.level = level
    escalation.level_since = at
    escalation.level_due = add_working_days(start, level.deadline_days)
    escalation.save(update_fields=["status", "level", "level_since", "level_due"])
    return True


@transaction.atomic
def request_move_up(
    access: CaseAccess, escalation: Escalation, *, note: str, expected_version: int | None = None
) -> Escalation:
    """A party (or the regisseur) asks the next level to decide, before the deadline.
    `expected_version` is the version the caller read (StaleEscalation when it changed)."""
    locked = _lock(access, escalation)
    _check_version(locked, expected_version)
    if not may_request_move_up(access, locked):
        raise PermissionDenied(_("Only a party in the disagreement or the regisseur can ask this."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the next level should decide.")})
    now = timezone.now()
    if not _move_up(
        locked,
        kind=StepKind.MOVED_UP_REQUEST,
        by=access.user,
        by_organisation=_organisation_name(access),
        note=note.strip(),
        at=now,
        start=timezone.localtime(now).date(),
    ):
        raise ValidationError(_("This is the last level: its decision binds."))
    log_change(access, object_type=OBJECT_TYPE, object_id=str(locked.uuid))
    return locked


def move_up_overdue(*, today: dt.date | None = None, ids: Iterable[int] | None = None) -> int:
    """Move every open escalation whose level's deadline has passed (for the given ids only,
    when given) up to the next level, each in its own transaction: a level that decided
    nothing in time hands over. The next level's deadline counts from the day after the
    missed one, so a late run of the job gives the same dates. Returns how many moves."""
    today = today or timezone.localdate()
    candidates = Escalation.objects.filter(status=EscalationStatus.OPEN, level_due__lt=today)
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    moved = 0
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                Escalation.objects.select_for_update()
                .select_related("level")
                .filter(pk=pk, status=EscalationStatus.OPEN)
                .first()
            )
            while locked is not None and locked.level_due < today:
                missed = locked.level_due
                if not _move_up(
                    locked,
                    kind=StepKind.MOVED_UP_DEADLINE,
                    by=None,
                    by_organisation="",
                    note="",
                    at=timezone.now(),
                    start=missed,
                ):
                    break
                moved += 1
    return moved


@transaction.atomic
def decide(
    access: CaseAccess,
    escalation: Escalation,
    *,
    payer: Organisation,
    funding_framework: str,
    instrument: str,
    pays_what: str,
    from_date: dt.date,
    note: str = "",
    expected_version: int | None = None,
) -> Escalation:
    """The current level records its decision: who pays what, from when. The payer is an
    active organisation of the case's region (where the escalation is taken). At the last
    level the decision binds and becomes the module's funding decision (logged by the plan).
    `expected_version` is the version the caller read (StaleEscalation when it changed)."""
    locked = _lock(access, escalation)
    after = _transition(locked, StepKind.DECIDED)
    _check_version(locked, expected_version)
    binding = _check_decision(access, locked, payer=payer, pays_what=pays_what)
    now = timezone.now()
    if binding:
        record_binding_funding_decision(
            access,
            module=locked.module,
            funding_framework=funding_framework,
            instrument=instrument,
            decided_on=timezone.localtime(now).date(),
        )
    EscalationStep.objects.create(
        escalation=locked,
        kind=StepKind.DECIDED,
        level=locked.level,
        at=now,
        by=access.user,
        by_organisation=_organisation_name(access),
        note=note.strip(),
        payer=payer,
        funding_framework=funding_framework,
        instrument=instrument,
        pays_what=pays_what.strip(),
        from_date=from_date,
        binding=binding,
    )
    locked.status = after
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at"])
    log_change(access, object_type=OBJECT_TYPE, object_id=str(locked.uuid))
    return locked


def _check_decision(
    access: CaseAccess, escalation: Escalation, *, payer: Organisation, pays_what: str
) -> bool:
    """A decision by the level the escalation is at, with a payer of the case's region and
    what is paid; whether it binds (the last level, which must read the module's category
    to make its decision the module's funding decision)."""
    if not may_decide(access, escalation):
        raise PermissionDenied(_("Only the level the escalation is at can decide."))
    if not region_organisations(escalation.case).filter(pk=payer.pk).exists():
        raise ValidationError({"payer": _("Choose an organisation of this case's region.")})
    if not pays_what.strip():
        raise ValidationError({"pays_what": _("Say what is paid.")})
    binding = is_last_level(escalation.level)
    if binding and not access.allows(escalation.module.category):
        raise ValidationError(
            _(
                "Your level does not read the data category of this module, so its decision "
                "cannot become the module's funding decision: ask functional management to "
                "add the category to the level."
            )
        )
    return binding


@transaction.atomic
def withdraw(
    access: CaseAccess, escalation: Escalation, *, note: str, expected_version: int | None = None
) -> Escalation:
    """Who raised it, or the regisseur, takes it back (the partners agreed after all).
    `expected_version` is the version the caller read (StaleEscalation when it changed)."""
    locked = _lock(access, escalation)
    after = _transition(locked, StepKind.WITHDRAWN)
    _check_version(locked, expected_version)
    if not may_withdraw(access, locked):
        raise PermissionDenied(
            _("Only who raised the escalation or the regisseur can withdraw it.")
        )
    now = timezone.now()
    EscalationStep.objects.create(
        escalation=locked,
        kind=StepKind.WITHDRAWN,
        level=locked.level,
        at=now,
        by=access.user,
        by_organisation=_organisation_name(access),
        note=note.strip(),
    )
    locked.status = after
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at"])
    log_change(access, object_type=OBJECT_TYPE, object_id=str(locked.uuid))
    return locked
