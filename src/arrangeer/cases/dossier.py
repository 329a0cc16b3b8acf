"""What the dossier page shows of a case, cut to what the viewer may see.

Fields of a category the viewer has no ground for are left out of the context altogether
(absent, not blanked), so a template cannot show them by mistake.

The apps above cases (the plan, the MDO) add their own section to the page with
`register_section`, from their AppConfig.ready(), so this module does not import them:

    @register_section("plan", template="plans/_dossier.html")
    def plan_section(access: CaseAccess) -> PlanView:
        return plan_view(access)

The page puts the value under its name in the context and includes the templates in the
order the apps are installed. Sections that need the same rows read them once per page with
`shared(key, load)`: the plan's goals and modules serve both the plan and its funding."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.children.constants import CHILD_FIELD_CATEGORIES
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.models import Consent
from arrangeer.core.models_util import field_label
from arrangeer.vocabulary import DataCategory

from .access import CaseAccess, running_emergency_accesses
from .constants import CASE_FLAGS, MemberStatus
from .models import Case, TeamMember


def flag_names() -> tuple[str, ...]:
    return CASE_FLAGS


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: Any


def child_fields(access: CaseAccess) -> list[Field]:
    """The child's data the viewer may see, in display order."""
    child: Child = access.case.child
    shown: list[Field] = [
        Field("full_name", _("Name"), child.full_name),
        Field("date_of_birth", field_label(Child, "date_of_birth"), child.date_of_birth),
        Field("school", field_label(Child, "school"), child.school or "—"),
    ]
    if access.can_see_bsn and child.bsn:
        shown.append(Field("bsn", field_label(Child, "bsn"), child.bsn))
    for name in ("home_language", "interpreter_needed"):
        shown.append(Field(name, field_label(Child, name), getattr(child, name)))
    for name, category in CHILD_FIELD_CATEGORIES.items():
        if not access.allows(category):
            continue
        value = getattr(child, name)
        if name == "sector":
            value = child.get_sector_display()
        shown.append(Field(name, field_label(Child, name), value))
    return shown


def active_flags(case: Case) -> list[str]:
    return [field_label(Case, flag) for flag in CASE_FLAGS if getattr(case, flag)]


SectionBuilder = Callable[[CaseAccess], Any]


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    build: SectionBuilder


_SECTIONS: dict[str, Section] = {}


def register_section(name: str, *, template: str) -> Callable[[SectionBuilder], SectionBuilder]:
    def decorate(build: SectionBuilder) -> SectionBuilder:
        if name in _SECTIONS and _SECTIONS[name].build is not build:
            raise ValueError(f"A dossier section named {name!r} is already registered.")
        _SECTIONS[name] = Section(name=name, template=template, build=build)
        return build

    return decorate


# What the sections of the dossier page being built have read (None outside a build).
_SHARED: ContextVar[dict[Any, Any] | None] = ContextVar("dossier_shared", default=None)

T = TypeVar("T")


def shared(key: Any, load: Callable[[], T]) -> T:
    """`load()`, once per dossier page: the sections of one page that need the same rows call
    this with the same key and get the first one's result. Outside the page's build, `load()`
    every time (nothing is kept past the page, so a write is never hidden)."""
    memo = _SHARED.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    value: T = memo[key]
    return value


def representatives(child_id: int) -> list[LegalRepresentative]:
    """The child's legal representatives, those with parental authority first, then by name:
    read once per dossier page for its list of them and the plan's agreements (those with
    authority, in the same order)."""
    return shared(
        ("children.representatives", child_id),
        lambda: list(
            LegalRepresentative.objects.filter(child_id=child_id).order_by(
                "-has_authority", "last_name", "first_name", "pk"
            )
        ),
    )


def build(access: CaseAccess) -> dict[str, Any]:
    """The dossier page's context; the rows its parts share are kept until it is built."""
    token = _SHARED.set({})
    try:
        return _build(access)
    finally:
        _SHARED.reset(token)


def _build(access: CaseAccess) -> dict[str, Any]:
    case = access.case
    child = case.child
    today = timezone.localdate()
    band = child.age_band(today)
    team = list(
        TeamMember.objects.filter(
            case=case, status__in=[MemberStatus.ACTIVE, MemberStatus.PROPOSED]
        )
        .select_related("membership__user", "membership__organisation")
        .order_by("status", "proposed_at")
    )
    consents = list(
        Consent.objects.active_on(today)
        .filter(case=case)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    emergencies = list(
        running_emergency_accesses()
        .filter(case=case)
        .select_related("user", "membership__organisation")
    )
    return {
        "access": access,
        "case": case,
        "child": child,
        "age": child.age(today),
        "fields": child_fields(access),
        "flags": active_flags(case),
        "team": team,
        "consents": consents,
        "renewals": [c for c in consents if c.needs_renewal(band)] if access.is_regisseur else [],
        "emergencies": emergencies,
        "representatives": representatives(child.pk),
        **{section.name: section.build(access) for section in _SECTIONS.values()},
        "sections": [section.template for section in _SECTIONS.values()],
        "categories": [
            (value, label, value in access.categories) for value, label in DataCategory.choices
        ],
    }
