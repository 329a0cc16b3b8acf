from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import consents as consent_services
from arrangeer.cases import services
from arrangeer.cases.access import Actor, access_case, visible_cases
from arrangeer.cases.constants import MemberBasis, MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import Child
from arrangeer.consents.constants import Evidence
from arrangeer.organisations.constants import Role
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.exports import file_pdf_through_the_queue
from arrangeer.testing.factories import OrganisationFactory, UserFactory
from arrangeer.testing.world import build_world, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _new_case_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Lieke",
        "last_name": "Smits",
        "date_of_birth": years_ago(8).isoformat(),
        "bsn": "",
        "group": "groep 4",
        "parent_first_name": "Tom",
        "parent_last_name": "Smits",
        "parent_relation": "vader",
        "parent_has_authority": "on",
    }
    data.update(overrides)
    return data


def test_the_coordinator_opens_a_case_for_a_pupil_and_becomes_its_regisseur(world, verified_client):
    client = verified_client(world.coordinator)
    membership = world.coordinator.memberships.get()
    response = client.post(reverse("cases:new"), _new_case_post(membership=membership.pk))
    assert response.status_code == 302
    case = Case.objects.get(child__last_name="Smits")
    assert case.regisseur == world.coordinator
    assert case.initiator == "school"
    assert case.child.school == world.school
    member = case.team.get()
    assert member.basis == MemberBasis.LEGAL_TASK_SCHOOL
    assert member.status == MemberStatus.ACTIVE
    assert AccessLogEntry.objects.filter(case_ref=case.uuid, event="create").exists()


def test_a_youth_team_worker_opens_a_case_for_a_signal_from_outside_school(world, verified_client):
    client = verified_client(world.youth_worker)
    membership = world.youth_worker.memberships.get()
    response = client.post(
        reverse("cases:new"), _new_case_post(membership=membership.pk, school=world.other_school.pk)
    )
    assert response.status_code == 302
    case = Case.objects.get(child__last_name="Smits")
    assert case.initiator == "jeugdteam"
    assert case.team.get().basis == MemberBasis.LEGAL_TASK_YOUTH_TEAM


def test_a_teacher_cannot_open_a_case(world, verified_client):
    assert verified_client(world.teacher).get(reverse("cases:new")).status_code == 404
    with pytest.raises(PermissionDenied):
        services.open_case(
            actor=Actor(world.teacher),
            membership=world.teacher.memberships.get(),
            child_fields={"first_name": "A", "last_name": "B", "date_of_birth": years_ago(7)},
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bsn", "123456789"),
        ("bsn", "12345"),
        ("date_of_birth", "2999-01-01"),
        ("date_of_birth", "1950-01-01"),
        ("first_name", ""),
        ("first_name", "Lie\u202eke"),
        ("last_name", "Smits\u200b"),
        ("parent_last_name", "\u2066Smits\u2069"),
    ],
)
def test_bad_input_on_a_new_case_gets_a_message_and_saves_nothing(
    world, verified_client, field, value
):
    client = verified_client(world.coordinator)
    children = Child.objects.count()
    data = _new_case_post(membership=world.coordinator.memberships.get().pk, **{field: value})
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'id="foutoverzicht"' in response.content.decode()
    assert Child.objects.count() == children
    # What was typed stays in the form.
    assert 'value="Lieke"' in response.content.decode() or field == "first_name"


def test_a_date_of_birth_out_of_range_is_refused_with_the_range_in_dutch(world, verified_client):
    client = verified_client(world.coordinator)
    data = _new_case_post(
        membership=world.coordinator.memberships.get().pk, date_of_birth="1950-01-01"
    )
    message = client.post(reverse("cases:new"), data).context["form"].errors["date_of_birth"][0]
    today = timezone.localdate()
    assert message.startswith("Geef een geboortedatum tussen ")
    assert today.strftime("%d-%m-%Y") in message and "jonger dan 27" in message


def test_a_name_with_a_direction_override_is_refused_with_a_dutch_message(world, verified_client):
    client = verified_client(world.coordinator)
    data = _new_case_post(
        membership=world.coordinator.memberships.get().pk, first_name="Da\u202ean"
    )
    message = client.post(reverse("cases:new"), data).context["form"].errors["first_name"][0]
    assert "onzichtbare tekens" in message and "U+202E" in message


