"""Logging in through DigiD and the organisation's own account, against a real OpenID Connect
provider over HTTP (tools/oidc-provider), with every refusal in Dutch and in the access log."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import pytest
import requests

from arrangeer.accounts import services as account_services
from arrangeer.accounts.models import ExternalIdentity, User
from arrangeer.audit.constants import Outcome
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases.access import Actor, access_case
from arrangeer.identity import services
from arrangeer.identity.models import DigidYouthAge
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership
from arrangeer.plans import services as plan_services
from arrangeer.plans.constants import SignedWith
from arrangeer.plans.models import ParentAgreement
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.oidc_provider import (
    FORMER_EMPLOYEE_EMAIL,
    UNKNOWN_BSN,
    YOUNG_PERSON_BSN,
    log_in_at_provider,
)
from arrangeer.testing.world import years_ago

pytestmark = pytest.mark.django_db

DIGID = "/inloggen/digid/"


def _refusals(object_id: str) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            object_type="login", object_id=object_id, outcome=Outcome.DENIED
        )
    )


def _assert_refused(response, reason: str, object_id: str, *, status: int = 403) -> str:
    body = response.content.decode()
    assert response.status_code == status, body[:300]
    assert f'data-reason="{reason}"' in body, re.findall(r'data-reason="\w+"', body)
    assert "Inloggen is niet gelukt" in body  # the page is in Dutch
    assert reverse("accounts:login") in body  # the other way in
    assert len(_refusals(object_id)) == 1
    return body


def _logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_a_parent_logs_in_with_digid_without_an_invitation(world, digid, log_in_via):
    world.parent.user = None
    world.parent.save(update_fields=["user"])
    client = Client()
    response = log_in_via(client, DIGID, "ouder")
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    world.parent.refresh_from_db()
    account = world.parent.user
    assert account is not None and account.kind == "parent" and not account.has_usable_password()
    assert client.session[SESSION_KEY] == str(account.pk)
    # The provider's second factor counts: the portal opens without our own code.
    portal = client.get(reverse("portal:home", kwargs={"case_id": world.case.uuid}))
    assert portal.status_code == 200
    # The BSN is kept once, on the parent; the identity only as a keyed digest.
    identity = ExternalIdentity.objects.get(user=account)
    assert "999990019" not in identity.subject_digest
    # A provider login is no typed second factor (a later password login still enrols one).
    assert not account_services.has_confirmed_second_factor(account)


def test_an_existing_parent_account_is_found_by_its_bsn(world, digid, log_in_via):
    client = Client()
    response = log_in_via(client, DIGID, "ouder")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.users["parent"].pk)


def test_a_young_person_logs_in_with_digid_from_16(world, digid, log_in_via):
    world.child.bsn = YOUNG_PERSON_BSN
    world.child.date_of_birth = years_ago(16)
    world.child.save(update_fields=["bsn", "date_of_birth"])
    client = Client()
    response = log_in_via(client, DIGID, "jongere")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.users["child_13"].pk)


def test_from_12_only_where_the_region_allows_it(world, digid, log_in_via):
    """A child of 13: by default (16) DigiD does not find them, and the page says
    nothing about a child; once the region allows 12, the same login works."""
    world.child.bsn = YOUNG_PERSON_BSN
    world.child.date_of_birth = years_ago(13)
    world.child.save(update_fields=["bsn", "date_of_birth"])
    _assert_refused(
        log_in_via(Client(), DIGID, "jongere"), "unknown_person", "digid:unknown_person"
    )
    DigidYouthAge.objects.create(region=world.region, from_age=12)
    client = Client()
    response = log_in_via(client, DIGID, "jongere")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.users["child_13"].pk)


def test_the_functional_administrator_configures_the_login_providers():
    from django.contrib.auth.models import Group

    from arrangeer.organisations.migration_util import FUNCTIONAL_ADMIN_GROUP

    granted = set(
        Group.objects.get(name=FUNCTIONAL_ADMIN_GROUP)
        .permissions.filter(content_type__app_label="identity")
        .values_list("codename", flat=True)
    )
    assert {"change_organisationprovider", "add_digidyouthage"} <= granted


def test_a_bsn_of_no_one_gets_a_clear_page_without_a_hint_about_children(world, digid, log_in_via):
    client = Client()
    response = log_in_via(client, DIGID, "onbekend")
    body = _assert_refused(response, "unknown_person", "digid:unknown_person")
    assert "we cannot find you in Arrangeer" not in body  # Dutch, not English
    assert "kunnen u niet vinden" in body
    assert not _logged_in(client)
    assert UNKNOWN_BSN not in str(_refusals("digid:unknown_person")[0].__dict__)


def test_a_bsn_of_a_child_too_young_for_an_own_account_is_refused_the_same_way(
    world, digid, log_in_via
):
    from arrangeer.testing.world import years_ago

    world.child.bsn = YOUNG_PERSON_BSN
    world.child.date_of_birth = years_ago(9)
    world.child.user = None
    world.child.save(update_fields=["bsn", "date_of_birth", "user"])
    response = log_in_via(Client(), DIGID, "jongere")
    _assert_refused(response, "unknown_person", "digid:unknown_person")


def test_digid_without_the_bsn_claim_is_refused(world, digid, log_in_via):
    client = Client()
    _assert_refused(log_in_via(client, DIGID, "zonder-bsn"), "claim", "digid:claim")
    assert not _logged_in(client)


def test_digid_that_cannot_be_reached_says_so_and_offers_the_password_login(world, digid):
    digid(issuer="http://127.0.0.1:9")  # nothing listens on the discard port
    response = Client().get(DIGID)
    body = _assert_refused(response, "unavailable", "digid:unavailable", status=503)
    assert "DigiD is nu niet bereikbaar" in body


def test_a_token_for_another_audience_is_refused(world, digid, log_in_via):
    digid(client_id="arrangeer-ander-publiek")
    client = Client()
    _assert_refused(log_in_via(client, DIGID, "ouder"), "audience", "digid:audience")
    assert not _logged_in(client)


def test_an_expired_token_is_refused(world, digid, log_in_via):
    digid(client_id="arrangeer-verlopen")
    client = Client()
    _assert_refused(log_in_via(client, DIGID, "ouder"), "expired", "digid:expired")
    assert not _logged_in(client)


def test_a_replayed_return_from_the_provider_is_refused(world, digid):
    client = Client()
    started = client.get(DIGID)
    back = log_in_at_provider(started["Location"], "ouder").split("://testserver", 1)[1]
    assert client.get(back).status_code == 302
    client.post(reverse("accounts:logout"))
    # The login it belonged to is gone: which provider it was is no longer known either.
    _assert_refused(client.get(back), "state", "unknown:state")
    assert not _logged_in(client)


def test_a_code_used_twice_is_refused_by_the_provider(world, digid):
    client = Client()
    started = client.get(DIGID)
    back = log_in_at_provider(started["Location"], "ouder").split("://testserver", 1)[1]
    kept = {key: client.session[key] for key in ("oidc_states", services.SESSION_PENDING)}
    assert client.get(back).status_code == 302
    client.post(reverse("accounts:logout"))
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    session = client.session
    session.update(kept)  # an attacker with the old state in hand
    session.save()
    _assert_refused(client.get(back), "token", "digid:token")


def test_a_state_that_this_browser_never_sent_is_refused(world, digid):
    client = Client()
    client.get(DIGID)
    response = client.get(reverse("identity:callback"), {"code": "abc", "state": "not-ours"})
    _assert_refused(response, "state", "unknown:state")


def test_a_nonce_that_does_not_match_is_refused(world, digid):
    client = Client()
    started = client.get(DIGID)
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    session = client.session
    states = session["oidc_states"]
    states[state]["nonce"] = "another-nonce"
    session["oidc_states"] = states
    session.save()
    back = log_in_at_provider(started["Location"], "ouder").split("://testserver", 1)[1]
    _assert_refused(client.get(back), "state", "digid:state")
    assert not _logged_in(client)


def test_a_coordinator_logs_in_through_the_school_and_lands_on_my_cases(
    world, school_provider, log_in_via
):
    client = Client()
    choice = client.get(reverse("identity:organisations"))
    assert world.school.name in choice.content.decode()
    response = log_in_via(
        client, reverse("identity:organisation", args=[world.school.pk]), "coordinator"
    )
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")
    assert client.session[SESSION_KEY] == str(world.users["coordinator"].pk)
    assert client.get(reverse("cases:list")).status_code == 200


def test_an_ended_membership_cannot_log_in_through_the_provider(world, school_provider, log_in_via):
    former = UserFactory(username="oud", email=FORMER_EMPLOYEE_EMAIL)
    Membership.objects.create(
        user=former, organisation=world.school, role=Role.TEACHER, is_active=False
    )
    client = Client()
    response = log_in_via(
        client, reverse("identity:organisation", args=[world.school.pk]), "oud-medewerker"
    )
    _assert_refused(response, "membership", "organisation:membership")
    entry = _refusals("organisation:membership")[0]
    assert entry.user_id == former.pk and entry.organisation_id == world.school.pk
    assert not _logged_in(client)


def test_an_organisation_account_without_the_claim_is_refused(world, school_provider, log_in_via):
    response = log_in_via(
        Client(), reverse("identity:organisation", args=[world.school.pk]), "zonder-mail"
    )
    _assert_refused(response, "claim", "organisation:claim")


def _through_eherkenning(provider, organisation, kvk: str) -> None:
    organisation.kvk = kvk
    organisation.save(update_fields=["kvk"])
    provider.scopes = "openid email profile eherkenning"
    provider.legal_subject_claim = "urn:etoegang:core:LegalSubjectID"
    provider.full_clean()
    provider.save()


def test_through_an_eherkenning_broker_the_login_is_for_the_organisations_kvk(
    world, school_provider, log_in_via
):
    _through_eherkenning(school_provider, world.school, "41216593")
    client = Client()
    response = log_in_via(
        client, reverse("identity:organisation", args=[world.school.pk]), "coordinator"
    )
    assert response.status_code == 302 and response["Location"] == reverse("cases:list")
    assert client.session[SESSION_KEY] == str(world.users["coordinator"].pk)


def test_an_eherkenning_login_for_another_company_is_refused(world, school_provider, log_in_via):
    _through_eherkenning(school_provider, world.school, "69599084")
    client = Client()
    response = log_in_via(
        client, reverse("identity:organisation", args=[world.school.pk]), "coordinator"
    )
    _assert_refused(response, "other_organisation", "organisation:other_organisation")
    assert not _logged_in(client)


def test_a_kvk_claim_needs_the_organisations_kvk_number(world, school_provider):
    world.school.kvk = ""
    world.school.save(update_fields=["kvk"])
    school_provider.legal_subject_claim = "urn:etoegang:core:LegalSubjectID"
    with pytest.raises(ValidationError) as refused:
        school_provider.full_clean()
    assert "legal_subject_claim" in refused.value.message_dict
    school_provider.legal_subject_claim = ""
    school_provider.scopes = "email profile"
    with pytest.raises(ValidationError) as refused:
        school_provider.full_clean()
    assert "scopes" in refused.value.message_dict


def test_logging_out_ends_the_provider_session_too(world, digid, log_in_via, oidc_provider):
    client = Client()
    log_in_via(client, DIGID, "ouder")
    page = client.get(reverse("core:home"))
    # The logout form may lead on to the provider (Content-Security-Policy form-action).
    assert oidc_provider.digid_issuer in page["Content-Security-Policy"]
    response = client.post(reverse("accounts:logout"))
    assert not _logged_in(client)
    location = response["Location"]
    assert location.startswith(f"{oidc_provider.digid_issuer}/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/account/inloggen/"]
    # The provider accepts the request (this HTTP client has no session there to end).
    confirm = requests.get(location, timeout=10)
    assert confirm.status_code == 200 and "Er ging iets mis" not in confirm.text


def test_agreeing_after_a_substantial_digid_login_is_signed_with_digid(world, digid, log_in_via):
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    sent = plan_services.send_for_agreement(regie)
    client = Client()
    log_in_via(client, DIGID, "ouder")
    url = reverse("portal:agreement", kwargs={"case_id": world.case.uuid})
    page = client.get(url)
    assert 'name="second_factor_code"' not in page.content.decode()
    response = client.post(url, {"content_hash": sent.content_hash[:8], "decision": "instemming"})
    assert response.status_code == 302
    agreement = ParentAgreement.objects.get(version=sent, representative=world.parent)
    assert agreement.signed_with == SignedWith.DIGID and agreement.signed_at is not None


def test_a_basic_digid_login_still_signs_with_a_code(world, digid, log_in_via):
    regie = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    sent = plan_services.send_for_agreement(regie)
    client = Client()
    log_in_via(client, DIGID, "ouder", level="basis")
    url = reverse("portal:agreement", kwargs={"case_id": world.case.uuid})
    response = client.post(url, {"content_hash": sent.content_hash[:8], "decision": "instemming"})
    assert response.status_code == 200
    assert not ParentAgreement.objects.filter(version=sent, representative=world.parent).exists()


def test_a_provider_over_plain_http_is_refused_where_http_is_not_allowed(world, digid, settings):
    settings.ARRANGEER_OIDC_ALLOW_HTTP = False
    response = Client().get(DIGID)
    _assert_refused(response, "unavailable", "digid:unavailable", status=503)


def test_production_settings_refuse_digid_over_plain_http():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "arrangeer.conf.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "arrangeer.example.nl",
        "ARRANGEER_DIGID_ISSUER": "http://digid.example.nl",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ARRANGEER_DIGID_ISSUER must be an https:// address" in result.stderr


def test_password_login_is_untouched_by_the_provider_backend(world):
    user = User.objects.get(username="coordinator")
    from arrangeer.testing.factories import PASSWORD

    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and _logged_in(client)
