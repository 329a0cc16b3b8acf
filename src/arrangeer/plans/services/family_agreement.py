"""A parent agrees (or not) with the plan in the portal, themselves: a signature, with the
second factor asked again (or their DigiD login), bound to the version the page showed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.accounts import services as accounts_services
from arrangeer.accounts.services import CodeCheck, FactorKind, SecondFactorCheck
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from .. import snapshot
from ..constants import AgreementDecision, AgreementEvidence, SignedWith
from ..models import ParentAgreement, Plan, PlanVersion
from .common import lock_plan
from .lifecycle import _awaiting

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
