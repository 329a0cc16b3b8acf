"""The family's questionnaire: which moment a parent or the young person is asked about, the
answers (counted without a name; a remark goes to the team) and the monitor's counts."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Event
from arrangeer.cases.access import CaseAccess, log_change

from .. import gifts
from ..models import MessageKind, Moment, SatisfactionAnswer


def _respondent_key(user: User, moment: str, ref: str) -> str:
    message = f"{user.pk}\x00{moment}\x00{ref}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _asked_moment(access: CaseAccess) -> tuple[str, str] | None:
    """What the family is asked about now: the closing of the arrangement while the case is
    at a step of its route from which it may close; otherwise the latest evaluation of the
    plan."""
    from arrangeer.plans.models import Evaluation

    case = access.case
    if case.closed_at is None and case.current_step_id is not None:
        step = case.current_step
        if step is not None and step.can_close:
            return (Moment.CLOSING, str(case.uuid))
    latest = (
        Evaluation.objects.filter(plan__case=case)
        .order_by("-held_on", "-pk")
        .values_list("uuid", flat=True)
        .first()
    )
    return None if latest is None else (Moment.EVALUATION, str(latest))


def open_questionnaire(access: CaseAccess) -> tuple[str, str] | None:
    """The moment this family member (a parent or the young person) is asked about now, if
    they have not answered for it yet: the route's closing step, else the latest evaluation."""
    if access.family is None:
        return None
    moment = _asked_moment(access)
    if moment is None:
        return None
    key = _respondent_key(access.user, *moment)
    if SatisfactionAnswer.objects.filter(
        moment=moment[0], moment_ref=moment[1], respondent_key=key
    ).exists():
        return None
    return moment


@transaction.atomic
def answer_questionnaire(
    access: CaseAccess, *, usefulness: int, heard: int, overall: int, remark: str = ""
) -> SatisfactionAnswer:
    place = access.family
    if place is None:
        raise PermissionDenied(_("The questionnaire is for parents and the young person."))
    moment = open_questionnaire(access)
    if moment is None:
        raise ValidationError(_("There is no questionnaire for you at the moment."))
    errors = {}
    if not 1 <= usefulness <= 5:
        errors["usefulness"] = _("Choose a number from 1 to 5.")
    if not 1 <= heard <= 5:
        errors["heard"] = _("Choose a number from 1 to 5.")
    if not 1 <= overall <= 10:
        errors["overall"] = _("Choose a number from 1 to 10.")
    if errors:
        raise ValidationError(errors)
    answer = SatisfactionAnswer.objects.create(
        case=access.case,
        moment=moment[0],
        moment_ref=moment[1],
        respondent="youth" if place.is_child else "parent",
        respondent_key=_respondent_key(access.user, *moment),
        usefulness=usefulness,
        heard=heard,
        overall=overall,
    )
    log_change(access, event=Event.CREATE, object_type="satisfaction", object_id=str(answer.pk))
    # The numbers are counted without a name; the remark is for the team, who must be able
    # to answer it, so it is kept apart with its author and reaches the regisseur.
    if remark.strip():
        gifts.record_message(access, kind=MessageKind.REMARK, text=remark.strip())
    return answer


def answers_for(access: CaseAccess) -> list[SatisfactionAnswer]:
    """A family member's own answers to the questionnaire. The answers carry no name (each
    is found by the keyed digest of this person), and the family was told they are only
    counted: no professional reads them one by one."""
    if access.family is None:
        return []
    answers = SatisfactionAnswer.objects.filter(case=access.case).order_by("answered_at", "pk")
    return [
        a
        for a in answers
        if hmac.compare_digest(
            a.respondent_key, _respondent_key(access.user, a.moment, a.moment_ref)
        )
    ]


def respondent_label(respondent: str) -> str:
    return _("the young person") if respondent == "youth" else _("a parent")


@dataclass(frozen=True)
class SatisfactionCounts:
    answers: int
    usefulness: float | None
    heard: float | None
    overall: float | None


def satisfaction_counts(*, region_id: int) -> SatisfactionCounts:
    """For the monitor: numbers only, never the remarks (those are for the team)."""
    from django.db.models import Avg, Count

    found = SatisfactionAnswer.objects.filter(case__region_id=region_id).aggregate(
        n=Count("pk"), u=Avg("usefulness"), h=Avg("heard"), o=Avg("overall")
    )
    return SatisfactionCounts(found["n"], found["u"], found["h"], found["o"])
