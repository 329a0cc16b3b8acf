"""Retention: destroy or anonymise what has passed its retention period, idempotently.

After a case closed, each category of its data is kept for the years of its rule (defaults
from the law: youth care, health, family and safety 20 years — Jeugdwet art. 7.3.8 / WGBO;
education 2 years after the pupil left — we count from the closing of the case). When the
longest period of a case has passed, the case itself goes (team, consents, emergency
accesses, change history); a child without any case left is anonymised: the pseudonym stays,
so the access log still adds up, but nothing identifies the child any more.

The access log itself is append-only and kept at least 5 years (NEN 7513); the application
never deletes it (see docs/retention.md for the operator's procedure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from arrangeer.audit.constants import Basis, Channel, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_records
from arrangeer.children.constants import CHILD_FIELD_CATEGORIES
from arrangeer.children.models import Child
from arrangeer.consents.models import Consent
from arrangeer.vocabulary import DataCategory

from .constants import CaseStatus
from .models import Case, EmergencyAccess, RegieTransfer, RetentionRule, TeamMember

DEFAULT_YEARS = {
    DataCategory.EDUCATION: 2,
    DataCategory.YOUTH_CARE: 20,
    DataCategory.HEALTH: 20,
    DataCategory.FAMILY: 20,
    DataCategory.SAFETY: 20,
}
ACCESS_LOG_MINIMUM_YEARS = 5
ANONYMOUS = "Geanonimiseerd"


@dataclass
class RetentionReport:
    cleared_fields: list[tuple[str, str]] = field(
        default_factory=list
    )  # (child pseudonym, category)
    deleted_cases: list[str] = field(default_factory=list)
    anonymised_children: list[str] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.cleared_fields or self.deleted_cases or self.anonymised_children)


def _years_after(moment: dt.datetime, years: int) -> dt.date:
    day = timezone.localtime(moment).date()
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _rules() -> dict[tuple[str, str], int]:
    return {(r.category, r.organisation_type): r.years for r in RetentionRule.objects.all()}


def years_for(category: str, organisation_type: str, rules: dict[tuple[str, str], int]) -> int:
    return rules.get(
        (category, organisation_type),
        rules.get((category, ""), DEFAULT_YEARS[DataCategory(category)]),
    )


def retained_categories(case: Case, day: dt.date) -> frozenset[str]:
    """The categories of a closed case whose retention period has not passed on `day`: what
    its last regisseur and the family may still read of it (cases.access)."""
    if case.closed_at is None:
        return frozenset(DataCategory.values)
    rules = _rules()
    org_type = case.initiating_organisation.type
    return frozenset(
        category
        for category in DataCategory.values
        if _years_after(case.closed_at, years_for(category, org_type, rules)) > day
    )


def _log(case: Case | None, child: Child, *, object_type: str, category: str = "") -> AccessRecord:
    return AccessRecord(
        event=Event.DELETE,
        outcome=Outcome.ALLOWED,
        channel=Channel.COMMAND,
        user_id=None,
        username="apply_retention",
        child_pseudonym=child.pseudonym,
        case_ref=case.uuid if case else None,
        object_type=object_type,
        object_id=str(case.uuid) if case else "",
        data_category=category,
        basis=Basis.NONE,
    )


def apply_retention(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionReport:
    today = today or timezone.localdate()
    rules = _rules()
    report = RetentionReport()
    children = Child.objects.filter(anonymised_at__isnull=True).prefetch_related(
        "cases__initiating_organisation"
    )
    for child in children.iterator(chunk_size=500):
        cases = list(child.cases.all())
        if not cases or any(c.status == CaseStatus.OPEN for c in cases):
            continue
        with transaction.atomic():
            _apply_to_child(child, cases, rules, today, dry_run, report)
    return report


def _apply_to_child(
    child: Child,
    cases: list[Case],
    rules: dict[tuple[str, str], int],
    today: dt.date,
    dry_run: bool,
    report: RetentionReport,
) -> None:
    records: list[AccessRecord] = []
    expired_cases = []
    for case in cases:
        assert case.closed_at is not None
        org_type = case.initiating_organisation.type
        ends = {
            category: _years_after(case.closed_at, years_for(category, org_type, rules))
            for category in DataCategory.values
        }
        if max(ends.values()) <= today:
            expired_cases.append(case)
    # Child-level fields of a category go when that category has expired in every case.
    latest_closed = max(c.closed_at for c in cases if c.closed_at is not None)
    org_types = {c.initiating_organisation.type for c in cases}
    for category in sorted(set(CHILD_FIELD_CATEGORIES.values())):
        years = max(years_for(category, t, rules) for t in org_types)
        if _years_after(latest_closed, years) > today:
            continue
        names = [n for n, c in CHILD_FIELD_CATEGORIES.items() if c == category]
        if all(getattr(child, n) in ("", None, False) for n in names):
            continue
        report.cleared_fields.append((str(child.pseudonym), category))
        records.append(_log(None, child, object_type="child_fields", category=category))
        if not dry_run:
            Child.objects.filter(pk=child.pk).update(**dict.fromkeys(names, ""))
            child.history.all().update(**dict.fromkeys(names, ""))
    for case in expired_cases:
        report.deleted_cases.append(str(case.uuid))
        records.append(_log(case, child, object_type="case"))
        if not dry_run:
            _delete_case(case)
    if len(expired_cases) == len(cases):
        report.anonymised_children.append(str(child.pseudonym))
        records.append(_log(None, child, object_type="child"))
        if not dry_run:
            _anonymise(child)
    if records and not dry_run:
        write_access_records(records)


def _delete_case(case: Case) -> None:
    team_ids = list(TeamMember.objects.filter(case=case).values_list("pk", flat=True))
    consent_ids = list(Consent.objects.filter(case=case).values_list("pk", flat=True))
    TeamMember.history.filter(id__in=team_ids).delete()
    Consent.history.filter(id__in=consent_ids).delete()
    Case.history.filter(id=case.pk).delete()
    EmergencyAccess.objects.filter(case=case).delete()
    # The regie history points at team places: it goes first (the timeline and the reminders
    # sent go with the case itself).
    RegieTransfer.objects.filter(case=case).delete()
    TeamMember.objects.filter(case=case).delete()
    Consent.objects.filter(case=case).delete()
    case.delete()


def _anonymise(child: Child) -> None:
    for representative in child.representatives.all():
        representative.history.all().delete()
        representative.delete()
    child.history.all().delete()
    Child.objects.filter(pk=child.pk).update(
        first_name=ANONYMOUS,
        last_name=ANONYMOUS,
        date_of_birth=child.date_of_birth.replace(month=1, day=1),
        bsn="",
        group="",
        sector="",
        address="",
        phone="",
        email="",
        home_language="",
        interpreter_needed=False,
        user=None,
        school=None,
        anonymised_at=timezone.now(),
    )
