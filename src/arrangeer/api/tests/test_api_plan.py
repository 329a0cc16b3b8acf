"""The second slice of the API: the plan and its items, the route, the regie, tasks and the
FHIR export — under the same rules as the pages (categories, If-Match, guards)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.api import services
from arrangeer.cases.access import Actor, access_case
from arrangeer.plans import services as plan_services
from arrangeer.testing.plans import goal_fields, module_fields
from arrangeer.testing.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
PROBLEM = "application/problem+json"
JSON = "application/json"


@pytest.fixture
def world() -> World:
    return build_world(with_plan=True)


def _api(world: World, persona: str) -> Client:
    user = world.users[persona]
    _record, raw = services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _url(world: World, name: str, **kwargs: object) -> str:
    return reverse(f"api:{name}", kwargs={"case_id": world.case.uuid, **kwargs})


def _ids(response) -> set[str]:
    return {item["id"] for item in response.json()["results"]}


def test_items_of_a_category_the_viewer_may_not_see_are_absent(world):
    plan = world.plan
    education, care = str(plan.education_goal.uuid), str(plan.care_goal.uuid)
    teacher = _ids(_api(world, "teacher").get(_url(world, "plan_goal_list")))
    youth = _ids(_api(world, "youth_worker").get(_url(world, "plan_goal_list")))
    assert education in teacher and care not in teacher
    assert care in youth and education not in youth
    hidden = _api(world, "youth_worker").get(
        _url(world, "plan_goal", item_id=plan.education_goal.uuid)
    )
    assert hidden.status_code == 404 and hidden["Content-Type"] == PROBLEM
    draft = _api(world, "teacher").get(_url(world, "plan")).json()
    assert {g["uuid"] for g in draft["content"]["goal"]} == {education}
    # A module's link to a goal the viewer cannot see is absent too.
    modules = _api(world, "youth_worker").get(_url(world, "plan_module_list")).json()["results"]
    assert all(education not in m["goals"] for m in modules)


def test_an_item_is_created_with_per_field_errors_from_the_model_rules(world):
    client = _api(world, "coordinator")
    incomplete = client.post(
        _url(world, "plan_goal_list"),
        {"category": "onderwijs", "side": "onderwijs", "what": "Lezen"},
        content_type=JSON,
    )
    assert incomplete.status_code == 400 and incomplete["Content-Type"] == PROBLEM
    assert {"indicator", "baseline", "target", "deadline", "owner"} <= set(
        incomplete.json()["errors"]
    )
    unknown = client.post(
        _url(world, "plan_need_list"),
        {"category": "onderwijs", "of_whom": "kind", "text": "x", "colour": "red"},
        content_type=JSON,
    )
    assert unknown.status_code == 400 and "colour" in unknown.json()["errors"]
    wrong_category = client.post(
        _url(world, "plan_need_list"),
        {"category": "jeugdhulp", "of_whom": "kind", "text": "Zorg"},
        content_type=JSON,
    )
    assert wrong_category.status_code == 400 and "category" in wrong_category.json()["errors"]
    made = client.post(
        _url(world, "plan_need_list"),
        {"category": "onderwijs", "of_whom": "kind", "text": "Rust in de klas"},
        content_type=JSON,
    )
    assert made.status_code == 201 and made["ETag"]


def test_an_item_changes_only_with_a_fresh_if_match_and_is_removed_the_same_way(world):
    client = _api(world, "coordinator")
    url = _url(world, "plan_need", item_id=world.plan.needs[0].uuid)
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"text": "Meer leestijd"}, content_type=JSON).status_code == 428
    ok = client.patch(url, {"text": "Meer leestijd"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok.json()["text"] == "Meer leestijd"
    assert ok["ETag"] != etag
    stale = client.patch(url, {"text": "Overschreven"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale["Content-Type"] == PROBLEM
    assert stale.json()["changes"]
    assert client.get(url).json()["text"] == "Meer leestijd"
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=ok["ETag"]).status_code == 204
    assert client.get(url).status_code == 404


def test_emergency_access_reads_the_plan_but_cannot_write_it(world):
    client = _api(world, "emergency_worker")
    assert client.get(_url(world, "plan_goal_list")).status_code == 200
    response = client.post(
        _url(world, "plan_need_list"),
        {"category": "onderwijs", "of_whom": "kind", "text": "x"},
        content_type=JSON,
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "item"),
    [
        ("plan_goal_list", None),
        ("plan_module_list", None),
        ("plan_measurements", "education_goal"),
        ("plan_deliveries", "education_module"),
    ],
)
def test_item_lists_have_a_query_count_constant_in_page_size(world, name, item):
    client = _api(world, "coordinator")
    kwargs = {"item_id": getattr(world.plan, item).uuid} if item else {}
    url = _url(world, name, **kwargs)
    client.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"page_size": 2}).status_code == 200
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    today = timezone.localdate()
    goal = world.plan.education_goal
    for i in range(20):
        if name == "plan_goal_list":
            plan_services.add_item(regie, kind="goal", fields=goal_fields(what=f"Doel {i}"))
        elif name == "plan_module_list":
            plan_services.add_item(
                regie, kind="module", fields=module_fields([goal], world.school, title=f"M{i}")
            )
        elif name == "plan_measurements":
            plan_services.record_measurement(
                regie, goal, measured_on=today, value=Decimal(5), achievement=""
            )
        elif name == "plan_deliveries":
            plan_services.record_delivery(
                regie, world.plan.education_module, on_date=today, delivered=True, amount=1
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"page_size": 20})
    assert len(response.json()["results"]) == 20
    assert len(many) == len(few), (
        [q["sql"][:90] for q in few.captured_queries],
        [q["sql"][:90] for q in many.captured_queries],
    )


def test_the_version_list_detail_and_diff(world):
    client = _api(world, "teacher")
    versions = client.get(_url(world, "plan_versions")).json()
    assert [v["number"] for v in versions] == [1]
    version = client.get(_url(world, "plan_version", number=1)).json()
    assert all(g["category"] == "onderwijs" for g in version["content"]["goal"])
    assert version["content_hash"] == versions[0]["content_hash"]
    diff = client.get(_url(world, "plan_diff"), {"from": "1", "to": "draft"})
    assert diff.status_code == 200 and diff.json()["older"] == "1"
    assert client.get(_url(world, "plan_diff"), {"from": "x", "to": "1"}).status_code == 400
    assert client.get(_url(world, "plan_diff"), {"from": "9", "to": "1"}).status_code == 404


def test_a_blocked_transition_is_a_409_with_the_checks_explanation(world):
    client = _api(world, "teacher")  # acts in the first step (waarnemen)
    body = {"to_step": "informeren-en-voorbereiden"}
    blocked = client.post(_url(world, "transitions"), body, content_type=JSON)
    assert blocked.status_code == 409 and blocked["Content-Type"] == PROBLEM
    assert blocked.json()["detail"]
    route = client.get(_url(world, "route")).json()
    assert route["step"] == "waarnemen"
    assert [c["passed"] for c in route["checks"]] == [False]
    assert blocked.json()["detail"] == route["checks"][0]["explanation"]
    school_plan = client.post(
        _url(world, "school_plan"),
        {"kind": "opp", "evaluated_on": timezone.localdate().isoformat()},
        content_type=JSON,
    )
    assert school_plan.status_code == 200 and school_plan.json()["in_order"]
    moved = client.post(_url(world, "transitions"), body, content_type=JSON)
    assert moved.status_code == 201 and moved.json()["to_step"] == body["to_step"]
    unknown = client.post(_url(world, "transitions"), {"to_step": "nope"}, content_type=JSON)
    assert unknown.status_code in (400, 404)
    # Someone who does not act in the step gets the same 404 as a stranger.
    other = _api(world, "youth_worker").post(_url(world, "transitions"), body, content_type=JSON)
    assert other.status_code == 404
    kinds = [c["kind"] for c in client.get(_url(world, "timeline")).json()]
    assert kinds == ["start", "move"]


def test_the_regie_is_handed_over_by_proposal_and_acceptance(world):
    coordinator = _api(world, "coordinator")
    proposed = coordinator.post(
        _url(world, "regie_transfers"),
        {"to_member": world.members["youth_worker"].pk, "reason": "Zorg staat voorop"},
        content_type=JSON,
    )
    assert proposed.status_code == 201, proposed.json()
    transfer = proposed.json()["id"]
    teacher = _api(world, "teacher")
    assert teacher.post(_url(world, "regie_accept", transfer_id=transfer)).status_code == 404
    accepted = _api(world, "youth_worker").post(_url(world, "regie_accept", transfer_id=transfer))
    assert accepted.status_code == 200
    assert accepted.json()["regisseur"] == world.youth_worker.get_full_name()


def test_tasks_come_from_the_same_function_as_my_actions_and_stay_within_the_organisation(
    world, django_assert_max_num_queries
):
    from arrangeer.cases.actions import actions_for

    client = _api(world, "teacher")
    expected = [a for a in actions_for(world.teacher) if a.case.pk == world.case.pk]
    response = client.get(reverse("api:tasks"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(expected)
    assert [t["title"] for t in body["results"]] == [str(a.title) for a in expected]
    stranger = _api(world, "teacher_other_school").get(reverse("api:tasks")).json()
    assert all(t["case"] != str(world.case.uuid) for t in stranger["results"])


def test_the_tasks_pages_cut_the_whole_list_and_count_all_of_it(world):
    """Each source reads its first actions up to the page's end and counts the rest
    (`counted_actions`): leafing through one task at a time, and two, gives the whole list
    in its order with the same `count` on every page, and only the tasks shown are logged."""
    from arrangeer.audit.models import AccessLogEntry
    from arrangeer.cases.actions import actions_for

    client = _api(world, "coordinator")
    organisation_id = world.coordinator.memberships.first().organisation_id
    expected = [
        [a.source, str(a.case.uuid) if a.case else None, str(a.title)]
        for a in actions_for(world.coordinator, organisation_id=organisation_id)
    ]
    assert len(expected) > 1, "too few tasks to cut"
    for limit in (1, 2):
        read = []
        for offset in range(0, len(expected) + limit, limit):
            logged = AccessLogEntry.objects.count()
            page = client.get(reverse("api:tasks") + f"?limit={limit}&offset={offset}").json()
            assert page["count"] == len(expected)
            read += [[t["source"], t["case"], t["title"]] for t in page["results"]]
            cases = {t["case"] for t in page["results"] if t["case"]}
            assert AccessLogEntry.objects.count() - logged == len(cases)
        assert read == expected


def _bundle(world: World, persona: str) -> dict:
    response = _api(world, persona).get(_url(world, "fhir"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    return response.json()


def _resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_fhir_bundle_holds_what_the_viewer_may_see_only(world):
    plan = world.plan
    youth = _bundle(world, "youth_worker")
    assert youth["resourceType"] == "Bundle" and youth["type"] == "collection"
    assert {g["id"] for g in _resources(youth, "Goal")} == {str(plan.care_goal.uuid)}
    (care_plan,) = _resources(youth, "CarePlan")
    assert [a["detail"]["description"] for a in care_plan["activity"]] == [plan.care_module.title]
    assert care_plan["subject"]["identifier"]["value"] == "111222333"  # BSN for the youth team
    assert not _resources(youth, "Consent")  # consents: the regisseur's
    assert _resources(youth, "CareTeam")[0]["participant"]
    teacher = _bundle(world, "teacher")
    assert {g["id"] for g in _resources(teacher, "Goal")} == {str(plan.education_goal.uuid)}
    identifier = _resources(teacher, "CarePlan")[0]["subject"]["identifier"]
    assert identifier["system"] != "http://fhir.nl/fhir/NamingSystem/bsn"
    assert "111222333" not in str(teacher)
    coordinator = _bundle(world, "coordinator")
    assert _resources(coordinator, "Consent")
    assert _api(world, "teacher_other_school").get(_url(world, "fhir")).status_code == 404
    assert _api(world, "teacher").get(_url(world, "fhir").rstrip("/")).status_code == 301


def test_a_token_of_another_organisation_gets_404_on_the_new_endpoints(world):
    from arrangeer.organisations.constants import Role
    from arrangeer.organisations.services import grant_membership

    other = grant_membership(
        user=world.youth_worker, organisation=world.provider, role=Role.CARE_WORKER
    )
    _record, raw = services.create_token(
        user=world.youth_worker, membership=other, name="elders", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for name in ("plan", "plan_goal_list", "route", "fhir", "child"):
        assert client.get(_url(world, name)).status_code == 404, name


def test_the_task_list_checks_the_grounds_of_the_places_once(world):
    """The token's organisation narrows the visible cases before the sources read them: the
    grounds of the person's places are checked in one query, not once per source."""
    client = _api(world, "coordinator")
    url = reverse("api:tasks")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).json()["count"] > 0
    checks = [q for q in captured.captured_queries if "legal_task_school" in q["sql"]]
    assert len(checks) == 1


