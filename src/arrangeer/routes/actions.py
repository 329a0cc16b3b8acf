""" "My actions": what each person has to do, for which case, by when — gathered from a small
registry of sources, so every app adds its own without this module knowing about it.

API (for other apps, e.g. the plan's "evaluation date near", "module ends within 4 weeks",
"decision pending after N days"):

    from arrangeer.routes.actions import Action, register_action_source

    @register_action_source(
        "evaluation_due",
        label=_("Evaluations coming up"),
        mail=_("An evaluation of a plan you work on is coming up."),
    )
    def evaluation_due(user, cases, today):
        for plan in Plan.objects.filter(case__in=cases, ...).select_related("case__child"):
            yield Action(
                source="evaluation_due",
                case=plan.case,
                title=_("Evaluate the plan"),
                due=plan.evaluation_date,
                url=reverse("plans:detail", kwargs={"case_id": plan.case.uuid}),
                key=f"evaluation_due:{plan.pk}:{plan.evaluation_date}",
                remind_from=plan.evaluation_date - dt.timedelta(days=14),
            )

Rules for a source:
- `cases` is `visible_cases(user)`: start every query from it (or filter `case__in=cases`), so
  an action never points at a case the person may not see. Load `case__child` with it.
- Constant queries: one or two per source, whatever the number of cases.
- `key` identifies the action for reminders: `send_reminders` mails a key once per person.
  Put in it what makes the action new (the step visit, the date), not the day of the run.
- `remind_from`: the first day a reminder mail may go out; None for "show, never mail".
- `mail` (at registration) is the text of the reminder: specific about the kind of action,
  never about the child — the mail carries only a link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User

from .constants import REGISSEUR

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


@dataclass(frozen=True)
class Action:
    source: str
    case: Case
    title: str
    due: dt.date | None
    url: str
    key: str
    remind_from: dt.date | None = None

    def is_overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


Collect = Callable[[User, "QuerySet[Case]", dt.date], Iterable[Action]]


@dataclass(frozen=True)
class ActionSource:
    code: str
    label: str | Promise
    mail: str | Promise
    collect: Collect


_SOURCES: dict[str, ActionSource] = {}


def register_action_source(
    code: str, *, label: str | Promise, mail: str | Promise
) -> Callable[[Collect], Collect]:
    def decorate(collect: Collect) -> Collect:
        if code in _SOURCES and _SOURCES[code].collect is not collect:
            raise ValueError(f"An action source named {code!r} is already registered.")
        _SOURCES[code] = ActionSource(code, label, mail, collect)
        return collect

    return decorate


def sources() -> dict[str, ActionSource]:
    return dict(_SOURCES)


def actions_for(
    user: User, *, today: dt.date | None = None, at: dt.datetime | None = None
) -> list[Action]:
    """Everything `user` has to do, most urgent first (the earliest date first; undated
    last). Only for cases the access layer lets them see."""
    from arrangeer.cases.access import visible_cases

    at = at or timezone.now()
    today = today or timezone.localtime(at).date()
    cases = visible_cases(user, at=at)
    found: list[Action] = []
    order = {code: i for i, code in enumerate(_SOURCES)}
    for source in _SOURCES.values():
        found.extend(source.collect(user, cases, today))
    found.sort(
        key=lambda a: (
            a.due is None,
            a.due or dt.date.max,
            order.get(a.source, 0),
            a.case.child.last_name,
            a.case.pk,
        )
    )
    return found


# What a listed action needs of its case (and the access log of its child): loading whole
# rows for hundreds of cases is most of the cost of the page.
CASE_FIELDS = ("uuid", "child__first_name", "child__last_name", "child__pseudonym")


def _route_url(case: Case) -> str:
    return reverse("cases:route", kwargs={"case_id": case.uuid})


# --- The sources of the case and its route ------------------------------------------------


def _active_members_in_step_role() -> QuerySet:
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.cases.models import TeamMember

    return TeamMember.objects.filter(
        case=OuterRef("pk"),
        status=MemberStatus.ACTIVE,
        membership__is_active=True,
        membership__role=OuterRef("current_step__responsible_role"),
    )


@register_action_source(
    "step",
    label=gettext_lazy("Steps in which you act"),
    mail=gettext_lazy("A step in which you act has reached its due date in a case."),
)
def _steps(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    in_role = _active_members_in_step_role()
    for case in (
        cases.filter(current_step__isnull=False)
        .annotate(mine=Exists(in_role.filter(membership__user=user)), filled=Exists(in_role))
        .filter(
            Q(mine=True)
            | Q(regisseur=user, current_step__responsible_role=REGISSEUR)
            | Q(regisseur=user, filled=False)
        )
        .select_related("child", "current_step")
        .only(*CASE_FIELDS, "step_due", "step_since", "current_step__number", "current_step__name")
    ):
        step = case.current_step
        assert step is not None and case.step_since is not None
        yield Action(
            source="step",
            case=case,
            title=_("Step %(number)d “%(step)s”: reach its result and move the case on")
            % {"number": step.number, "step": step.name},
            due=case.step_due,
            url=_route_url(case),
            key=f"step:{case.pk}:{case.step_since.isoformat()}",
            remind_from=case.step_due,
        )


@register_action_source(
    "step_overdue",
    label=gettext_lazy("Overdue steps in cases you lead"),
    mail=gettext_lazy("A step is overdue in a case of which you are the regisseur."),
)
def _overdue(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    # The regisseur hears of a step overdue in someone else's hands (their own steps are
    # already in the "step" source).
    in_role = _active_members_in_step_role()
    for case in (
        cases.filter(regisseur=user, step_due__lt=today, current_step__isnull=False)
        .exclude(current_step__responsible_role=REGISSEUR)
        .annotate(mine=Exists(in_role.filter(membership__user=user)), filled=Exists(in_role))
        .filter(mine=False, filled=True)
        .select_related("child", "current_step")
    ):
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
            url=_route_url(case),
            key=f"step_overdue:{case.pk}:{case.step_since.isoformat()}",
            remind_from=case.step_due + dt.timedelta(days=1),
        )


@register_action_source(
    "regie_transfer",
    label=gettext_lazy("Regie offered to you"),
    mail=gettext_lazy("You are asked to take over the regie of a case."),
)
def _regie(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    from arrangeer.cases.constants import TransferStatus
    from arrangeer.cases.models import RegieTransfer

    for transfer in RegieTransfer.objects.filter(
        case__in=cases, status=TransferStatus.PROPOSED, to_member__membership__user=user
    ).select_related("case__child", "from_user"):
        proposed = timezone.localtime(transfer.proposed_at).date()
        yield Action(
            source="regie_transfer",
            case=transfer.case,
            title=_("%(name)s asks you to take over the regie: accept or decline")
            % {"name": transfer.from_user},
            due=proposed + dt.timedelta(days=7),
            url=_route_url(transfer.case) + "#regie",
            key=f"regie_transfer:{transfer.pk}",
            remind_from=proposed,
        )


FAMILY_DECISION_DAYS = 14


@register_action_source(
    "family_approval",
    label=gettext_lazy("Team members waiting for the family"),
    mail=gettext_lazy("A proposed team member is still waiting for the family's approval."),
)
def _family(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    from arrangeer.cases.constants import MemberStatus
    from arrangeer.cases.models import TeamMember

    for member in TeamMember.objects.filter(
        case__in=cases.filter(regisseur=user), status=MemberStatus.PROPOSED
    ).select_related("case__child", "membership__user", "membership__organisation"):
        due = timezone.localtime(member.proposed_at).date() + dt.timedelta(
            days=FAMILY_DECISION_DAYS
        )
        yield Action(
            source="family_approval",
            case=member.case,
            title=_("Ask the family about %(name)s (%(organisation)s) joining the team")
            % {"name": member.membership.user, "organisation": member.membership.organisation},
            due=due,
            url=reverse("cases:team", kwargs={"case_id": member.case.uuid}),
            key=f"family_approval:{member.pk}",
            remind_from=due,
        )


@register_action_source(
    "consent_renewal",
    label=gettext_lazy("Consents to renew"),
    mail=gettext_lazy(
        "A consent must be renewed: a child reached an age at which they decide too."
    ),
)
def _renewals(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    from arrangeer.children.models import age_band, age_on
    from arrangeer.consents.constants import AgeBand
    from arrangeer.consents.models import Consent

    active = Consent.objects.active_on(today).filter(case__in=cases.filter(regisseur=user))
    # Decide on the dates first; load only the consents that need renewal.
    due = [
        pk
        for pk, given_band, born in active.values_list(
            "pk", "age_band_at_giving", "case__child__date_of_birth"
        )
        if given_band != age_band(age_on(born, today))
    ]
    for consent in Consent.objects.filter(pk__in=due).select_related("case__child", "organisation"):
        child = consent.case.child
        band = child.age_band(today)
        if not consent.needs_renewal(band):
            continue
        years = 16 if band == AgeBand.FROM_16 else 12
        dob = child.date_of_birth
        try:
            birthday = dob.replace(year=dob.year + years)
        except ValueError:  # 29 February
            birthday = dob.replace(year=dob.year + years, day=28)
        yield Action(
            source="consent_renewal",
            case=consent.case,
            title=_("Renew the consent for %(organisation)s: the child now decides too")
            % {"organisation": consent.organisation.name},
            due=birthday,
            url=reverse("cases:consents", kwargs={"case_id": consent.case.uuid}),
            key=f"consent_renewal:{consent.pk}:{band}",
            remind_from=birthday,
        )


@register_action_source(
    "stalled",
    label=gettext_lazy("Cases where nothing happens"),
    mail=gettext_lazy("Nothing has happened for a while in a case of which you are the regisseur."),
)
def _stalled(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    from arrangeer.cases.timing import last_activity_subquery, stalled_since

    # Decide on the dates first; load only the cases that stall.
    stalled: dict[int, tuple[dt.datetime, dt.date]] = {}
    for pk, last, stall_days in (
        cases.filter(regisseur=user, route__isnull=False)
        .annotate(last=last_activity_subquery())
        .values_list("pk", "last", "route__stall_days")
    ):
        mark = stalled_since(last, stall_days, today)
        if mark is not None and last is not None:
            stalled[pk] = (last, mark)
    for case in cases.filter(pk__in=list(stalled)).select_related("child"):
        last, mark = stalled[case.pk]
        yield Action(
            source="stalled",
            case=case,
            title=_(
                "Nothing has happened since %(date)s: get the process going (an extra MDO, "
                "more expertise or escalation)"
            )
            % {"date": timezone.localtime(last).strftime("%d-%m-%Y")},
            due=mark,
            url=_route_url(case),
            key=f"stalled:{case.pk}:{last.isoformat()}",
            remind_from=mark,
        )


@register_action_source(
    "thuiszitter",
    label=gettext_lazy("Thuiszitters near or past 3 months"),
    mail=gettext_lazy(
        "A child in a case you lead is nearing or past three months at home (Thuiszitterspact)."
    ),
)
def _thuiszitters(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    from arrangeer.cases.constants import THUISZITTER_WARN_DAYS
    from arrangeer.cases.timing import thuiszitter_mark

    for case in cases.filter(
        regisseur=user, is_thuiszitter=True, thuiszitter_since__isnull=False
    ).select_related("child"):
        assert case.thuiszitter_since is not None
        mark = thuiszitter_mark(case.thuiszitter_since)
        warn_from = mark - dt.timedelta(days=THUISZITTER_WARN_DAYS)
        if today < warn_from:
            continue
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
            url=_route_url(case),
            key=f"thuiszitter:{case.pk}:{case.thuiszitter_since}:{'past' if past else 'near'}",
            remind_from=mark if past else warn_from,
        )
