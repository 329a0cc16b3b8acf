"""Schemathesis against our own OpenAPI schema, per persona, with a bounded number of examples:
no server errors and no response that breaks the schema.

`make test` runs a few examples per operation; `make fuzz` sets ARRANGEER_FUZZ_CASES for
10,000+ cases per persona. Every failure is reported with the request that reproduces it (a
curl command), after all operations ran."""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from arrangeer.api import services
from arrangeer.testing.escalations import matrix_escalation
from arrangeer.testing.meetings import plan_mdo
from arrangeer.testing.world import build_world

# 96 operations, up to 4 examples each, 4 personas (operations with few distinct inputs end
# early). `make fuzz` asks for ARRANGEER_FUZZ_CASES per persona and spreads them over the
# operations.
EXAMPLES_PER_OPERATION = 4
CASES_PER_PERSONA = int(os.environ.get("ARRANGEER_FUZZ_CASES", "0"))
PERSONAS = ["coordinator", "teacher", "youth_worker_off_team", "policy_officer"]
RAN = {"cases": 0, "operations": 0}

# One process runs every persona in turn (conftest.ONE_PROCESS_MODULES): counts are cumulative.
# Once per `make test`, in the PostgreSQL pass: the production database (testing/passes.py).
pytestmark = [pytest.mark.django_db, pytest.mark.one_pass("postgres")]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes database connections at the end of each request (as in
    production); the test's transaction lives on one connection, so keep it open, as Django's
    own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_answers_every_generated_request_without_errors(persona, record_property):
    world = build_world(with_plan=True)
    user = world.users[persona]
    _record, token = services.create_token(
        user=user, membership=user.memberships.first(), name="schemathesis", days=1
    )
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "nl"}
    case_id = str(world.case.uuid)
    plan = world.plan
    assert plan is not None
    items = {
        "life-domains": str(plan.domain_education.uuid),
        "network": str(plan.person.uuid),
        "support-needs": str(plan.needs[0].uuid),
        "goals": str(plan.education_goal.uuid),
        "modules": str(plan.education_module.uuid),
    }
    meeting = plan_mdo(world.case, regisseur=world.coordinator, approve=False)
    meeting_id = str(meeting.uuid)
    agenda_item = meeting.agenda.order_by("position").values_list("pk", flat=True).first()
    invitee_id = str(meeting.invitees.get(kind="professional").uuid)
    # An escalation at the level where the policy officer sits (the school and the
    # municipality disagree): the team and the policy officer reach it.
    escalation_id = str(matrix_escalation(world).uuid)
    failures: list[str] = []
    reproduction: dict[str, str] = {}  # operation → the request of its latest failure
    cases_before = RAN["cases"]
    operations = len(list(schema.get_all_operations()))
    # Some operations have few distinct inputs and end early: ask each for 30% more.
    examples = max(EXAMPLES_PER_OPERATION, -(-CASES_PER_PERSONA * 13 // (operations * 10)))
    for result in schema.get_all_operations():
        operation = result.ok()
        RAN["operations"] += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            # Half the time aim at the real case, so the checks get past the 404.
            if case.path_parameters and "case_id" in case.path_parameters and RAN["cases"] % 2 == 0:
                case.path_parameters["case_id"] = case_id
                # ... and at a real meeting, its agenda item and invitee.
                if "meeting_id" in case.path_parameters:
                    case.path_parameters["meeting_id"] = meeting_id
                    if "item_id" in case.path_parameters:
                        case.path_parameters["item_id"] = agenda_item
                    if "invitee_id" in case.path_parameters:
                        case.path_parameters["invitee_id"] = invitee_id
                # ... and at a real item or version of its plan.
                elif "item_id" in case.path_parameters:
                    segment = case.operation.path.split("/plan/")[1].split("/")[0]
                    case.path_parameters["item_id"] = items[segment]
                if "number" in case.path_parameters:
                    case.path_parameters["number"] = 1
                if "escalation_id" in case.path_parameters:
                    case.path_parameters["escalation_id"] = escalation_id
                if "code" in case.path_parameters:
                    case.path_parameters["code"] = "chairs_mdo"
            RAN["cases"] += 1
            with transaction.atomic():
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            try:
                case.validate_response(
                    response, checks=[not_a_server_error, response_schema_conformance]
                )
            except Exception:
                reproduction[case.operation.label] = case.as_curl_command(headers=headers)
                raise

        try:
            run()
        except Exception as error:  # Hypothesis re-raises the shrunk failure
            failures.append(
                f"{operation.label} as {persona}: {error}\n"
                f"  reproduce: {reproduction.get(operation.label, '(see above)')}"
            )
    ran = RAN["cases"] - cases_before
    record_property(
        f"count: schemathesis as {persona}",
        f"{ran} cases over {operations} operations (up to {examples} examples each), "
        f"{len(failures)} failing",
    )
    assert not failures, f"{len(failures)} failing operations:\n\n" + "\n\n".join(failures)
    assert ran >= CASES_PER_PERSONA, f"only {ran} cases for {persona}"
