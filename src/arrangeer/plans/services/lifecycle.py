"""The lifecycle of the plan: send the draft to the parents, record their instemming, adopt,
start an adjustment. Each step is allowed from the statuses in constants.ALLOWED_STEPS and is
the regisseur's."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.cases import notices
from arrangeer.cases.access import CaseAccess, log_change, require_regisseur
from arrangeer.cases.constants import NoticeKind
from arrangeer.children.models import LegalRepresentative

from .. import rules, snapshot
from ..constants import (
    AgreementDecision,
    AgreementEvidence,
    ChildHeard,
    PlanStatus,
    PlanStep,
    VersionStatus,
)
from ..models import ParentAgreement, Plan, PlanVersion
from .common import (
    lock_plan,
    require_category,
    require_step,
    require_team_place,
)


def _complete_for_agreement(plan: Plan) -> None:
    """What the parents are asked to agree with must be a whole plan: at least one SMART goal,
    and every goal served by a module (issue 4)."""
    if rules.smart_goal_count(plan) == 0:
        raise ValidationError(_("The plan has no SMART goal yet: write at least one goal."))
    missing = rules.goals_without_module(plan)
    if missing:
        raise ValidationError(
            _(
                "Every goal needs at least one module before the plan can go to the parents; "
                "%(count)s goal(s) have none yet (also ask colleagues about goals you cannot "
                "see)."
            )
            % {"count": missing}
        )


def _awaiting(plan: Plan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, status=VersionStatus.AWAITING).first()


def _log(access: CaseAccess, plan: Plan, version: PlanVersion, event: str = Event.CHANGE) -> None:
    log_change(
        access, event=event, object_type="plan_version", object_id=f"{plan.uuid}/{version.number}"
    )


def _identical_message(last: PlanVersion) -> str:
    """Why an unchanged draft is not sent again, by what happened to the last version sent."""
    if last.status == VersionStatus.AWAITING:
        return _(
            "Nothing was sent: the plan is exactly version %(number)s, which is already with "
            "the parents. Change the plan first if they should decide on something new."
        ) % {"number": last.number}
    if last.is_adopted:
        return _(
            "Nothing was sent: the plan is exactly version %(number)s, which was already "
            "adopted. Change the plan first if the parents should decide on something new."
        ) % {"number": last.number}
    return _(
        "Nothing was sent: the plan is exactly version %(number)s, which was sent before. "
        "Change the plan first if the parents should decide on something new."
    ) % {"number": last.number}


@transaction.atomic
def send_for_agreement(access: CaseAccess) -> PlanVersion:
    """Freeze the draft as a new version and ask the parents' instemming on it. A version
    already waiting is withdrawn: the parents answer on the newest."""
    require_regisseur(access)
    require_team_place(access)
    plan = lock_plan(access)
    require_step(plan, PlanStep.SEND)
    _complete_for_agreement(plan)
    content = snapshot.build(plan)
    digest = snapshot.content_hash(content)
    last = PlanVersion.objects.filter(plan=plan).order_by("-number").defer("content").first()
    if last is not None and last.content_hash == digest:
        raise ValidationError(_identical_message(last))
    waiting = _awaiting(plan)
    if waiting is not None:
        waiting.status = VersionStatus.WITHDRAWN
        waiting.save(update_fields=["status"])
    version = PlanVersion.objects.create(
        plan=plan,
        number=(last.number if last else 0) + 1,
        status=VersionStatus.AWAITING,
        content=content,
        content_hash=digest,
        sent_at=timezone.now(),
        sent_by=access.user,
    )
    plan.status = PlanStatus.AWAITING_AGREEMENT
    plan.save(update_fields=["status"])
    _log(access, plan, version, Event.CREATE)
    notices.tell_family(
        access.case,
        kind=NoticeKind.AGREEMENT,
        key=f"agreement:{version.pk}",
        acting_user=access.user,
    )
    return version


def _version_at_stake(plan: Plan, content_hash: str) -> PlanVersion:
    """The version waiting for the parents, checked against the hash the form was built on
    and against the draft as it is now."""
    version = _awaiting(plan)
    if version is None:
        raise ValidationError(_("No version of this plan is waiting for the parents."))
    if content_hash != version.content_hash:
        raise ValidationError(
            _(
                "This is not the version now with the parents: version %(number)s replaced it. "
                "Record the decision on version %(number)s."
            )
            % {"number": version.number}
        )
    if snapshot.content_hash(snapshot.build(plan)) != version.content_hash:
        raise ValidationError(
            _(
                "The plan was changed after version %(number)s was sent to the parents, so "
                "their instemming would be on a text that no longer holds. Send the plan for "
                "agreement again."
            )
            % {"number": version.number}
        )
    return version


@transaction.atomic
def record_parent_agreement(
    access: CaseAccess,
    *,
    content_hash: str,
    representative: LegalRepresentative,
    decision: str,
    given_on: dt.date,
    evidence: str,
    note: str = "",
) -> ParentAgreement:
    """Record one parent's instemming (or refusal) with the handelingsdeel of the exact
    version sent, as given on paper or in the meeting. Each parent with gezag on their own."""
    require_regisseur(access)
    require_team_place(access)
    plan = lock_plan(access)
    version = _version_at_stake(plan, content_hash)
    if representative.child_id != access.case.child_id:
        raise ValidationError({"representative": _("This is not a parent of this child.")})
    if not representative.has_authority:
        raise ValidationError(
            {
                "representative": _(
                    "Only a parent or carer with parental authority (gezag) agrees with the "
                    "handelingsdeel."
                )
            }
        )
    if decision not in AgreementDecision.values:
        raise ValidationError({"decision": _("Choose whether the parent agrees.")})
    if evidence not in AgreementEvidence.values:
        raise ValidationError({"evidence": _("Choose how the decision was given.")})
    today = timezone.localdate()
    if given_on > today:
        raise ValidationError({"given_on": _("The date cannot be in the future.")})
    if given_on < timezone.localtime(version.sent_at).date():
        raise ValidationError(
            {"given_on": _("The date is before this version was sent to the parents.")}
        )
    if ParentAgreement.objects.filter(version=version, representative=representative).exists():
        raise ValidationError(
            {"representative": _("This parent's decision on this version is already recorded.")}
        )
    agreement = ParentAgreement.objects.create(
        version=version,
        representative=representative,
        decision=decision,
        given_on=given_on,
        evidence=evidence,
        content_hash=version.content_hash,
        note=note.strip(),
        recorded_by=access.user,
    )
    log_change(
        access,
        event=Event.CREATE,
        object_type="plan_agreement",
        object_id=f"{plan.uuid}/{version.number}/{representative.pk}",
    )
    return agreement


def version_for_family(access: CaseAccess) -> PlanVersion | None:
    """The version now with the parents (the snapshot they are asked to agree with)."""
    plan = Plan.objects.filter(case=access.case).first()
    return _awaiting(plan) if plan is not None else None


@transaction.atomic
def adopt_plan(
    access: CaseAccess,
    *,
    content_hash: str,
    child_heard: str,
    child_view: str,
    child_view_category: str,
) -> PlanVersion:
    """Adopt (vaststellen) the version the parents agreed with: it becomes the plan in force,
    frozen, with the child's view. The version it replaces stays readable."""
    require_regisseur(access)
    require_team_place(access)
    plan = lock_plan(access)
    require_step(plan, PlanStep.ADOPT)
    version = _version_at_stake(plan, content_hash)
    _require_every_parent_agreed(plan, version)
    _require_child_view(child_heard, child_view)
    require_category(access, child_view_category, field_name="child_view_category")
    PlanVersion.objects.filter(plan=plan, status=VersionStatus.ADOPTED).update(
        status=VersionStatus.SUPERSEDED
    )
    version.status = VersionStatus.ADOPTED
    version.adopted_at = timezone.now()
    version.adopted_by = access.user
    version.child_heard = child_heard
    version.child_view = child_view.strip()
    version.child_view_category = child_view_category
    version.save(
        update_fields=[
            "status",
            "adopted_at",
            "adopted_by",
            "child_heard",
            "child_view",
            "child_view_category",
        ]
    )
    plan.status = PlanStatus.ADOPTED
    plan.adjustment_reason = ""
    plan.save(update_fields=["status", "adjustment_reason"])
    _log(access, plan, version)
    return version