def test_a_second_open_case_for_the_same_child_in_the_region_is_refused(world):
    child = world.case.child
    with pytest.raises(ValidationError) as error:
        services.open_case(
            actor=Actor(world.coordinator),
            membership=world.coordinator.memberships.get(),
            child_fields={
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth,
                "bsn": child.bsn,
            },
        )
    assert "already has an open case" in str(error.value) or "al een open" in str(error.value)
    assert Case.objects.filter(child=child, status="open").count() == 1


def test_a_bsn_registered_with_another_name_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.open_case(
            actor=Actor(world.coordinator),
            membership=world.coordinator.memberships.get(),
            child_fields={
                "first_name": "X",
                "last_name": "Anders",
                "date_of_birth": years_ago(5),
                "bsn": "111222333",
            },
        )
    assert "bsn" in error.value.message_dict


def _regie(world):
    return access_case(Actor(world.coordinator), world.case.uuid)


def test_a_consent_needs_an_organisation_and_a_category_and_saves_nothing_otherwise(world):
    before = world.case.consents.count()
    with pytest.raises(ValidationError) as error:
        consent_services.record_consent(
            _regie(world),
            organisation=None,
            categories=[],
            purpose="",
            given_by_representative=world.parent,
            given_by_child=True,
            valid_from=timezone.localdate(),
            valid_until=None,
            evidence=Evidence.MEETING,
        )
    assert {"organisation", "categories", "purpose"} <= set(error.value.message_dict)
    assert world.case.consents.count() == before


def _consent(world, org, *, representative, by_child):
    return consent_services.record_consent(
        _regie(world),
        organisation=org,
        categories=["gezondheid"],
        purpose="Plan",
        given_by_representative=representative,
        given_by_child=by_child,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence=Evidence.SIGNED_FORM,
    )


def test_from_12_to_16_the_child_and_a_parent_give_consent_together(world):
    # The world's child is 13.
    with pytest.raises(ValidationError):
        _consent(world, world.provider, representative=world.parent, by_child=False)
    with pytest.raises(ValidationError):
        _consent(world, world.provider, representative=None, by_child=True)
    assert _consent(world, world.provider, representative=world.parent, by_child=True).pk


def test_a_parent_without_parental_authority_cannot_give_consent(world):
    with pytest.raises(ValidationError) as error:
        _consent(
            world, world.provider, representative=world.parent_without_authority, by_child=True
        )
    assert "given_by_representative" in error.value.message_dict


def test_under_12_the_parents_decide(world):
    child = world.case.child
    child.date_of_birth = years_ago(10)
    child.save()
    with pytest.raises(ValidationError):
        _consent(world, world.provider, representative=world.parent, by_child=True)
    assert _consent(world, world.provider, representative=world.parent, by_child=False).pk


def test_a_17_year_olds_own_decision_overrides_the_parents(world, verified_client):
    child = world.case.child
    child.date_of_birth = years_ago(17)
    child.save()
    consent = world.case.consents.get(
        organisation=world.youth_team
    )  # given by parent + child at 13
    assert consent.needs_renewal(child.age_band())
    with pytest.raises(ValidationError):  # a parent cannot give consent for a 17-year-old
        _consent(world, world.provider, representative=world.parent, by_child=False)
    with pytest.raises(ValidationError):  # nor withdraw it
        consent_services.withdraw_consent(
            _regie(world), consent, by_representative=world.parent, by_child=False
        )
    client = verified_client(world.youth_worker)
    detail = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    assert client.get(detail).status_code == 200
    consent_services.withdraw_consent(_regie(world), consent, by_representative=None, by_child=True)
    assert client.get(detail).status_code == 404


def test_the_12th_birthday_flags_earlier_consents_for_renewal(world, verified_client):
    child = world.case.child
    child.date_of_birth = years_ago(11)
    child.save()
    consent = _consent(world, world.provider, representative=world.parent, by_child=False)
    child.date_of_birth = years_ago(12)
    child.save()
    consent.refresh_from_db()
    assert consent.needs_renewal(child.age_band())
    page = verified_client(world.coordinator).get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert world.provider.name in page.content.decode()


def test_withdrawing_consent_ends_access_at_once(world, verified_client):
    client = verified_client(world.swv_specialist)
    detail = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    assert client.get(detail).status_code == 200
    consent = world.case.consents.get(organisation=world.swv)
    consent_services.withdraw_consent(
        _regie(world), consent, by_representative=world.parent, by_child=False
    )
    assert client.get(detail).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None  # kept, not deleted