def test_the_task_list_has_a_query_count_constant_in_the_number_of_cases(world):
    from arrangeer.cases import services as case_services
    from arrangeer.testing.world import years_ago

    client = _api(world, "coordinator")
    url = reverse("api:tasks")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).json()
    membership = world.coordinator.memberships.get()
    for i in range(15):
        case_services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={
                "first_name": f"T{i}",
                "last_name": "Taak",
                "date_of_birth": years_ago(8),
            },
        )
    with CaptureQueriesContext(connection) as many:
        large = client.get(url, {"limit": 100}).json()
    assert large["count"] > small["count"]
    assert len(many) == len(few)


def test_the_schema_lists_every_resource_under_its_own_tag():
    schema = Client().get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    tags = {tag for path in schema["paths"].values() for op in path.values() for tag in op["tags"]}
    assert {
        "children",
        "route",
        "regie",
        "plan",
        "life-domains",
        "network",
        "support-needs",
        "goals",
        "modules",
        "measurements",
        "deliveries",
        "evaluations",
        "tasks",
        "fhir",
    } <= tags
    create = schema["paths"]["/api/v1/cases/{case_id}/plan/life-domains/"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/DomainEntryRequest")


def test_the_evaluation_list_has_a_query_count_constant_in_page_size(world):
    from arrangeer.plans.models import Evaluation, GoalEvaluation

    client = _api(world, "coordinator")
    url = _url(world, "plan_evaluations")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"page_size": 2})
    first = world.plan.evaluation
    for i in range(20):
        # Rows as the service leaves them (the service itself needs an adopted plan each time).
        evaluation = Evaluation.objects.create(
            plan=first.plan,
            version=first.version,
            held_on=first.held_on,
            decision="voortzetten",
            next_evaluation_on=first.held_on + dt.timedelta(days=30 + i),
            summary=f"Evaluatie {i}",
            category="onderwijs",
            recorded_by=world.coordinator,
        )
        GoalEvaluation.objects.create(
            evaluation=evaluation,
            goal=world.plan.education_goal,
            realisation="deels",
            recorded_by=world.coordinator,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"page_size": 20})
    results = response.json()["results"]
    assert len(results) == 20 and all(r["goal_ratings"] for r in results)
    assert len(many) == len(few)


