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
    sections: list[StartSection] = []
    if user.kind == AccountKind.PARENT:
        sections.append(
            StartSection(
                "parent",
                _("Your child"),
                _(
                    "Here you will see the plan for your child, who is involved, what you are "
                    "asked to do and the meetings to come."
                ),
                [(_("Open your pages"), reverse("portal:index"))],
            )
        )
        return sections
    if user.kind == AccountKind.YOUTH:
        sections.append(
            StartSection(
                "youth",
                _("Your plan"),
                _("Here you will see your plan and you can say what you think about it."),
                [(_("Open your pages"), reverse("portal:index"))],
            )
        )
        return sections

    memberships = active_memberships(user)
    roles = {m.role for m in memberships}
    if roles & CASEWORK_ROLES:
        sections.append(
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
            )
        )
        sections.append(
            StartSection(
                "actions",
                _("My actions"),
                _("What you are asked to do, for which case and by when, most urgent first."),
                [(_("Go to my actions"), reverse("actions:my_actions"))],
            )
        )
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
    account_links: list[tuple[str | Promise, str]] = [
        (_("Make new backup codes"), reverse("accounts:backup_codes"))
    ]
    if memberships:
        account_links.append((_("API tokens"), reverse("api_tokens")))
    sections.append(
        StartSection(
            "security",
            _("Your account"),
            _("Your second factor protects the data of children. Keep your backup codes safe."),
            account_links,
        )
    )
    return sections