def test_leaving_the_team_ends_access_at_once(world, verified_client):
    client = verified_client(world.teacher)
    detail = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    member = world.members["teacher"]
    response = client.post(
        reverse("cases:member_end", kwargs={"case_id": world.case.uuid, "member_id": member.pk})
    )
    assert response.status_code == 302
    assert client.get(detail).status_code == 404


def test_closing_the_case_ends_everyones_access_but_the_regisseurs_reading(world, verified_client):
    client = verified_client(world.coordinator)
    detail = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    # The child moved: the case closes in any step of its route.
    response = client.post(
        reverse("cases:close", kwargs={"case_id": world.case.uuid}), {"reason": "moved"}
    )
    assert response.status_code == 302 and response["Location"] == detail
    assert client.get(detail).status_code == 200  # read-only, for the retention period
    assert not visible_cases(world.coordinator).exists()  # in no list
    assert not visible_cases(world.youth_worker).exists()
    assert verified_client(world.youth_worker).get(detail).status_code == 404


def test_closing_in_a_step_that_does_not_close_is_refused_with_the_closing_step(
    world, verified_client, english
):
    client = verified_client(world.coordinator)
    response = client.post(
        reverse("cases:close", kwargs={"case_id": world.case.uuid}), {"reason": "goals_reached"}
    )
    assert response.status_code == 200
    assert "Move it on along the route first" in response.content.decode()
    assert Case.objects.get(pk=world.case.pk).status == "open"


def test_closing_with_reason_other_needs_a_note(world, verified_client):
    client = verified_client(world.coordinator)
    response = client.post(
        reverse("cases:close", kwargs={"case_id": world.case.uuid}), {"reason": "other"}
    )
    assert response.status_code == 200
    assert Case.objects.get(pk=world.case.pk).status == "open"


def test_ending_a_membership_at_the_organisation_ends_access(world):
    membership = world.swv_specialist.memberships.get()
    membership.is_active = False
    membership.save()
    assert not visible_cases(world.swv_specialist).exists()


def test_a_proposed_member_gets_access_only_after_approval_with_consent(world, verified_client):
    member = world.members["care_worker_proposed"]
    client = verified_client(world.care_worker_proposed)
    detail = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    assert client.get(detail).status_code == 404
    with pytest.raises(ValidationError):  # no consent for the provider yet
        services.approve_team_member(
            _regie(world), member, approved_by_representative=world.parent, approved_by_child=True
        )
    _consent(world, world.provider, representative=world.parent, by_child=True)
    services.approve_team_member(
        _regie(world), member, approved_by_representative=world.parent, approved_by_child=True
    )
    assert client.get(detail).status_code == 200


def test_a_refusal_needs_the_parents_reason(world):
    with pytest.raises(ValidationError):
        services.refuse_team_member(_regie(world), world.members["care_worker_proposed"], note="")
    refused = services.refuse_team_member(
        _regie(world), world.members["care_worker_proposed"], note="Liever niet"
    )
    assert refused.status == MemberStatus.REFUSED


def test_school_staff_join_at_once_on_the_legal_task(world):
    member = services.propose_team_member(
        _regie(world), membership=world.school_colleague.memberships.get()
    )
    assert member.status == MemberStatus.ACTIVE
    assert member.basis == MemberBasis.LEGAL_TASK_SCHOOL


def test_the_regisseur_cannot_leave_the_team(world):
    own = TeamMember.objects.get(case=world.case, membership__user=world.coordinator)
    with pytest.raises(ValidationError):
        services.end_team_member(_regie(world), own, reason="")


def test_leerplicht_loses_access_when_the_absence_ends(world):
    assert visible_cases(world.leerplicht).filter(pk=world.case.pk).exists()
    services.update_flags(_regie(world), flags={"has_absence": False})
    assert not visible_cases(world.leerplicht).filter(pk=world.case.pk).exists()


def test_emergency_access_needs_a_written_reason(world):
    outsider = world.youth_worker_off_team
    with pytest.raises(ValidationError) as error:
        services.start_emergency_access(
            actor=Actor(outsider),
            membership=outsider.memberships.get(),
            reason="nood",
            bsn="111222333",
        )
    assert "reason" in error.value.message_dict
    assert not visible_cases(outsider).exists()


