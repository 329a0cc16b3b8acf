"""Public API of the organisations app."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from arrangeer.accounts.models import User

from .constants import Role
from .models import Membership, Organisation

FUNCTIONAL_ADMIN_GROUP = "Functioneel beheerder"


@transaction.atomic
def grant_membership(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give a user a role at an organisation (validated: role fits the organisation, no
    duplicates). A functional administrator also gets the admin and its group."""
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    if role == Role.FUNCTIONAL_ADMIN:
        sync_functional_admin(user)
    return membership


@transaction.atomic
def end_membership(membership: Membership) -> None:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    if membership.role == Role.FUNCTIONAL_ADMIN:
        sync_functional_admin(membership.user)


def sync_functional_admin(user: User) -> None:
    """Admin access follows the functional-administrator membership, nothing else."""
    is_admin = Membership.objects.active().filter(user=user, role=Role.FUNCTIONAL_ADMIN).exists()
    group, _ = Group.objects.get_or_create(name=FUNCTIONAL_ADMIN_GROUP)
    if is_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if user.is_staff != (is_admin or user.is_superuser):
        user.is_staff = is_admin or user.is_superuser
        user.save(update_fields=["is_staff"])


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.active().filter(user=user).values_list("role", flat=True))


def active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name", "role")
    )
