"""What each person finds on the start page after login, by the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.organisations.constants import CASEWORK_ROLES, Role
from arrangeer.organisations.services import active_memberships


@dataclass
class StartSection:
    key: str
    title: str | Promise
    text: str | Promise
    links: list[tuple[str | Promise, str]] = field(default_factory=list)


def start_sections(user: User) -> list[StartSection]:
    if user.kind == AccountKind.PARENT:
        return [_parent_section()]
    if user.kind == AccountKind.YOUTH:
        return [_youth_section()]
    memberships = active_memberships(user)
    roles = {m.role for m in memberships}
    sections: list[StartSection] = []
    if roles & CASEWORK_ROLES:
        sections.extend(_casework_sections())
    sections.extend(_role_sections(roles))
    if not memberships:
        sections.append(
            StartSection(
                "no_role",
                _("No role yet"),
                _(
                    "Your account has no role at an organisation yet. Ask the functional "
                    "administrator of your region to add one."
                ),
            )
        )
    sections.append(_account_section(has_role=bool(memberships)))
    return sections


def _parent_section() -> StartSection:
    return StartSection(
        "parent",
        _("Your child"),
        _(
            "Here you will see the plan for your child, who is involved, what you are "
            "asked to do and the meetings to come."
        ),
        [(_("Open your pages"), reverse("portal:index"))],
    )


def _youth_section() -> StartSection:
    return StartSection(
        "youth",
        _("Your plan"),
        _("Here you will see your plan and you can say what you think about it."),
        [(_("Open your pages"), reverse("portal:index"))],
    )


def _casework_sections() -> list[StartSection]:
    """For who works on cases: their cases and their actions."""
    return [
        StartSection(
            "cases",
            _("My cases"),
            _(
                "The cases of children whose team you are on, with the step they are in, "
                "what is due and who leads. You see a case only while you are on its team."
            ),
            [
                (_("Go to my cases"), reverse("cases:list")),
                (_("Emergency access"), reverse("cases:emergency")),
            ],
        ),
        StartSection(
            "actions",
            _("My actions"),
            _("What you are asked to do, for which case and by when, most urgent first."),
            [(_("Go to my actions"), reverse("actions:my_actions"))],
        ),
    ]


def _role_sections(roles: set[str]) -> list[StartSection]:
    """The region's monitor, the group arrangements and functional management, by role."""
    sections: list[StartSection] = []
    if Role.POLICY_OFFICER in roles:
        sections.append(
            StartSection(
                "monitor",
                _("Regional monitor"),
                _(
                    "Aggregated outcomes of your region: reach, lead times, goal realisation "
                    "and dropout. Never data about a single child."
                ),
                [(_("Open the regional monitor"), reverse("monitor:index"))],
            )
        )
    if roles & {Role.POLICY_OFFICER, Role.SWV_SPECIALIST, Role.TEACHER, Role.CARE_WORKER}:
        sections.append(
            StartSection(
                "groups",
                _("Group arrangements"),
                _(
                    "Groups such as the Startklas: the proposal, the region's decision route, "
                    "the running group with its intake and outflow."
                ),
                [(_("Open group arrangements"), reverse("groups:list"))],
            )
        )
    if Role.FUNCTIONAL_ADMIN in roles:
        sections.append(
            StartSection(
                "admin",
                _("Functional management"),
                _("Manage regions, organisations, memberships and configuration."),
                [(_("Open functional management"), reverse("admin:index"))],
            )
        )
    return sections


def _account_section(*, has_role: bool) -> StartSection:
    """The account's own links: new backup codes, and API tokens for who holds a role."""
    account_links: list[tuple[str | Promise, str]] = [
        (_("Make new backup codes"), reverse("accounts:backup_codes"))
    ]
    if has_role:
        account_links.append((_("API tokens"), reverse("api_tokens")))
    return StartSection(
        "security",
        _("Your account"),
        _("Your second factor protects the data of children. Keep your backup codes safe."),
        account_links,
    )