def _require_every_parent_agreed(plan: Plan, version: PlanVersion) -> None:
    """Every parent with gezag agreed with the version, and none disagreed."""
    parents = rules.parents_with_authority(plan)
    if not parents:
        raise ValidationError(
            _("No parent or carer with parental authority is recorded for this child.")
        )
    refused = ParentAgreement.objects.filter(
        version=version, decision=AgreementDecision.DISAGREES
    ).exists()
    if refused:
        raise ValidationError(
            _(
                "A parent did not agree with this version. Talk it over, change the plan and "
                "send it again."
            )
        )
    agreed = rules.agreeing_parents(version)
    waiting_for = [str(p) for p in parents if p.pk not in agreed]
    if waiting_for:
        raise ValidationError(
            _("The instemming of %(names)s is not recorded yet.")
            % {"names": ", ".join(waiting_for)}
        )


def _require_child_view(child_heard: str, child_view: str) -> None:
    """How the child was heard, and their view (or why they were not heard)."""
    if child_heard not in ChildHeard.values:
        raise ValidationError({"child_heard": _("Record how the child was heard.")})
    if not child_view.strip():
        message = (
            _("Write why the child was not heard.")
            if child_heard == ChildHeard.NOT_HEARD
            else _("Write the child's view on the plan.")
        )
        raise ValidationError({"child_view": message})


def reopen_draft(plan: Plan, *, reason: str) -> None:
    """Shared by an adjustment started by hand and by an evaluation that decides to adjust."""
    plan.status = PlanStatus.DRAFT
    plan.adjustment_reason = reason
    plan.save(update_fields=["status", "adjustment_reason"])


@transaction.atomic
def start_adjustment(access: CaseAccess, *, reason: str) -> Plan:
    """Start a new draft from the adopted plan. The adopted version stays in force and
    readable until the new one is adopted."""
    require_regisseur(access)
    require_team_place(access)
    plan = lock_plan(access)
    require_step(plan, PlanStep.ADJUST)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the plan is adjusted.")})
    reopen_draft(plan, reason=reason.strip())
    log_change(access, object_type="plan", object_id=str(plan.uuid))
    return plan