def test_a_check_the_route_lets_pass_is_passed_only_with_a_recorded_reason(world):
    from arrangeer.cases import services as case_services

    regie = access_case(Actor(world.coordinator), world.case.uuid)
    client = _api(world, "coordinator")
    client.post(
        _url(world, "school_plan"),
        {"kind": "opp", "evaluated_on": timezone.localdate().isoformat()},
        content_type=JSON,
    )
    for step in ("informeren-en-voorbereiden", "organiseren-breed-overleg"):
        if step == "organiseren-breed-overleg":
            from arrangeer.testing.meetings import plan_mdo

            # The MDO is convened with every partner; leerplicht leaves the team afterwards.
            plan_mdo(world.case, regisseur=world.coordinator)
            case_services.end_team_member(regie, world.members["leerplicht"], reason="")
        response = client.post(_url(world, "transitions"), {"to_step": step}, content_type=JSON)
        assert response.status_code == 201
    target = {"to_step": "ondersteuningsbehoefte-in-beeld"}
    refused = client.post(_url(world, "transitions"), target, content_type=JSON)
    assert refused.status_code == 409
    assert "override_reason" in refused.json()["errors"]
    reason = "Leerplicht sluit bij het volgende MDO aan"
    passed = client.post(
        _url(world, "transitions"), {**target, "override_reason": reason}, content_type=JSON
    )
    assert passed.status_code == 201
    assert passed.json()["overridden_guards"] == ["required_partners_on_team"]
    assert passed.json()["override_reason"] == reason
