from __future__ import annotations

from django.test import Client
from django.urls import reverse

import pytest

from arrangeer.organisations.constants import Role
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_functional_admin_reaches_organisations_in_the_admin(verified_client):
    swv = OrganisationFactory(swv=True)
    user = UserFactory()
    grant_membership(user=user, organisation=swv, role=Role.FUNCTIONAL_ADMIN)
    client = verified_client(user)
    assert client.get(reverse("admin:organisations_organisation_changelist")).status_code == 200
    assert client.get(reverse("admin:organisations_membership_changelist")).status_code == 200


def test_admin_without_second_factor_sends_to_the_second_step():
    user = UserFactory(is_superuser=True, is_staff=True, with_totp=True)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def test_admin_has_no_login_of_its_own():
    response = Client().get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("role", [Role.YOUTH_WORKER, Role.POLICY_OFFICER])
def test_a_logged_in_professional_without_the_admin_role_gets_a_clear_403(verified_client, role):
    user = UserFactory(username="geen_beheerder")
    org = OrganisationFactory(municipality=role == Role.POLICY_OFFICER)
    grant_membership(user=user, organisation=org, role=role)
    client = verified_client(user)
    for url in (reverse("admin:index"), reverse("admin:organisations_organisation_changelist")):
        response = client.get(url)
        assert response.status_code == 403
        body = response.content.decode()
        assert "No access to functional management" in body
        assert "geen_beheerder" in body and "only for functional administrators" in body
    # The admin's own login address ends on the same page, without going round in circles
    # (the test client raises on a redirect loop).
    response = client.get("/beheer/login/?next=/beheer/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
