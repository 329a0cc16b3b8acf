"""Memberships changed in functional management: on the membership's own page, in the
organisation's inline, by deleting, by deactivating the organisation. Admin access follows
the functional-administrator membership on every path, and the history says who did it."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, SchoolBoard
from arrangeer.organisations.services import FUNCTIONAL_ADMIN_GROUP, grant_membership
from arrangeer.testing.admin import admin_form_data
from arrangeer.testing.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admins():
    """Two functional administrators of one SWV: the one who acts, the one who is changed."""
    swv = OrganisationFactory(swv=True, name="SWV Beheer")
    acting = UserFactory(username="beheerder")
    grant_membership(user=acting, organisation=swv, role=Role.FUNCTIONAL_ADMIN)
    other = UserFactory(username="tweede_beheerder")
    membership = grant_membership(user=other, organisation=swv, role=Role.FUNCTIONAL_ADMIN)
    other.refresh_from_db()
    assert other.is_staff and other.groups.filter(name=FUNCTIONAL_ADMIN_GROUP).exists()
    return swv, acting, other, membership


def _has_admin_access(user) -> bool:
    user.refresh_from_db()
    return user.is_staff or user.groups.filter(name=FUNCTIONAL_ADMIN_GROUP).exists()


def _inline_index(data: dict, membership: Membership) -> str:
    return next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.startswith("memberships-")
        and key.endswith("-id")
        and str(value) == str(membership.pk)
    )


def test_deactivating_a_functional_admin_in_the_organisations_inline_ends_admin_access(
    admins, verified_client
):
    swv, acting, other, membership = admins
    client = verified_client(acting)
    url = reverse("admin:organisations_organisation_change", args=[swv.pk])
    data = admin_form_data(client.get(url))
    data.pop(f"{_inline_index(data, membership)}-is_active")  # the box unticked
    response = client.post(url, data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert not _has_admin_access(other)
    assert verified_client(other).get(reverse("admin:index")).status_code == 403
    latest = membership.history.latest()
    assert latest.history_user == acting and latest.is_active is False


def test_deactivating_on_the_memberships_own_page_ends_admin_access(admins, verified_client):
    _swv, acting, other, membership = admins
    client = verified_client(acting)
    url = reverse("admin:organisations_membership_change", args=[membership.pk])
    data = admin_form_data(client.get(url))
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    assert not _has_admin_access(other)
    assert membership.history.latest().history_user == acting


def test_changing_the_role_on_the_memberships_own_page_ends_admin_access(admins, verified_client):
    _swv, acting, other, membership = admins
    client = verified_client(acting)
    url = reverse("admin:organisations_membership_change", args=[membership.pk])
    data = admin_form_data(client.get(url))
    data["role"] = Role.SWV_SPECIALIST
    assert client.post(url, data).status_code == 302
    assert not _has_admin_access(other)


def test_deleting_a_functional_admin_in_the_inline_ends_admin_access(admins, verified_client):
    # Functional administrators end memberships; only a superuser deletes a mistaken one.
    swv, _acting, other, membership = admins
    acting = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = verified_client(acting)
    url = reverse("admin:organisations_organisation_change", args=[swv.pk])
    data = admin_form_data(client.get(url))
    data[f"{_inline_index(data, membership)}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not _has_admin_access(other)
    deleted = membership.history.latest()
    assert deleted.history_type == "-" and deleted.history_user == acting


def test_deleting_memberships_from_the_list_ends_admin_access(admins, verified_client):
    _swv, _acting, other, membership = admins
    acting = UserFactory(username="root", is_superuser=True, is_staff=True)
    response = verified_client(acting).post(
        reverse("admin:organisations_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not _has_admin_access(other)
    assert membership.history.latest().history_user == acting


def test_adding_a_functional_admin_in_the_inline_gives_admin_access(admins, verified_client):
    swv, acting, _other, _membership = admins
    newcomer = UserFactory(username="nieuwe_beheerder")
    client = verified_client(acting)
    url = reverse("admin:organisations_organisation_change", args=[swv.pk])
    data = admin_form_data(client.get(url))
    index = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(index + 1)
    data[f"memberships-{index}-user"] = newcomer.pk
    data[f"memberships-{index}-role"] = Role.FUNCTIONAL_ADMIN
    data[f"memberships-{index}-is_active"] = "on"
    data[f"memberships-{index}-organisation"] = swv.pk
    assert client.post(url, data).status_code == 302
    assert _has_admin_access(newcomer)
    assert verified_client(newcomer).get(reverse("admin:index")).status_code == 200


def test_deactivating_the_organisation_ends_admin_access_of_its_administrators(
    admins, verified_client
):
    swv, acting, other, _membership = admins
    # The acting administrator works for another organisation, which stays active.
    grant_membership(
        user=acting, organisation=OrganisationFactory(municipality=True), role=Role.FUNCTIONAL_ADMIN
    )
    client = verified_client(acting)
    url = reverse("admin:organisations_organisation_change", args=[swv.pk])
    data = admin_form_data(client.get(url))
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    assert not _has_admin_access(other)
    assert _has_admin_access(acting)


def test_the_admin_group_cannot_be_given_by_hand_on_the_user_page(admins, verified_client):
    _swv, acting, _other, _membership = admins
    colleague = UserFactory(username="collega")
    client = verified_client(acting)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])
    data = admin_form_data(client.get(url))
    data["groups"] = [Group.objects.get(name=FUNCTIONAL_ADMIN_GROUP).pk]
    client.post(url, data)
    assert not _has_admin_access(colleague)


def test_a_functional_admin_adds_a_board_and_sets_a_schools_swv_and_board(admins, verified_client):
    swv, acting, _other, _membership = admins
    school = OrganisationFactory(school=True, region=swv.region, name="School Beheer")
    client = verified_client(acting)
    response = client.post(
        reverse("admin:organisations_schoolboard_add"),
        {"region": swv.region.pk, "name": "Stichting Beheer", "bevoegd_gezag": "41234"},
    )
    assert response.status_code == 302
    board = SchoolBoard.objects.get(name="Stichting Beheer")
    url = reverse("admin:organisations_organisation_change", args=[school.pk])
    data = admin_form_data(client.get(url))
    data |= {"swv": swv.pk, "school_board": board.pk}
    assert client.post(url, data).status_code == 302
    school.refresh_from_db()
    assert (school.swv, school.school_board) == (swv, board)
    # An SWV of another region is refused with the message, and nothing changes.
    far = OrganisationFactory(swv=True, name="SWV Elders")
    response = client.post(url, data | {"swv": far.pk})
    assert response.status_code == 200
    assert (
        "The samenwerkingsverband must be in the school&#x27;s region." in response.content.decode()
    )
    school.refresh_from_db()
    assert school.swv == swv
