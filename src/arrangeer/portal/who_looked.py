"""*Wie keek in het dossier* for the family: the access log of the case, grouped per person,
day and kind of entry, in words. The grouping happens in the database, so the page costs the
same number of queries for ten entries or ten thousand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.audit.services import entries_for_case
from arrangeer.cases.access import CaseAccess
from arrangeer.cases.log_words import is_family_role, role_label, what_happened, why_allowed
from arrangeer.cases.models import TeamMember

PER_PAGE = 100


@dataclass(frozen=True)
class Looked:
    """One line: one person, one day, one kind of entry, how often."""

    day: dt.date
    last: dt.datetime
    times: int
    name: str
    role: str
    organisation: str
    family: bool
    what: str
    why: str
    refused: bool


def _people(
    rows: list[dict[str, Any]], access: CaseAccess
) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """Names of the people in these rows, and the role and organisation each has on the
    team (a list entry is logged without them). Two queries, whatever the number of rows."""
    ids = {row["user_id"] for row in rows if row["user_id"] is not None}
    names = {
        user.pk: user.get_full_name().strip()
        for user in User.objects.filter(pk__in=ids).only("pk", "first_name", "last_name")
    }
    places = {
        member.membership.user_id: (member.membership.role, member.membership.organisation.name)
        for member in TeamMember.objects.filter(
            case=access.case, membership__user_id__in=ids
        ).select_related("membership__organisation")
    }
    return names, places


def who_looked(
    access: CaseAccess, page_number: str | None
) -> tuple[Page[dict[str, Any]], list[Looked]]:
    """One page of lines (newest first) and the page, for the links to older and newer."""
    grouped = (
        entries_for_case(access.case.uuid)
        .order_by()
        .annotate(day=TruncDate("occurred_at"))
        .values("day", "user_id", "role", "organisation_name", "event", "outcome", "basis")
        .annotate(times=Count("pk"), last=Max("occurred_at"))
        .order_by("-last", "user_id", "event")
    )
    page = Paginator(grouped, PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    names, places = _people(rows, access)
    lines: list[Looked] = []
    for row in rows:
        code, organisation = row["role"], row["organisation_name"]
        if not code and row["user_id"] in places:
            code, organisation = places[row["user_id"]]
        role = role_label(code)
        name = names.get(row["user_id"], "") or (role[:1].upper() + role[1:]) or _("Someone")
        lines.append(
            Looked(
                day=row["day"],
                last=row["last"],
                times=row["times"],
                name=name,
                role=role,
                organisation=organisation,
                family=is_family_role(code),
                what=what_happened(row["event"], row["outcome"]),
                why=why_allowed(row["event"], row["outcome"], row["basis"]),
                refused=row["outcome"] == "denied",
            )
        )
    return page, lines
