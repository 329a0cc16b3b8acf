"""The kinds of item a plan holds, in one table: which model, which fields are content (frozen
in a version, compared, printed), how an item is named. Services, forms, views, the snapshot
and the PDF all read this table, so a new field is added in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import DomainEntry, Goal, Module, NetworkPerson, PlanItem, SupportNeed
from .models.items import PlanItemQuerySet


@dataclass(frozen=True)
class Kind:
    key: str
    model: type[PlanItem]
    fields: tuple[str, ...]
    title_field: str
    label: Promise
    label_plural: Promise
    add_label: Promise

    def queryset(self) -> PlanItemQuerySet:
        """Every item of this kind, scoped by the access layer (`visible_to`, `access.get`)."""
        found = self.model._default_manager.all()
        assert isinstance(found, PlanItemQuerySet)
        return found

    @property
    def object_type(self) -> str:
        """How the access log names this kind of object."""
        return f"plan_{self.key}"

    def title(self, item: Any) -> str:
        value = getattr(item, self.title_field, "")
        if self.key == "domain":
            return str(item.get_domain_display())
        return str(value)


DOMAIN = Kind(
    key="domain",
    model=DomainEntry,
    fields=(
        "domain",
        "going_well",
        "needs_attention",
        "child_can_wants",
        "protective_factors",
        "hindering_factors",
        "what_is_needed",
        "support_level",
    ),
    title_field="domain",
    label=_("life domain entry"),
    label_plural=_("The whole child"),
    add_label=_("Add what you see on a life domain"),
)
NETWORK = Kind(
    key="network",
    model=NetworkPerson,
    fields=("name", "relation", "involvement", "support", "contact", "note"),
    title_field="name",
    label=_("person around the child"),
    label_plural=_("Living environment"),
    add_label=_("Add a person around the child"),
)
NEED = Kind(
    key="need",
    model=SupportNeed,
    fields=("of_whom", "text"),
    title_field="text",
    label=_("support need"),
    label_plural=_("Support needs"),
    add_label=_("Add a support need"),
)
GOAL = Kind(
    key="goal",
    model=Goal,
    fields=(
        "side",
        "domain",
        "what",
        "indicator",
        "baseline",
        "target",
        "deadline",
        "owner",
        "scale",
        "scale_min",
        "scale_max",
    ),
    title_field="what",
    label=_("goal"),
    label_plural=_("Shared goals"),
    add_label=_("Add a goal"),
)
MODULE = Kind(
    key="module",
    model=Module,
    fields=(
        "title",
        "side",
        "provider",
        "function",
        "place",
        "intensity",
        "intensity_unit",
        "start_date",
        "end_date",
        "funding_framework",
        "instrument",
        "decision_status",
        "reference_number",
        "requested_on",
        "decided_on",
        "decision_ends_on",
        "in_school_time",
        "cost_agreement",
        "toewijzing_number",
        "product_code",
        "intervention",
        "method_description",
        "method_rationale",
        "goals",
    ),
    title_field="title",
    label=_("arrangement module"),
    label_plural=_("Arrangement"),
    add_label=_("Add a module"),
)

KINDS: dict[str, Kind] = {kind.key: kind for kind in (DOMAIN, NETWORK, NEED, GOAL, MODULE)}


def kind_of(item: PlanItem) -> Kind:
    for kind in KINDS.values():
        if isinstance(item, kind.model):
            return kind
    raise LookupError(type(item).__name__)