def test_emergency_access_lasts_24_hours_is_flagged_and_tells_regisseur_and_parents(
    world, verified_client
):
    mail.outbox.clear()
    outsider = world.youth_worker_off_team
    with mock.patch("django.db.transaction.on_commit", side_effect=lambda fn, **kw: fn()):
        services.start_emergency_access(
            actor=Actor(outsider),
            membership=outsider.memberships.get(),
            reason="Melding van acuut gevaar thuis, politie ter plaatse.",
            last_name="vermeer",
            date_of_birth=world.case.child.date_of_birth,
        )
    assert visible_cases(outsider).filter(pk=world.case.pk).exists()
    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    assert not visible_cases(outsider, at=later).exists()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert world.coordinator.email in recipients
    assert "eva@test.invalid" in recipients
    for message in mail.outbox:
        assert "Vermeer" not in message.body and "Sem" not in message.body
        assert "111222333" not in message.body
    page = verified_client(outsider).get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    assert (
        "noodtoegang" in page.content.decode().lower()
        or "emergency access" in page.content.decode().lower()
    )
    log = verified_client(world.coordinator).get(
        reverse("cases:access_log", kwargs={"case_id": world.case.uuid})
    )
    assert (
        "break_the_glass" in log.content.decode()
        or "arrangeer-row--warning" in log.content.decode()
    )


def test_an_unknown_child_gives_no_emergency_access_and_the_attempt_is_logged(world):
    outsider = world.youth_worker_off_team
    before = AccessLogEntry.objects.filter(outcome="denied").count()
    with pytest.raises(ValidationError):
        services.start_emergency_access(
            actor=Actor(outsider),
            membership=outsider.memberships.get(),
            reason="Melding van acuut gevaar thuis, politie ter plaatse.",
            bsn="123456782",
        )
    assert AccessLogEntry.objects.filter(outcome="denied").count() == before + 1


def test_viewing_writes_an_allowed_record_and_a_refusal_a_denied_one(world, verified_client):
    detail = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    verified_client(world.swv_specialist).get(detail)
    allowed = AccessLogEntry.objects.filter(
        case_ref=world.case.uuid, user_id=world.swv_specialist.pk
    ).latest("seq")
    assert (allowed.event, allowed.outcome, allowed.basis) == ("view", "allowed", "consent")
    assert allowed.consent_id is not None
    assert allowed.child_pseudonym == world.case.child.pseudonym
    assert allowed.organisation_name == world.swv.name
    verified_client(world.policy_officer).get(detail)
    denied = AccessLogEntry.objects.filter(user_id=world.policy_officer.pk).latest("seq")
    assert (denied.event, denied.outcome) == ("view", "denied")
    assert denied.child_pseudonym == world.case.child.pseudonym
    # A refusal names the role and organisation too (docs/privacy.md: on every record).
    assert (denied.role, denied.organisation_name) == (Role.POLICY_OFFICER, world.municipality.name)
    assert denied.organisation_id == world.municipality.pk


def _latest_denied(user) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(user_id=user.pk, outcome="denied").latest("seq")


def test_a_refusal_of_someone_with_several_roles_names_their_place_on_the_team(
    world, verified_client
):
    """The care worker whose consent was withdrawn also advises at the municipality: the
    refusal names the role with the (ended) place on this case's team, not the other."""
    user = world.care_worker_withdrawn
    grant_membership(user=user, organisation=world.municipality, role=Role.POLICY_OFFICER)
    verified_client(user).get(reverse("cases:team", kwargs={"case_id": world.case.uuid}))
    denied = _latest_denied(user)
    assert (denied.role, denied.organisation_name) == (Role.CARE_WORKER, world.other_provider.name)


def test_a_refusal_without_a_place_on_the_team_names_the_casework_role(world, verified_client):
    user = UserFactory(username="twee_petten")
    grant_membership(user=user, organisation=world.municipality, role=Role.POLICY_OFFICER)
    grant_membership(user=user, organisation=world.youth_team, role=Role.YOUTH_WORKER)
    verified_client(user).get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
    denied = _latest_denied(user)
    assert (denied.role, denied.organisation_name) == (Role.YOUTH_WORKER, world.youth_team.name)


def test_a_refused_regisseur_action_names_the_role_it_was_tried_in(world, verified_client):
    verified_client(world.teacher).get(
        reverse("cases:access_log", kwargs={"case_id": world.case.uuid})
    )
    denied = _latest_denied(world.teacher)
    assert (denied.role, denied.organisation_name) == (Role.TEACHER, world.school.name)


def test_a_refused_family_account_is_logged_with_its_kind_of_account(world, verified_client):
    verified_client(world.users["child_17"]).get(
        reverse("portal:home", kwargs={"case_id": world.case.uuid})
    )
    denied = _latest_denied(world.users["child_17"])
    assert (denied.role, denied.organisation_name, denied.organisation_id) == ("youth", "", None)


