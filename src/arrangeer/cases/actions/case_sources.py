"""The case's own sources of "My actions": steps in the person's role (`steps`, imported
first), overdue steps, the regie offered, team members waiting for the family, consents to
renew, cases where nothing happens and thuiszitters. Registered in this order when the
package is imported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.children.ages import OWN_ACCOUNT_AGE, OWN_CONSENT_AGE, years_before
from arrangeer.routes.constants import REGISSEUR

from .registry import (
    CASE_FIELDS,
    PERSON,
    Action,
    first,
    limited,
    register_action_source,
)
from .steps import active_members_in_step_role

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


def _overdue_probe(today: dt.date) -> list[QuerySet[Any]]:
    from arrangeer.cases.models import Case

    return [
        Case.objects.filter(regisseur=PERSON, step_due__lt=today, current_step__isnull=False)
        .exclude(current_step__responsible_role=REGISSEUR)
        .values("pk")
    ]


@register_action_source(
    "step_overdue",
    label=gettext_lazy("Overdue steps in cases you lead"),
    mail=gettext_lazy("A step is overdue in a case of which you are the regisseur."),
    led=True,
    probe=_overdue_probe,
)
def _overdue(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    # The regisseur hears of a step overdue in someone else's hands (their own steps are
    # already in the "step" source).
    in_role = active_members_in_step_role()
    found = (
        cases.filter(regisseur=user, step_due__lt=today, current_step__isnull=False)
        .exclude(current_step__responsible_role=REGISSEUR)
        .annotate(mine=Exists(in_role.filter(membership__user=user)), filled=Exists(in_role))
        .filter(mine=False, filled=True)
        .select_related("child", "current_step")
        .only(
            *CASE_FIELDS,
            "step_due",
            "step_since",
            "current_step__number",
            "current_step__name",
            "current_step__responsible_role",
        )
    )
    for case in first(found, lambda c: (c.step_due, c.child.last_name, c.pk), limit):
        step = case.current_step
        assert step is not None and case.step_due is not None and case.step_since is not None
        yield Action(
            source="step_overdue",
            case=case,
            title=_("Step %(number)d “%(step)s” is overdue; it is in the hands of: %(role)s")
            % {
                "number": step.number,
                "step": step.name,
                "role": step.get_responsible_role_display(),
            },
            due=case.step_due,
            view="cases:route",
            key=f"step_overdue:{case.pk}:{case.step_since.isoformat()}",
            remind_from=case.step_due + dt.timedelta(days=1),
        )


def _regie_probe(today: dt.date) -> list[QuerySet[Any]]:
    from arrangeer.cases.constants import TransferStatus
    from arrangeer.cases.models import RegieTransfer

    return [
        RegieTransfer.objects.filter(
            status=TransferStatus.PROPOSED, to_member__membership__user=PERSON
        ).values("pk")
    ]


@register_action_source(
    "regie_transfer",
    label=gettext_lazy("Regie offered to you"),
    mail=gettext_lazy("You are asked to take over the regie of a case."),
    probe=_regie_probe,
)
def _regie(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    from arrangeer.cases.constants import TransferStatus
    from arrangeer.cases.models import RegieTransfer

    found = (
        RegieTransfer.objects.filter(
            case__in=cases, status=TransferStatus.PROPOSED, to_member__membership__user=user
        )
        .select_related("case__child", "from_user")
        .order_by(TruncDate("proposed_at"), "case__child__last_name", "case_id", "pk")
    )
    for transfer in limited(found, limit):
        proposed = timezone.localtime(transfer.proposed_at).date()
        yield Action(
            source="regie_transfer",
            case=transfer.case,
            title=_("%(name)s asks you to take over the regie: accept or decline")
            % {"name": transfer.from_user},
            due=proposed + dt.timedelta(days=7),
            view="cases:route",
            anchor="#regie",
            key=f"regie_transfer:{transfer.pk}",
            remind_from=proposed,
            tiebreak=transfer.pk,
        )


FAMILY_DECISION_DAYS = 14


def _family_probe(today: dt.date) -> list[QuerySet[Any]]:
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.cases.models import TeamMember

    return [
        TeamMember.objects.filter(case__regisseur=PERSON, status=MemberStatus.PROPOSED).values("pk")
    ]


@register_action_source(
    "family_approval",
    label=gettext_lazy("Team members waiting for the family"),
    mail=gettext_lazy("A proposed team member is still waiting for the family's approval."),
    led=True,
    probe=_family_probe,
)
def _family(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.cases.models import TeamMember

    found = TeamMember.objects.filter(
        case__in=cases.filter(regisseur=user), status=MemberStatus.PROPOSED
    ).select_related("case__child", "membership__user", "membership__organisation")
    for member in first(
        found,
        lambda m: (
            timezone.localtime(m.proposed_at).date(),
            m.case.child.last_name,
            m.case_id,
            m.pk,
        ),
        limit,
    ):
        due = timezone.localtime(member.proposed_at).date() + dt.timedelta(
            days=FAMILY_DECISION_DAYS
        )
        yield Action(
            source="family_approval",
            case=member.case,
            title=_("Ask the family about %(name)s (%(organisation)s) joining the team")
            % {"name": member.membership.user, "organisation": member.membership.organisation},
            due=due,
            view="cases:team",
            key=f"family_approval:{member.pk}",
            remind_from=due,
            tiebreak=member.pk,
        )


def _birthday(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def _renewal_probe(today: dt.date) -> list[QuerySet[Any]]:
    """Both age bands of `_renewals` in one condition."""
    from arrangeer.consents.models import Consent
    from arrangeer.vocabulary import AgeBand

    born_12 = years_before(today, OWN_ACCOUNT_AGE)
    born_16 = years_before(today, OWN_CONSENT_AGE)
    band_12 = Q(
        case__child__date_of_birth__lte=born_12, case__child__date_of_birth__gt=born_16
    ) & ~Q(age_band_at_giving=AgeBand.FROM_12)
    band_16 = Q(case__child__date_of_birth__lte=born_16) & ~Q(age_band_at_giving=AgeBand.FROM_16)
    return [
        Consent.objects.active_on(today)
        .filter(case__regisseur=PERSON)
        .filter(band_12 | band_16)
        .values("pk")
    ]


@register_action_source(
    "consent_renewal",
    label=gettext_lazy("Consents to renew"),
    mail=gettext_lazy(
        "A consent must be renewed: a child reached an age at which they decide too."
    ),
    led=True,
    probe=_renewal_probe,
)
def _renewals(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """A consent given before the child's 12th or 16th birthday, which has since passed: the
    age bands are date ranges of the birth date, so the database finds them (one query per
    band, each sorted by birthday and cut), not Python per consent."""
    from arrangeer.consents.models import Consent
    from arrangeer.vocabulary import AgeBand

    active = Consent.objects.active_on(today).filter(case__in=cases.filter(regisseur=user))
    born_12 = years_before(today, OWN_ACCOUNT_AGE)  # born on or before: 12 or older today
    born_16 = years_before(today, OWN_CONSENT_AGE)
    bands = [
        (
            AgeBand.FROM_12,
            OWN_ACCOUNT_AGE,
            active.filter(
                case__child__date_of_birth__lte=born_12, case__child__date_of_birth__gt=born_16
            ).exclude(age_band_at_giving=AgeBand.FROM_12),
        ),
        (
            AgeBand.FROM_16,
            OWN_CONSENT_AGE,
            active.filter(case__child__date_of_birth__lte=born_16).exclude(
                age_band_at_giving=AgeBand.FROM_16
            ),
        ),
    ]
    for band, years, found in bands:
        # Decide on the dates first; load only the consents shown.
        keys = found.values_list(
            "case__child__date_of_birth", "case__child__last_name", "case_id", "pk"
        )
        shown = [key[3] for key in first(keys, lambda k: k, limit)]
        loaded = Consent.objects.select_related("case__child", "organisation").in_bulk(shown)
        for consent in (loaded[pk] for pk in shown):
            birthday = _birthday(consent.case.child.date_of_birth, years)
            yield Action(
                source="consent_renewal",
                case=consent.case,
                title=_("Renew the consent for %(organisation)s: the child now decides too")
                % {"organisation": consent.organisation.name},
                due=birthday,
                view="cases:consents",
                key=f"consent_renewal:{consent.pk}:{band}",
                remind_from=birthday,
                tiebreak=consent.pk,
            )


@register_action_source(
    "stalled",
    label=gettext_lazy("Cases where nothing happens"),
    mail=gettext_lazy("Nothing has happened for a while in a case of which you are the regisseur."),
    led=True,
)
def _stalled(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    from arrangeer.cases.timing import last_activity_subquery, stalled_since

    # Decide on the dates first (three values per case the person leads); load only the
    # cases that stall and are shown.
    stalled: list[tuple[dt.date, int, dt.datetime]] = []
    for pk, last, stall_days in (
        cases.filter(regisseur=user, route__isnull=False)
        .annotate(last=last_activity_subquery())
        .values_list("pk", "last", "route__stall_days")
    ):
        mark = stalled_since(last, stall_days, today)
        if mark is not None and last is not None:
            stalled.append((mark, pk, last))
    if not stalled:
        return
    loaded = {
        case.pk: case
        for case in cases.filter(pk__in=[pk for _, pk, _ in stalled])
        .select_related("child")
        .only(*CASE_FIELDS)
    }
    shown = sorted(
        (mark, loaded[pk].child.last_name, pk, last) for mark, pk, last in stalled if pk in loaded
    )
    for mark, _name, pk, last in shown if limit is None else shown[:limit]:
        yield Action(
            source="stalled",
            case=loaded[pk],
            title=_(
                "Nothing has happened since %(date)s: get the process going (an extra MDO, "
                "more expertise or escalation)"
            )
            % {"date": timezone.localtime(last).strftime("%d-%m-%Y")},
            due=mark,
            view="cases:route",
            key=f"stalled:{pk}:{last.isoformat()}",
            remind_from=mark,
        )


def _thuiszitter_probe(today: dt.date) -> list[QuerySet[Any]]:
    from arrangeer.cases.models import Case
    from arrangeer.cases.timing import latest_thuiszitter_since

    return [
        Case.objects.filter(
            regisseur=PERSON,
            is_thuiszitter=True,
            thuiszitter_since__lte=latest_thuiszitter_since(today),
        ).values("pk")
    ]


@register_action_source(
    "thuiszitter",
    label=gettext_lazy("Thuiszitters near or past 3 months"),
    mail=gettext_lazy(
        "A child in a case you lead is nearing or past three months at home (Thuiszitterspact)."
    ),
    led=True,
    probe=_thuiszitter_probe,
)
def _thuiszitters(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    from arrangeer.cases.constants import THUISZITTER_WARN_DAYS
    from arrangeer.cases.timing import latest_thuiszitter_since, thuiszitter_mark

    found = (
        cases.filter(
            regisseur=user,
            is_thuiszitter=True,
            thuiszitter_since__lte=latest_thuiszitter_since(today),
        )
        .select_related("child")
        .only(*CASE_FIELDS, "is_thuiszitter", "thuiszitter_since")
    )
    for case in first(found, lambda c: (c.thuiszitter_since, c.child.last_name, c.pk), limit):
        assert case.thuiszitter_since is not None
        mark = thuiszitter_mark(case.thuiszitter_since)
        warn_from = mark - dt.timedelta(days=THUISZITTER_WARN_DAYS)
        past = today >= mark
        yield Action(
            source="thuiszitter",
            case=case,
            title=(
                _("Thuiszitter for more than 3 months: escalate to a suitable offer")
                if past
                else _("Thuiszitter: the 3-month mark of the Thuiszitterspact is coming")
            ),
            due=mark,
            view="cases:route",
            key=f"thuiszitter:{case.pk}:{case.thuiszitter_since}:{'past' if past else 'near'}",
            remind_from=mark if past else warn_from,
        )
