"""The lifecycle of the plan: send the draft to the parents, record their instemming, adopt,
start an adjustment. Each step is allowed from the statuses in constants.ALLOWED_STEPS and is
the regisseur's."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts import services as accounts_services
from arrangeer.accounts.services import CodeCheck, FactorKind, SecondFactorCheck
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
    SignedWith,
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


_SIGNED_WITH = {
    FactorKind.APP: SignedWith.APP,
    FactorKind.MAIL: SignedWith.MAIL,
    FactorKind.BACKUP: SignedWith.BACKUP,
}


FINGERPRINT_LENGTH = 8


def _portal_version(plan: Plan, content_hash: str) -> PlanVersion:
    """The version with the parents, as the page showed it and as the draft still is."""
    version = _awaiting(plan)
    changed = _(
        "The plan was changed after you opened this page. Nothing was saved. Read the new "
        "version and then decide again."
    )
    if version is None:
        raise ValidationError(_("There is no version of the plan waiting for your decision."))
    # The page carries the version's fingerprint (the first 8 characters of its hash), never
    # the whole hash; the decision records the whole hash of the version with the parents.
    if len(content_hash) < FINGERPRINT_LENGTH or not version.content_hash.startswith(content_hash):
        raise ValidationError(changed)
    if snapshot.content_hash(snapshot.build(plan)) != version.content_hash:
        raise ValidationError(changed)
    return version


def _second_factor_refused(check: SecondFactorCheck) -> str:
    if check.outcome is CodeCheck.THROTTLED:
        return _("Too many wrong codes in a row. Wait a few seconds and then try again.")
    if check.outcome is CodeCheck.USED:
        return _(
            "This code was used already: each code works once. Wait until your app shows "
            "a new code (every 30 seconds) and type that one."
        )
    return _(
        "This code is not correct or no longer valid. Type the code your app shows now, ask "
        "for a code by mail, or use an unused backup code."
    )


def agree_in_portal(
    access: CaseAccess,
    *,
    content_hash: str,
    decision: str,
    reason: str = "",
    second_factor_code: str = "",
    signed_with_digid: bool = False,
) -> ParentAgreement:
    """A parent with gezag agrees (or not) with the version sent, themselves, in the portal.
    It is a signature: the second factor is asked again at this moment and recorded with the
    decision (who, when, which version by its hash, how authenticated). Bound to the hash of
    the version the page showed: if that is no longer the version with the parents, or the
    plan changed since, nothing is recorded. Until the version is adopted the parent may
    change their answer; each answer is signed anew.

    The code is checked after everything else and outside the transaction that records the
    decision, so a wrong code always counts towards the wait before the next try.

    A parent who logged in with DigiD at substantial assurance signs with that login
    (`signed_with_digid`, said by the page from the session): no code is asked."""
    _check_portal_answer(access, content_hash=content_hash, decision=decision, reason=reason)
    if signed_with_digid:
        return _sign_in_portal(
            access,
            content_hash=content_hash,
            decision=decision,
            reason=reason,
            signed_with=SignedWith.DIGID,
        )
    if not second_factor_code.strip():
        raise ValidationError(
            {
                "second_factor_code": _(
                    "Type the code from your app or from the mail, to sign your decision."
                )
            }
        )
    check = accounts_services.check_second_factor_again(access.user, token=second_factor_code)
    if not check.accepted or check.kind is None:
        raise ValidationError({"second_factor_code": _second_factor_refused(check)})
    return _sign_in_portal(
        access,
        content_hash=content_hash,
        decision=decision,
        reason=reason,
        signed_with=_SIGNED_WITH[check.kind],
    )


def _check_portal_answer(
    access: CaseAccess, *, content_hash: str, decision: str, reason: str
) -> None:
    """Before the signature: a parent with gezag, a decision (with a reason when they do not
    agree) on the version still with the parents, and not the answer they already gave."""
    place = access.family
    if place is None or place.representative is None:
        raise PermissionDenied(_("Only a parent agrees with the plan in the portal."))
    if not place.has_authority:
        raise ValidationError(
            _("Only a parent or carer with parental authority (gezag) can agree with the plan.")
        )
    if decision not in AgreementDecision.values:
        raise ValidationError({"decision": _("Choose whether you agree.")})
    if decision == AgreementDecision.DISAGREES and not reason.strip():
        raise ValidationError({"reason": _("Tell us why you do not agree.")})
    with transaction.atomic():
        plan = lock_plan(access)
        version = _portal_version(plan, content_hash)
        earlier = ParentAgreement.objects.filter(
            version=version, representative=place.representative
        ).first()
        if earlier is not None and earlier.decision == decision:
            raise ValidationError(
                {"decision": _("This is already your answer on this version. Nothing changed.")}
            )


@transaction.atomic
def _sign_in_portal(
    access: CaseAccess, *, content_hash: str, decision: str, reason: str, signed_with: str
) -> ParentAgreement:
    place = access.family
    assert place is not None and place.representative is not None
    representative = place.representative
    plan = lock_plan(access)
    version = _portal_version(plan, content_hash)
    now = timezone.now()
    agreement = ParentAgreement.objects.filter(
        version=version, representative=representative
    ).first()
    if agreement is None:
        agreement = ParentAgreement.objects.create(
            version=version,
            representative=representative,
            decision=decision,
            given_on=timezone.localdate(),
            evidence=AgreementEvidence.PORTAL,
            content_hash=version.content_hash,
            note=reason.strip(),
            recorded_by=access.user,
            signed_at=now,
            signed_with=signed_with,
        )
        event = Event.CREATE
    elif agreement.decision == decision:  # the same answer sent twice at once
        raise ValidationError(
            {"decision": _("This is already your answer on this version. Nothing changed.")}
        )
    else:
        agreement.changed_from = agreement.decision
        agreement.decision = decision
        agreement.given_on = timezone.localdate()
        agreement.evidence = AgreementEvidence.PORTAL
        agreement.note = reason.strip()
        agreement.recorded_by = access.user
        agreement.signed_at = now
        agreement.signed_with = signed_with
        agreement.save(
            update_fields=[
                "changed_from",
                "decision",
                "given_on",
                "evidence",
                "note",
                "recorded_by",
                "signed_at",
                "signed_with",
            ]
        )
        event = Event.CHANGE
    log_change(
        access,
        event=event,
        object_type="plan_agreement",
        object_id=f"{plan.uuid}/{version.number}/{representative.pk}",
    )
    return agreement


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
