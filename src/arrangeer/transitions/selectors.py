"""The reads of the warm handover for a viewer, and the count the monitor uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case
from arrangeer.cases.selectors import counted_in_region
from arrangeer.organisations.models import Region
from arrangeer.plans.models import DomainEntry, Goal, Module, Plan, SupportNeed

from . import rules
from .constants import UNFINISHED, TransitionKind, TransitionStatus
from .models import PupilFileImport, Transition, TransitionRule


def warn_months(region_id: int) -> int | None:
    rule = TransitionRule.objects.filter(region_id=region_id).first()
    return rule.warn_months_before if rule is not None else None


# What the line of the next transition shows of the stored one (the dossier page).
LINE_FIELDS = ("case_id", "kind", "expected_on", "status", "set_by_hand")


def current_transition(case: Case, *, line_only: bool = False) -> Transition | None:
    """The case's transition in preparation (one at most); `line_only`: only what the line of
    the next transition shows of it (`LINE_FIELDS`), without its schools, people and consent."""
    found = Transition.objects.filter(case=case, status__in=UNFINISHED)
    if line_only:
        return found.only(*LINE_FIELDS).first()
    return found.select_related(
        "receiving_school",
        "receiving_swv__region",
        "sending_school",
        "receiving_member__membership__user",
        "receiving_member__membership__organisation",
        "consent",
    ).first()


@dataclass(frozen=True)
class NextTransition:
    """The stored transition, or the one derived from the child (not saved until the regisseur
    acts on it)."""

    kind: str
    kind_label: str
    expected_on: dt.date
    school_year: str
    warn_from: dt.date
    stored: Transition | None

    @property
    def derived(self) -> bool:
        return self.stored is None or not self.stored.set_by_hand


def next_transition(
    case: Case, *, today: dt.date | None = None, line_only: bool = False
) -> NextTransition | None:
    """The next transition; `line_only`: the stored one with only what its line shows."""
    today = today or timezone.localdate()
    stored = current_transition(case, line_only=line_only)
    months = warn_months(case.region_id)
    if stored is not None:
        kind, expected_on = stored.kind, stored.expected_on
    else:
        found = rules.derive(case.child, today)
        if found is None:
            return None
        kind, expected_on = found.kind, found.expected_on
    return NextTransition(
        kind=kind,
        kind_label=str(TransitionKind(kind).label),
        expected_on=expected_on,
        school_year=rules.school_year_label(expected_on),
        warn_from=rules.warn_from(expected_on, months),
        stored=stored,
    )


def is_receiving(access: CaseAccess, transition: Transition | None) -> bool:
    """The person is the receiving coordinator of this transition, on the team."""
    return (
        transition is not None
        and transition.receiving_member is not None
        and access.member is not None
        and transition.receiving_member.membership.user_id == access.user.pk
        and transition.receiving_member.status == MemberStatus.ACTIVE
    )


def may_read_summary(access: CaseAccess, transition: Transition | None) -> bool:
    """The regisseur and the receiving coordinator hand the summary over."""
    return access.member is not None and (access.is_regisseur or is_receiving(access, transition))


def may_import(access: CaseAccess, transition: Transition | None) -> bool:
    return (
        transition is not None
        and transition.receiving_member_id is not None
        and transition.status == TransitionStatus.CONSENTED
        and not access.read_only
        and may_read_summary(access, transition)
        and access.allows("onderwijs")
    )


@dataclass
class HandoverView:
    """What the receiving school reads of the plan: its perspective (goals, what the child
    can and wants, the support needed) and the running modules with their funding end dates,
    within the viewer's data categories."""

    goals: list[Goal] = field(default_factory=list)
    strengths: list[DomainEntry] = field(default_factory=list)
    needs: list[SupportNeed] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    imports: list[PupilFileImport] = field(default_factory=list)


def handover_view(
    access: CaseAccess, transition: Transition | None, *, today: dt.date | None = None
) -> HandoverView:
    today = today or timezone.localdate()
    plan = Plan.objects.filter(case=access.case).first()
    view = HandoverView()
    if transition is not None and transition.pk is not None:
        view.imports = list(transition.imports.select_related("imported_by")[:5])
    if plan is None:
        return view
    view.goals = list(
        Goal.objects.in_categories(access).filter(plan=plan).order_by("side", "deadline", "pk")
    )
    view.strengths = list(
        DomainEntry.objects.in_categories(access)
        .filter(plan=plan)
        .exclude(child_can_wants="")
        .order_by("domain", "pk")
    )
    view.needs = list(
        SupportNeed.objects.in_categories(access).filter(plan=plan).order_by("of_whom", "pk")
    )
    view.modules = list(
        Module.objects.in_categories(access)
        .filter(plan=plan, end_date__gte=today)
        .select_related("provider")
        .order_by("end_date", "pk")
    )
    return view


@dataclass(frozen=True)
class TransitionCounts:
    """Transitions of a region whose date fell in a period: with a timely handover (done on
    or before the day of the transition) and without. Raw numbers: the monitor suppresses
    small ones before showing them (monitor/suppression.py)."""

    timely: int
    not_timely: int

    @property
    def total(self) -> int:
        return self.timely + self.not_timely


def transition_counts(region: Region, *, start: dt.date, end: dt.date) -> TransitionCounts:
    """For the monitor: one query, no child's data."""
    period = (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)),
    )
    found = Transition.objects.filter(
        counted_in_region("case__", region, *period), expected_on__gte=start, expected_on__lte=end
    ).exclude(status=TransitionStatus.CANCELLED)
    timely_q = Q(status=TransitionStatus.DONE, completed_at__date__lte=F("expected_on"))
    counts = found.aggregate(total=Count("pk"), timely=Count("pk", filter=timely_q))
    return TransitionCounts(timely=counts["timely"], not_timely=counts["total"] - counts["timely"])
