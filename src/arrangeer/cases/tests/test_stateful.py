"""Hypothesis stateful test of the access rules.

Random sequences of: record and withdraw consent, propose/approve/leave the team, birthdays
(the child grows older, so who gives consent changes), absence on and off (leerplicht's legal
task), close and reopen. After every step, for every professional: what the list shows =
what search shows = whether the dossier opens = what an independent model of the policy says,
and the categories the dossier grants equal the model's.
"""

from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from arrangeer.cases import consents as consent_services
from arrangeer.cases import services
from arrangeer.cases.access import Actor, access_case
from arrangeer.cases.constants import MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import years_ago
from arrangeer.vocabulary import AgeBand

# `make test`: 10 sequences of 10 steps (each checked state asks the list, the search and the
# dossier for five people); `make fuzz` sets ARRANGEER_FUZZ_SEQUENCES (1,000).
MAX_EXAMPLES = int(os.environ.get("ARRANGEER_FUZZ_SEQUENCES", "10"))
STEPS = int(os.environ.get("ARRANGEER_FUZZ_STEPS", "10"))
RUNS = {"sequences": 0, "steps": 0}

# user → (organisation key, role); the model's view of who is who.
PEOPLE = {
    "coordinator": ("school", Role.COORDINATOR),
    "teacher": ("school", Role.TEACHER),
    "youth_worker": ("youth_team", Role.YOUTH_WORKER),
    "care_worker": ("provider", Role.CARE_WORKER),
    "leerplicht": ("leerplicht", Role.LEERPLICHT_OFFICER),
}
CONSENT_ORGS = ["youth_team", "provider", "school"]
CONSENT_CATEGORIES = {
    "youth_team": ["jeugdhulp", "gezin"],
    "provider": ["jeugdhulp"],
    "school": ["gezin"],
}
LEGAL = {"coordinator": {"onderwijs"}, "teacher": {"onderwijs"}, "leerplicht": {"onderwijs"}}


class AccessMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        RUNS["sequences"] += 1

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @initialize()
    def build(self) -> None:
        region = Region.objects.create(name="Stateful", slug="stateful")
        self.orgs = {
            "school": Organisation.objects.create(
                region=region, name="School", type=OrganisationType.SCHOOL, sector=SchoolSector.PO
            ),
            "youth_team": Organisation.objects.create(
                region=region, name="JT", type=OrganisationType.YOUTH_TEAM
            ),
            "provider": Organisation.objects.create(
                region=region, name="Zorg", type=OrganisationType.CARE_PROVIDER
            ),
            "leerplicht": Organisation.objects.create(
                region=region, name="LP", type=OrganisationType.LEERPLICHT
            ),
        }
        self.users = {}
        self.memberships = {}
        for name, (org, role) in PEOPLE.items():
            user = UserFactory(username=f"sm_{name}")
            self.users[name] = user
            self.memberships[name] = grant_membership(
                user=user, organisation=self.orgs[org], role=role
            )
        self.case = services.open_case(
            actor=Actor(self.users["coordinator"]),
            membership=self.memberships["coordinator"],
            child_fields={
                "first_name": "Noa",
                "last_name": "Willems",
                "date_of_birth": years_ago(11, days=100),
            },
            representatives=[
                {
                    "first_name": "Ans",
                    "last_name": "Willems",
                    "relation": "moeder",
                    "has_authority": True,
                }
            ],
        )
        self.parent = self.case.child.representatives.get()
        self.clients = {name: login_verified(Client(), user) for name, user in self.users.items()}
        # The model.
        self.open = True
        self.absence = False
        self.status = dict.fromkeys(PEOPLE, "none")
        self.status["coordinator"] = "active"
        self.consents: dict[str, int] = dict.fromkeys(CONSENT_ORGS, 0)  # active consents per org

    # --- helpers -------------------------------------------------------------------------
    def _regie(self):
        return access_case(Actor(self.users["coordinator"]), self.case.uuid)

    def _band(self) -> str:
        return self.case.child.age_band()

    def _givers(self) -> tuple[object, bool]:
        band = self._band()
        if band == AgeBand.UNDER_12:
            return self.parent, False
        if band == AgeBand.FROM_12:
            return self.parent, True
        return None, True

    # --- rules ---------------------------------------------------------------------------
    @rule(org=st.sampled_from(CONSENT_ORGS))
    def grant_consent(self, org: str) -> None:
        if not self.open:
            return
        representative, by_child = self._givers()
        consent_services.record_consent(
            self._regie(),
            organisation=self.orgs[org],
            categories=CONSENT_CATEGORIES[org],
            purpose="Plan",
            given_by_representative=representative,
            given_by_child=by_child,
            valid_from=timezone.localdate(),
            valid_until=None,
            evidence=Evidence.MEETING,
        )
        self.consents[org] += 1

    @rule(org=st.sampled_from(CONSENT_ORGS))
    def withdraw_consent(self, org: str) -> None:
        if not self.open:
            return
        consent = self.case.consents.active().filter(organisation=self.orgs[org]).first()
        if consent is None:
            return
        band = self._band()
        by_child = band == AgeBand.FROM_16
        consent_services.withdraw_consent(
            self._regie(),
            consent,
            by_representative=None if by_child else self.parent,
            by_child=by_child,
        )
        self.consents[org] -= 1

    @rule(name=st.sampled_from(["teacher", "youth_worker", "care_worker", "leerplicht"]))
    def join_team(self, name: str) -> None:
        if not self.open:
            return
        regie = self._regie()
        if self.status[name] == "none":
            member = services.propose_team_member(regie, membership=self.memberships[name])
            self.status[name] = "active" if member.status == MemberStatus.ACTIVE else "proposed"
        elif self.status[name] == "proposed":
            org = PEOPLE[name][0]
            member = TeamMember.objects.get(
                case=self.case, membership=self.memberships[name], status="proposed"
            )
            representative, by_child = self._givers()
            if self.consents.get(org, 0) > 0:
                services.approve_team_member(
                    regie,
                    member,
                    approved_by_representative=representative,
                    approved_by_child=by_child,
                )
                self.status[name] = "active"
            else:
                with pytest.raises(ValidationError):
                    services.approve_team_member(
                        regie,
                        member,
                        approved_by_representative=representative,
                        approved_by_child=by_child,
                    )

    @rule(name=st.sampled_from(["teacher", "youth_worker", "care_worker", "leerplicht"]))
    def leave_team(self, name: str) -> None:
        if not self.open or self.status[name] == "none":
            return
        member = TeamMember.objects.get(
            case=self.case, membership=self.memberships[name], status__in=["proposed", "active"]
        )
        services.end_team_member(self._regie(), member, reason="klaar")
        self.status[name] = "none"

    @rule()
    def birthday(self) -> None:
        child = self.case.child
        child.date_of_birth = child.date_of_birth - dt.timedelta(days=366)
        child.save(update_fields=["date_of_birth"])

    @rule()
    def toggle_absence(self) -> None:
        if not self.open:
            return
        self.absence = not self.absence
        services.update_flags(self._regie(), flags={"has_absence": self.absence})

    @rule()
    def close(self) -> None:
        if not self.open:
            return
        services.close_case(self._regie(), reason="moved")
        self.open = False

    @rule()
    def reopen(self) -> None:
        if self.open:
            return
        services.reopen_case(
            Case.objects.get(pk=self.case.pk),
            actor=Actor(self.users["coordinator"]),
            reason="Opnieuw zorgen",
        )
        self.open = True

    # --- the policy model and the invariant --------------------------------------------
    def expected_categories(self, name: str) -> set[str] | None:
        """None: the case is invisible to this person. A closed case stays readable (not
        listed) for its last regisseur during its retention period."""
        if self.status[name] != "active" or (not self.open and name != "coordinator"):
            return None
        org = PEOPLE[name][0]
        categories: set[str] = set()
        legal = name in ("coordinator", "teacher") or (name == "leerplicht" and self.absence)
        if legal:
            categories |= LEGAL[name]
        if self.consents.get(org, 0) > 0:
            categories |= set(CONSENT_CATEGORIES[org])
        if not legal and not self.consents.get(org, 0):
            return None
        return categories

    @invariant()
    def lists_search_detail_and_policy_agree(self) -> None:
        if not hasattr(self, "case"):
            return
        RUNS["steps"] += 1
        case_id = str(self.case.uuid)
        detail_url = reverse("cases:detail", kwargs={"case_id": self.case.uuid})
        for name, client in self.clients.items():
            expected = self.expected_categories(name)
            listed = case_id in client.get(reverse("cases:list")).content.decode()
            found = case_id in client.get(reverse("cases:list"), {"q": "Willems"}).content.decode()
            detail = client.get(detail_url)
            opened = detail.status_code == 200
            assert detail.status_code in (200, 404)
            assert listed == found == (expected is not None and self.open), (
                name,
                listed,
                found,
                expected,
            )
            assert opened == (expected is not None), (name, opened, expected)
            if expected is not None:
                body = detail.content.decode()
                for category in ("onderwijs", "jeugdhulp", "gezin"):
                    allowed = "yes" if category in expected else "no"
                    assert f'data-category="{category}" data-allowed="{allowed}"' in body, (
                        name,
                        category,
                    )


# Once per `make test`, in the PostgreSQL pass: the production database (testing/passes.py).
pytestmark = pytest.mark.one_pass("postgres")


@pytest.mark.django_db
def test_access_rules_hold_under_random_sequences(record_property):
    run_state_machine_as_test(
        AccessMachine,
        settings=settings(
            max_examples=MAX_EXAMPLES,
            stateful_step_count=STEPS,
            # A failure prints its steps and a @reproduce_failure blob to run it again.
            print_blob=True,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
    record_property(
        "count: stateful access test",
        f"{RUNS['sequences']} sequences, {RUNS['steps']} checked states",
    )
    assert RUNS["sequences"] >= MAX_EXAMPLES
