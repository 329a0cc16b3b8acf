"""The ladder in functional management and in the demo regions."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.demo import personas as demo
from arrangeer.escalations.constants import Seats
from arrangeer.escalations.models import LadderLevel
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Region
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_functional_administrator_sets_up_a_level_of_the_ladder(verified_client):
    swv = OrganisationFactory(swv=True)
    user = UserFactory()
    grant_membership(user=user, organisation=swv, role=Role.FUNCTIONAL_ADMIN)
    client = verified_client(user)
    response = client.post(
        reverse("admin:escalations_ladderlevel_add"),
        {
            "region": swv.region_id,
            "number": 1,
            "name": "Regisseur en professionals",
            "seats": Seats.TEAM,
            "role": "",
            "organisation_type": "",
            "deadline_days": 5,
            "categories": '["onderwijs", "jeugdhulp"]',
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LadderLevel.objects.get(region=swv.region).deadline_days == 5
    # Above the team a level needs the role of who sits there.
    response = client.post(
        reverse("admin:escalations_ladderlevel_add"),
        {
            "region": swv.region_id,
            "number": 2,
            "name": "Managers",
            "seats": Seats.PARTIES,
            "role": "",
            "organisation_type": "",
            "deadline_days": 10,
            "categories": '["onderwijs"]',
        },
    )
    assert "Kies de rol van wie op dit niveau besluit." in response.content.decode()


def test_the_demo_regions_have_the_four_levels_up_to_the_doorbraakfunctionaris():
    demo.seed_region(seed=2026)
    demo.seed_region(seed=2026)
    for region in Region.objects.filter(slug__in=["holland-rijnland", "alkmaar"]):
        levels = list(LadderLevel.objects.filter(region=region).order_by("number"))
        assert [level.deadline_days for level in levels] == [5, 10, 10, 10]
        assert levels[-1].name == "Doorbraakfunctionaris"
        assert levels[-1].organisations.get().name.startswith("Gemeente ")
