"""Public API of the organisations app.

Every change to a membership — granting, changing, ending, deleting, on any page of functional
management or in a command — goes through the functions below: they validate, record who did
it in the membership's history, and keep admin access (``is_staff`` and the functional
administrators' group) in line with the functional-administrator memberships. A path that
wrote a membership itself would leave admin rights behind.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from arrangeer.accounts.models import User

from .constants import Role
from .migration_util import FUNCTIONAL_ADMIN_GROUP as FUNCTIONAL_ADMIN_GROUP
from .models import Membership, Organisation


def _as_acting(membership: Membership, acting_user: User | None) -> None:
    # django-simple-history takes the request's user by itself; outside a request (commands,
    # services called from other services) the caller says who acts.
    if acting_user is not None:
        membership._history_user = acting_user  # type: ignore[attr-defined]


@transaction.atomic
def grant_membership(
    *, user: User, organisation: Organisation, role: str, acting_user: User | None = None
) -> Membership:
    """Give a user a role at an organisation (validated: role fits the organisation, no
    duplicates). A functional administrator also gets the admin and its group."""
    membership = Membership(user=user, organisation=organisation, role=role)
    return save_membership(membership=membership, acting_user=acting_user)


@transaction.atomic
def save_membership(*, membership: Membership, acting_user: User | None = None) -> Membership:
    """Create or change a membership as a whole (role, organisation, person, active): the
    membership's own admin page and the organisation's inline both come here."""
    previous_user_id = (
        Membership.objects.filter(pk=membership.pk).values_list("user_id", flat=True).first()
        if membership.pk is not None
        else None
    )
    membership.full_clean()
    _as_acting(membership, acting_user)
    membership.save()
    sync_functional_admin(membership.user)
    if previous_user_id is not None and previous_user_id != membership.user_id:
        sync_functional_admin(User.objects.get(pk=previous_user_id))
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, acting_user: User | None = None) -> None:
    membership.is_active = False
    _as_acting(membership, acting_user)
    membership.save(update_fields=["is_active"])
    sync_functional_admin(membership.user)


@transaction.atomic
def remove_membership(*, membership: Membership, acting_user: User | None = None) -> None:
    """Delete a membership (a data-entry mistake); its history keeps that it existed."""
    user = membership.user
    _as_acting(membership, acting_user)
    membership.delete()
    sync_functional_admin(user)


@transaction.atomic
def save_organisation(*, organisation: Organisation, acting_user: User | None = None) -> None:
    """Save an organisation. Deactivating (or reactivating) it ends (or restores) what its
    memberships give, admin access included."""
    organisation.full_clean()
    organisation.save()
    for user in User.objects.filter(memberships__organisation=organisation).distinct():
        sync_functional_admin(user)


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
