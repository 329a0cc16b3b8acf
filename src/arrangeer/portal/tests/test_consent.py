"""Consent in the portal: the age rules of consents.rules, applied to the family itself."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.consents.constants import GivenWith
from arrangeer.consents.models import Consent
from arrangeer.identity.constants import Assurance, ProviderKind
from arrangeer.identity.services import SESSION_ASSURANCE, SESSION_PROVIDER
from arrangeer.testing.world import years_ago

pytestmark = pytest.mark.django_db


def _url(world, name="portal:consents", **extra):
    return reverse(name, kwargs={"case_id": world.case.uuid, **extra})


def _set_age(world, years: int) -> None:
    world.child.date_of_birth = years_ago(years)
    world.child.save(update_fields=["date_of_birth"])


def test_from_12_the_parent_gives_consent_together_with_the_child(world, client_for):
    client = client_for("parent")
    data = {"organisation": str(world.provider.pk), "categories": ["jeugdhulp"]}
    response = client.post(_url(world), data)
    assert response.status_code == 200
    assert "decide together" in response.content.decode()
    assert not Consent.objects.filter(case=world.case, organisation=world.provider).exists()
    response = client.post(_url(world), {**data, "together": "on"})
    assert response.status_code == 302
    consent = Consent.objects.get(case=world.case, organisation=world.provider)
    assert consent.given_by_representative == world.parent and consent.given_by_child
    assert consent.evidence == "portal" and consent.recorded_by == world.users["parent"]


def test_the_child_of_13_gives_consent_together_with_a_parent_with_gezag(world, client_for):
    response = client_for("child_13").post(
        _url(world),
        {"organisation": str(world.provider.pk), "categories": ["onderwijs"], "together": "on"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(case=world.case, organisation=world.provider)
    assert consent.given_by_child and consent.given_by_representative == world.parent


def test_a_parent_without_gezag_cannot_give_consent_even_by_a_crafted_post(world, client_for):
    client = client_for("parent_without_authority")
    page = client.get(_url(world)).content.decode()
    assert "Give consent" not in page
    before = Consent.objects.count()
    response = client.post(
        _url(world),
        {"organisation": str(world.provider.pk), "categories": ["jeugdhulp"], "together": "on"},
    )
    assert response.status_code == 403
    swv = world.case.consents.get(organisation=world.swv)
    response = client.post(_url(world, "portal:consent_withdraw", consent_id=swv.uuid))
    assert response.status_code == 403
    assert Consent.objects.count() == before
    swv.refresh_from_db()
    assert swv.withdrawn_at is None


def test_a_parent_withdraws_consent_and_the_organisation_loses_access(world, client_for):
    swv = world.case.consents.get(organisation=world.swv)
    response = client_for("parent").post(
        _url(world, "portal:consent_withdraw", consent_id=swv.uuid)
    )
    assert response.status_code == 302
    swv.refresh_from_db()
    assert swv.withdrawn_at is not None and swv.withdrawn_by_representative == world.parent
    from django.http import Http404

    with pytest.raises(Http404):
        access_case(Actor(world.users["swv_specialist"]), world.case.uuid)


def test_a_17_year_olds_own_decision_overrides_the_parents(world, client_for):
    _set_age(world, 17)
    # The parents gave consent for the youth team when the child was younger.
    youth_team = world.case.consents.get(organisation=world.youth_team)
    assert youth_team.given_by_representative == world.parent
    parent = client_for("parent")
    page = parent.get(_url(world)).content.decode()
    assert "decides about this alone" in page and "Give consent" not in page
    # Parents can neither withdraw nor give any more.
    assert (
        parent.post(_url(world, "portal:consent_withdraw", consent_id=youth_team.uuid)).status_code
        == 403
    )
    assert (
        parent.post(
            _url(world), {"organisation": str(world.provider.pk), "categories": ["gezondheid"]}
        ).status_code
        == 403
    )
    # The young person withdraws the parents' consent: it ends for their data.
    young = client_for("child_13")
    assert "decide about this yourself" in young.get(_url(world)).content.decode()
    response = young.post(_url(world, "portal:consent_withdraw", consent_id=youth_team.uuid))
    assert response.status_code == 302
    youth_team.refresh_from_db()
    assert youth_team.withdrawn_at is not None and youth_team.withdrawn_by_child
    # And gives consent alone, without a parent.
    response = young.post(
        _url(world), {"organisation": str(world.provider.pk), "categories": ["gezondheid"]}
    )
    assert response.status_code == 302
    own = Consent.objects.get(case=world.case, organisation=world.provider)
    assert own.given_by_child and own.given_by_representative is None
    assert own.age_band_at_giving == "16_plus"


def test_the_service_refuses_a_parent_of_a_16_year_old(world, family):
    from django.core.exceptions import ValidationError

    _set_age(world, 16)
    with pytest.raises(ValidationError):
        consent_services.give_consent_in_portal(
            family("parent"),
            organisation=world.provider,
            categories=["onderwijs"],
            purpose="",
            together=True,
            given_with=GivenWith.PASSWORD,
        )
    assert not Consent.objects.filter(organisation=world.provider).exists()


def _as_digid(client, assurance: str) -> None:
    session = client.session
    session[SESSION_PROVIDER] = ProviderKind.DIGID
    session[SESSION_ASSURANCE] = assurance
    session.save()


def test_the_consent_records_how_the_giver_logged_in(world, client_for):
    """DigiD at substantial assurance and the password with its second step are recorded with
    the consent, and both the family and the regisseur read how it was given."""
    _set_age(world, 17)
    young = client_for("child_13")
    data = {"organisation": str(world.provider.pk), "categories": ["gezondheid"]}
    assert young.post(_url(world), data).status_code == 302
    consent = Consent.objects.get(case=world.case, organisation=world.provider)
    assert consent.given_with == GivenWith.PASSWORD
    consent.delete()
    _as_digid(young, Assurance.SUBSTANTIAL)
    assert young.post(_url(world), data).status_code == 302
    consent = Consent.objects.get(case=world.case, organisation=world.provider)
    assert consent.given_with == GivenWith.DIGID_SUBSTANTIAL
    page = young.get(_url(world)).content.decode()
    assert "logged in with DigiD at substantial assurance" in page
    regisseur = client_for("coordinator")
    listing = regisseur.get(reverse("cases:consents", kwargs={"case_id": world.case.uuid}))
    assert "logged in with DigiD at substantial assurance" in listing.content.decode()


def test_digid_at_basic_assurance_cannot_give_consent_but_can_withdraw(world, client_for):
    _set_age(world, 17)
    young = client_for("child_13")
    _as_digid(young, Assurance.BASIC)
    data = {"organisation": str(world.provider.pk), "categories": ["gezondheid"]}
    response = young.post(_url(world), data)
    assert response.status_code == 200
    assert "log in with DigiD at a higher level" in response.content.decode()
    assert not Consent.objects.filter(case=world.case, organisation=world.provider).exists()
    # Withdrawing is never harder than giving.
    given = Consent.objects.filter(case=world.case, withdrawn_at__isnull=True).first()
    assert given is not None
    response = young.post(_url(world, "portal:consent_withdraw", consent_id=given.uuid))
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_at is not None
