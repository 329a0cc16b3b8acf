"""Whether the arrangements reach the region's target group (docs/monitor.md, *Bereik*): the
rules functional management keeps (models_targets.TargetRule) as one condition on the
case's facts, and the table of the children reached in and outside the group per school
year, with the share in the group."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _

from arrangeer.organisations.models import Region

from .constants import count_date, year_label
from .models_targets import RULE_FLAGS, TargetRule
from .tables import Column, Row, TableSpec

TARGET_TABLE = "doelgroep"


def rules_of(region: Region) -> list[TargetRule]:
    """The region's rules, by name. One query."""
    return list(TargetRule.objects.filter(region=region).order_by("name"))


def rule_q(rule: TargetRule, year: int) -> Q:
    """The rule on the facts of a case (or a case read live with the same names), for the
    school year: the age on its 1 October, the sector of the child's school, the flags, the
    route. A child without a school is of no sector."""
    day = count_date(year)
    q = Q()
    if rule.age_from is not None:
        q &= Q(date_of_birth__lte=day.replace(year=day.year - rule.age_from))
    if rule.age_to is not None:
        q &= Q(date_of_birth__gt=day.replace(year=day.year - rule.age_to - 1))
    # "IS NOT NULL" said outright: the negation (outside the group) then holds for a child
    # without a school, also where the sector is an annotation read live.
    if rule.sectors:
        q &= Q(sector__isnull=False, sector__in=list(rule.sectors))
    for flag in RULE_FLAGS:
        if getattr(rule, flag):
            q &= Q(**{flag: True})
    if rule.route_id is not None:
        q &= Q(route__isnull=False, route=rule.route_id)
    return q


def in_target_group(rules: list[TargetRule], year: int) -> Q:
    """Any rule matches (no rules: nothing does)."""
    return reduce(or_, (rule_q(rule, year) for rule in rules), Q(pk__in=[]))


def target_table(rules: list[TargetRule], years: list[int], running: dict[int, Q]) -> TableSpec:
    """Children whose arrangement ran in the school year, in and outside the target group,
    with the total and the share in the group (worked out from the published figures)."""
    rows = []
    for y in years:
        inside = in_target_group(rules, y)
        rows.append(Row(y, year_label(y), running[y], {"in": inside, "out": ~inside}))
    return TableSpec(
        key=TARGET_TABLE,
        title=_("Reach of the target group, per school year"),
        row_heading=_("School year"),
        rows=rows,
        columns=[
            Column("in", _("In the target group")),
            Column("out", _("Outside the target group")),
        ],
        col_totals=False,
        share_of="in",
    )