def test_no_log_no_page(world, verified_client):
    client = verified_client(world.coordinator)
    client.raise_request_exception = False
    with mock.patch(
        "arrangeer.cases.access.records.write_access_records", side_effect=RuntimeError("disk full")
    ):
        response = client.get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
    assert response.status_code == 500
    assert b"Vermeer" not in response.content


def test_the_regisseur_sees_who_looked_and_reading_it_is_logged(world, verified_client):
    verified_client(world.swv_specialist).get(
        reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    )
    client = verified_client(world.coordinator)
    page = client.get(reverse("cases:access_log", kwargs={"case_id": world.case.uuid}))
    assert page.status_code == 200
    assert world.swv.name in page.content.decode()
    assert AccessLogEntry.objects.filter(
        object_type="access_log", user_id=world.coordinator.pk
    ).exists()
    filtered = client.get(
        reverse("cases:access_log", kwargs={"case_id": world.case.uuid}),
        {"since": "2001-01-01", "until": "2001-01-02"},
    )
    assert world.swv.name not in filtered.content.decode().split("<tbody>")[1]


def test_the_change_history_shows_who_changed_what(world, verified_client):
    client = verified_client(world.coordinator)
    client.post(
        reverse("cases:flags", kwargs={"case_id": world.case.uuid}),
        {"is_thuiszitter": "on", "has_absence": "on"},
    )
    page = client.get(reverse("cases:history", kwargs={"case_id": world.case.uuid}))
    assert page.status_code == 200
    changes = page.context["changes"]
    assert any("thuiszitter" in " ".join(c.fields).lower() for c in changes)


def test_the_whole_file_exports_as_json_and_pdf_and_the_export_is_logged(
    world, verified_client, django_capture_on_commit_callbacks
):
    client = verified_client(world.coordinator)
    data = client.get(reverse("cases:export_json", kwargs={"case_id": world.case.uuid})).json()
    parts = {part["key"]: part["records"] for part in data["parts"]}
    child = parts["child"][0]["fields"]
    assert child["Naam"] == "Sem Vermeer"
    assert child["BSN"] == "111222333"  # the coordinator needs it
    assert "Adres" not in child  # family data: no consent for the school
    assert {m["fields"]["Organisatie"] for m in parts["team"]} >= {world.swv.name}
    pdf = file_pdf_through_the_queue(client, world.case.uuid, django_capture_on_commit_callbacks)
    assert pdf.startswith(b"%PDF")
    # The JSON, the PDF's build (in the task queue) and its download.
    logged = AccessLogEntry.objects.filter(case_ref=world.case.uuid, event="export")
    assert sorted(logged.values_list("object_type", flat=True)) == ["file", "file", "file_export"]


def test_the_dossier_page_has_a_constant_query_count(
    world, verified_client, django_assert_max_num_queries
):
    client = verified_client(world.coordinator)
    url = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(6):
        org = OrganisationFactory(region=world.region, provider=True, name=f"Extra {i}")
        user = UserFactory()
        membership = grant_membership(user=user, organisation=org, role=Role.CARE_WORKER)
        _consent(world, org, representative=world.parent, by_child=True)
        services.propose_team_member(_regie(world), membership=membership)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_the_case_list_has_a_constant_query_count(
    world, verified_client, django_assert_max_num_queries
):
    client = verified_client(world.coordinator)
    client.get(reverse("cases:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:list"))
    membership = world.coordinator.memberships.get()
    for i in range(8):
        services.open_case(
            actor=Actor(world.coordinator),
            membership=membership,
            child_fields={
                "first_name": f"Kind{i}",
                "last_name": "Lijst",
                "date_of_birth": years_ago(6),
            },
        )
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cases:list"))
    assert response.content.decode().count("Lijst") == 8


def test_the_access_check_adds_a_constant_number_of_queries(world, django_assert_max_num_queries):
    # The whole check: the case, the team places, the consents, emergency access (4 reads),
    # then the log record (savepoint, lock the chain head, insert, update the head, release).
    with django_assert_max_num_queries(9):
        access_case(Actor(world.swv_specialist), world.case.uuid)


def test_a_superuser_gets_no_bypass(world):
    assert not visible_cases(world.superuser).exists()
    assert Client().get("/beheer/children/").status_code in (302, 404)
