from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services
from arrangeer.api.models import ApiToken
from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import Role
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.world import build_world, years_ago

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
JSON_BODY = "application/json"


@pytest.fixture
def world():
    return build_world()


def _token(user, membership=None) -> str:
    membership = membership or user.memberships.first()
    _record, raw = services.create_token(user=user, membership=membership, name="test", days=30)
    return raw


def _api(token: str, **headers: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def _case_url(world, name="api:case", **kwargs):
    return reverse(name, kwargs={"case_id": world.case.uuid, **kwargs})


def test_a_token_is_stored_hashed_and_works_until_revoked(world):
    raw = _token(world.coordinator)
    record = ApiToken.objects.get(user=world.coordinator)
    assert raw.split(".", 1)[1] not in record.digest
    client = _api(raw)
    assert client.get(reverse("api:cases")).status_code == 200
    services.revoke_token(record, user=world.coordinator)
    response = client.get(reverse("api:cases"))
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == PROBLEM


def test_an_expired_token_is_refused(world):
    raw = _token(world.coordinator)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _api(raw).get(reverse("api:cases")).status_code in (401, 403)


def test_a_token_acts_for_its_own_organisation_only(world):
    # The youth worker also works for a provider; a token for that role sees nothing of the case.
    other = grant_membership(
        user=world.youth_worker, organisation=world.provider, role=Role.CARE_WORKER
    )
    jt_token = _token(
        world.youth_worker, world.youth_worker.memberships.get(organisation=world.youth_team)
    )
    provider_token = _token(world.youth_worker, other)
    assert _api(jt_token).get(_case_url(world)).status_code == 200
    response = _api(provider_token).get(_case_url(world))
    assert response.status_code == 404
    ids = [c["id"] for c in _api(provider_token).get(reverse("api:cases")).json()["results"]]
    assert str(world.case.uuid) not in ids


def test_a_session_without_the_second_factor_gets_no_data(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.get(reverse("api:cases"))
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == PROBLEM


def test_every_api_call_is_logged_with_channel_api(world):
    _api(_token(world.swv_specialist)).get(_case_url(world))
    entry = AccessLogEntry.objects.filter(user_id=world.swv_specialist.pk).latest("seq")
    assert (entry.channel, entry.event, entry.outcome) == ("api", "view", "allowed")


def test_fields_outside_the_categories_are_absent_in_the_api_too(world):
    teacher = _api(_token(world.teacher)).get(_case_url(world)).json()
    assert "address" not in teacher["child"]
    assert "bsn" not in teacher["child"]
    youth = _api(_token(world.youth_worker)).get(_case_url(world)).json()
    assert youth["child"]["address"].startswith("Teststraat")
    assert youth["child"]["bsn"] == "111222333"


def test_not_allowed_and_not_found_are_the_same_404_problem(world):
    import uuid

    client = _api(_token(world.teacher_other_school))
    forbidden = client.get(_case_url(world))
    unknown = client.get(reverse("api:case", kwargs={"case_id": uuid.uuid4()}))
    assert forbidden.status_code == unknown.status_code == 404
    assert forbidden.json() == unknown.json()
    assert forbidden["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    ("body", "content_type", "field"),
    [
        ("{not json", "application/json", None),
        (json.dumps({"reason": 12}), "application/json", "reason"),
        (json.dumps({"reason": "goals_reached", "colour": "red"}), "application/json", "colour"),
        (json.dumps({"reason": "nope"}), "application/json", "reason"),
    ],
)
def test_bad_input_gets_a_problem_with_a_clear_message_and_changes_nothing(
    world, body, content_type, field
):
    client = _api(_token(world.coordinator))
    response = client.post(_case_url(world, "api:case_close"), body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400 and problem["title"]
    if field:
        assert field in problem["errors"]
    world.case.refresh_from_db()
    assert world.case.status == "open"


def test_an_invalid_bsn_is_refused_per_field(world):
    client = _api(_token(world.coordinator))
    body = {
        "membership": world.coordinator.memberships.get().pk,
        "child": {
            "first_name": "A",
            "last_name": "B",
            "date_of_birth": "2015-01-01",
            "bsn": "123456789",
        },
    }
    response = client.post(reverse("api:cases"), body, content_type="application/json")
    assert response.status_code == 400
    assert "bsn" in response.json()["errors"]["child"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("date_of_birth", "1950-01-01", "jonger dan 27"),
        ("first_name", "Da\u202ean", "U+202E"),
        ("last_name", "\u2067Boer", "U+2067"),
    ],
)
def test_the_api_refuses_an_implausible_birth_date_and_hidden_characters_in_dutch(
    world, field, value, words
):
    client = _api(_token(world.coordinator))
    child = {"first_name": "Daan", "last_name": "Boer", "date_of_birth": "2015-01-01"}
    child[field] = value
    body = {"membership": world.coordinator.memberships.get().pk, "child": child}
    cases = Case.objects.count()
    response = client.post(
        reverse("api:cases"), body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert words in str(response.json()["errors"]["child"][field])
    assert Case.objects.count() == cases


def test_a_huge_body_is_refused(world, settings):
    client = _api(_token(world.coordinator))
    body = json.dumps({"reason": "goals_reached", "note": "x" * (settings.API_MAX_BODY_BYTES + 10)})
    response = client.post(
        _case_url(world, "api:case_close"), body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM


def test_messages_follow_accept_language(world):
    dutch = _api(_token(world.teacher_other_school)).get(_case_url(world))
    english = _api(_token(world.teacher_other_school), HTTP_ACCEPT_LANGUAGE="en").get(
        _case_url(world)
    )
    assert english.json()["title"] == "Not found"
    assert dutch.json()["title"] != english.json()["title"]


def test_a_stale_etag_is_refused_with_412_and_changes_nothing(world):
    client = _api(_token(world.coordinator))
    etag = client.get(_case_url(world))["ETag"]
    missing = client.patch(
        _case_url(world), {"is_thuiszitter": True}, content_type="application/json"
    )
    assert missing.status_code == 428
    ok = client.patch(
        _case_url(world),
        {"is_thuiszitter": True},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert ok.status_code == 200
    stale = client.patch(
        _case_url(world), {"is_complex": True}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == PROBLEM
    world.case.refresh_from_db()
    assert world.case.is_thuiszitter and not world.case.is_complex


def test_a_flag_change_answers_within_its_query_budget(world, django_assert_max_num_queries):
    """The door (5 reads and its access-log record), the locked case read with what the
    answer shows, the update, its history row and its record: the summary loads nothing
    after (it loaded the child, school, region and regisseur one by one: 24)."""
    client = _api(_token(world.coordinator))
    etag = client.get(_case_url(world))["ETag"]
    with django_assert_max_num_queries(20):
        changed = client.patch(
            _case_url(world), {"is_complex": True}, content_type=JSON_BODY, HTTP_IF_MATCH=etag
        )
    assert changed.status_code == 200
    assert changed.json()["is_complex"] is True
    assert changed.json()["school"] == world.case.child.school.name


def test_the_case_list_has_a_constant_query_count_in_page_size(
    world, django_assert_max_num_queries
):
    client = _api(_token(world.coordinator))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api:cases"))
    membership = world.coordinator.memberships.get()
    for i in range(12):
        case_services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={"first_name": f"K{i}", "last_name": "Api", "date_of_birth": years_ago(7)},
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("api:cases"), {"page_size": 50})
    assert len(response.json()["results"]) == 13


def test_the_list_is_paginated_with_a_cursor(world):
    client = _api(_token(world.coordinator))
    membership = world.coordinator.memberships.get()
    for i in range(3):
        case_services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={"first_name": f"P{i}", "last_name": "Pag", "date_of_birth": years_ago(7)},
        )
    first = client.get(reverse("api:cases"), {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert {c["id"] for c in first["results"]}.isdisjoint({c["id"] for c in second["results"]})


def test_a_case_is_opened_and_a_team_built_through_the_api(world):
    client = _api(_token(world.coordinator))
    body = {
        "membership": world.coordinator.memberships.get().pk,
        "child": {
            "first_name": "Ties",
            "last_name": "Api",
            "date_of_birth": years_ago(9).isoformat(),
        },
        "representatives": [
            {"first_name": "Ma", "last_name": "Api", "relation": "moeder", "has_authority": True}
        ],
        "flags": {"has_absence": True},
    }
    created = client.post(reverse("api:cases"), body, content_type="application/json")
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    team_url = reverse("api:team", kwargs={"case_id": case_id})
    leerplicht = world.leerplicht.memberships.get().pk
    added = client.post(team_url, {"membership": leerplicht}, content_type="application/json")
    assert added.status_code == 201 and added.json()["status"] == "active"
    swv = world.swv_specialist.memberships.get().pk
    proposed = client.post(team_url, {"membership": swv}, content_type="application/json").json()
    assert proposed["status"] == "proposed"
    detail = client.get(reverse("api:case", kwargs={"case_id": case_id})).json()
    representative = world.case.child.representatives.model.objects.get(
        child__uuid=detail["child"]["id"]
    )
    consent = client.post(
        reverse("api:consents", kwargs={"case_id": case_id}),
        {
            "organisation": world.swv.pk,
            "categories": ["onderwijs"],
            "purpose": "Plan",
            "representative": representative.pk,
            "valid_from": timezone.localdate().isoformat(),
            "evidence": "signed_form",
        },
        content_type="application/json",
    )
    assert consent.status_code == 201, consent.json()
    approved = client.post(
        reverse("api:team_approve", kwargs={"case_id": case_id, "member_id": proposed["id"]}),
        {"representative": representative.pk},
        content_type="application/json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    assert (
        _api(_token(world.swv_specialist))
        .get(reverse("api:case", kwargs={"case_id": case_id}))
        .status_code
        == 200
    )


def test_the_token_page_shows_a_new_token_once_and_revokes(world, verified_client):
    client = verified_client(world.coordinator)
    page = client.post(
        reverse("api_tokens"),
        {"name": "LAS", "membership": world.coordinator.memberships.get().pk, "days": 30},
    )
    raw = page.context["new_token"]
    assert raw.startswith("arr_")
    again = client.get(reverse("api_tokens"))
    assert raw not in again.content.decode()
    token = ApiToken.objects.get(user=world.coordinator)
    client.post(reverse("api_token_revoke", kwargs={"token_id": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_schema_and_documentation_are_served_without_a_cdn():
    schema = Client().get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    docs = Client().get(reverse("api:docs"))
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in body
    assert "cdn" not in body.lower()


def test_organisations_filter_by_type_and_refuse_what_is_not_a_type(world):
    client = _api(_token(world.coordinator), HTTP_ACCEPT_LANGUAGE="nl")
    url = reverse("api:organisations")
    found = client.get(url, {"type": "swv"})
    assert found.status_code == 200
    assert {o["name"] for o in found.json()["results"]} == {world.swv.name}
    # A NUL character reached PostgreSQL and was a server error: now a clear 400.
    for params in ({"type": "swv\x00"}, {"type": "geen-type"}, {"region": "a\x00b"}):
        refused = client.get(url, params)
        assert refused.status_code == 400, params
        assert refused["Content-Type"] == PROBLEM


def test_a_search_with_a_nul_character_is_a_clear_400_not_a_server_error(world):
    """Found by Schemathesis on PostgreSQL (which refuses a NUL in a query): the case search
    and a plan list's category answer 400 naming the parameter, in the caller's language."""
    client = _api(_token(world.coordinator), HTTP_ACCEPT_LANGUAGE="nl")
    asked = (
        (reverse("api:cases"), {"q": "Sa\x00m"}, "q"),
        (_case_url(world, "api:plan_goal_list"), {"category": "onderwijs\x00"}, "category"),
    )
    for url, params, name in asked:
        refused = client.get(url, params)
        assert refused.status_code == 400, (url, refused.content)
        assert refused["Content-Type"] == PROBLEM
        assert refused.json()["errors"][name] == [
            "Deze tekst bevat een teken dat niet is toegestaan."
        ]
    # Without the NUL the same search answers.
    assert client.get(reverse("api:cases"), {"q": "Sam"}).status_code == 200


def test_closing_records_where_the_child_goes_as_the_web_form_does(world):
    client = _api(_token(world.coordinator))
    url = _case_url(world, "api:case_close")
    refused = client.post(
        url,
        {"reason": "moved", "destination": "elders"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["destination"] == [
        "Kies waar het kind na het arrangement heen gaat."
    ]
    world.case.refresh_from_db()
    assert world.case.status == "open"
    done = client.post(
        url, {"reason": "moved", "destination": "so_vso"}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    world.case.refresh_from_db()
    assert (world.case.status, world.case.destination) == ("closed", "so_vso")


def test_closing_without_a_destination_records_none(world):
    client = _api(_token(world.coordinator))
    done = client.post(
        _case_url(world, "api:case_close"), {"reason": "moved"}, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    world.case.refresh_from_db()
    assert (world.case.status, world.case.destination) == ("closed", "")


def test_the_schema_offers_the_destination_of_the_close(world):
    schema = _api(_token(world.coordinator)).get(reverse("api:schema"), {"format": "json"})
    schemas = schema.json()["components"]["schemas"]
    destination = schemas["CloseRequest"]["properties"]["destination"]
    assert "destination" not in schemas["CloseRequest"].get("required", [])
    assert "so_vso" in json.dumps(destination) or "so_vso" in json.dumps(schemas)
