"""The proposal (bijlage 2) and business case (bijlage 3) of a group arrangement as a PDF for
the meetings of the decision route's bodies, with the costs compared and where the route
stands. Built of the parts of `cases.export` and printed by its shared `document_pdf`. It
holds no child data: the arrangement's own texts and figures only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arrangeer.cases.export import EMPTY, Document, Part, Record, day, document_pdf, text
from arrangeer.core.numbers import format_number

from . import selectors
from .constants import BUSINESS_CASE_FIELDS, PROPOSAL_FIELDS, PROPOSAL_MAX_WORDS
from .figures import CostComparison
from .models import GroupArrangement


def _euro(value: Decimal | None) -> str:
    return EMPTY if value is None else f"€ {format_number(value)}"


def _section(group: GroupArrangement, key: str, title: str, names: tuple[str, ...]) -> Part:
    fields = [(capfirst(selectors.field_label(name)), text(getattr(group, name))) for name in names]
    return Part(key, title, [Record("groups.grouparrangement", group.name, fields)])


def _cost_rows(group: GroupArrangement, costs: CostComparison) -> list[tuple[str, str]]:
    """The group's costs against the individual arrangements it replaces."""
    return [
        (_("The group per year"), _euro(costs.group_per_year)),
        (_("The group per child"), _euro(costs.group_per_child)),
        (
            _("%(count)s individual arrangements per year") % {"count": group.replaced_count or 0},
            _euro(costs.individual_per_year)
            if costs.individual_per_year is not None
            else _("no tariff"),
        ),
        (_("An individual arrangement per child"), _euro(costs.individual_per_child)),
        (
            _("Difference per year"),
            _euro(costs.saving) if costs.saving is not None else EMPTY,
        ),
    ]


def _route(group: GroupArrangement) -> list[Record]:
    """Where the decision route stands: a row per body's decision, or, before the proposal
    is sent, a row per body of the route."""
    decisions = selectors.decisions_of(group)
    return [
        Record(
            "groups.bodydecision",
            f"{d.body.position}. {d.body.name}",
            [
                (_("Role"), str(d.body.get_role_display())),
                (_("Status"), str(d.get_status_display())),
                (_("Date"), day(d.decided_on)),
                (
                    _("Decision and conditions"),
                    text(" · ".join(s for s in (d.decision, d.conditions) if s)),
                ),
            ],
        )
        for d in decisions
    ] or [
        Record(
            "groups.decisionbody",
            f"{body.position}. {body.name}",
            [
                (_("Role"), str(body.get_role_display())),
                (_("Status"), _("Not sent yet")),
                (_("Date"), EMPTY),
                (_("Decision and conditions"), EMPTY),
            ],
        )
        for body in selectors.route_bodies(group.route)
    ]


def build(group: GroupArrangement, *, today: dt.date) -> Document:
    costs = selectors.cost_comparison(group, today=today)
    words = selectors.proposal_words({name: getattr(group, name) for name in PROPOSAL_FIELDS})
    cost_rows = _cost_rows(group, costs)
    route = _route(group)
    return Document(
        title=group.name,
        scope=_(
            "Proposal and business case of a group arrangement in %(region)s, for the meetings "
            "of the decision route. Status: %(status)s. The proposal has %(words)s of at most "
            "%(limit)s words."
        )
        % {
            "region": group.region.name,
            "status": group.get_status_display(),
            "words": words,
            "limit": PROPOSAL_MAX_WORDS,
        },
        made_at=timezone.now(),
        parts=[
            _section(group, "proposal", _("Proposal (bijlage 2)"), PROPOSAL_FIELDS),
            _section(group, "business_case", _("Business case (bijlage 3)"), BUSINESS_CASE_FIELDS),
            Part(
                "costs",
                _("Costs compared with the individual arrangements"),
                [Record("groups.grouparrangement", _("Costs"), cost_rows)],
            ),
            Part(
                "route",
                _("Decision route"),
                route,
                note=group.route.name if group.route else "",
                table=True,
                row_label=_("Body"),
            ),
        ],
    )


def proposal_pdf(group: GroupArrangement) -> bytes:
    """In Dutch, as the region's bodies read it, whatever the maker's language. It holds no
    child's data (counts and costs only), so it carries no confidential mark."""
    with translation.override("nl"):
        return document_pdf(
            build(group, today=timezone.localdate()),
            title=_("Proposal and business case"),
            subject=_("A group arrangement proposed to the region's bodies, with its costs"),
            confidential=False,
        )
