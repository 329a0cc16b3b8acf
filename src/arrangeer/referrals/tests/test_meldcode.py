"""The Meldcode's five steps and Verwijsindex signals: dated activities with who did them, read
only by professionals with the safety category; the rest of the team reads only that a
Meldcode trajectory runs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import consents as consent_services
from arrangeer.cases.access import Actor, access_case
from arrangeer.consents.constants import Evidence
from arrangeer.referrals import services
from arrangeer.referrals.constants import MeldcodeDecision, MeldcodeStepKind
from arrangeer.referrals.models import MeldcodeStep, VerwijsindexSignal
from arrangeer.vocabulary import DataCategory

pytestmark = pytest.mark.django_db

NOTE = "Blauwe plekken op de armen gezien bij de gymles"


@pytest.fixture
def safety_world(world):
    """The parents consented that the youth team also reads safety data."""
    regie = access_case(Actor(world.coordinator), world.case.uuid)
    consent_services.record_consent(
        regie,
        organisation=world.youth_team,
        categories=[DataCategory.YOUTH_CARE, DataCategory.FAMILY, DataCategory.SAFETY],
        purpose="Veiligheid bespreken",
        given_by_representative=world.parent,
        given_by_child=True,
        valid_from=timezone.localdate(),
        valid_until=None,
        evidence=Evidence.SIGNED_FORM,
    )
    return world


def _youth(world):
    return access_case(Actor(world.youth_worker), world.case.uuid)


def test_steps_and_signals_are_dated_with_who_did_them_and_logged_as_safety(safety_world):
    world = safety_world
    today = timezone.localdate()
    step = services.record_meldcode_step(
        _youth(world), step=MeldcodeStepKind.MAP, done_on=today, note=NOTE
    )
    assert (step.by, step.by_organisation, step.done_on) == (
        world.youth_worker,
        world.youth_team.name,
        today,
    )
    signal = services.record_verwijsindex_signal(
        _youth(world), given_on=today, match_with="Basisschool De Test"
    )
    assert signal.by == world.youth_worker
    logged = AccessLogEntry.objects.filter(
        object_id__in=[str(step.uuid), str(signal.uuid)], event="create"
    )
    assert sorted(logged.values_list("data_category", flat=True)) == ["veiligheid"] * 2


def test_step_five_needs_its_decision_and_others_none(safety_world):
    world = safety_world
    today = timezone.localdate()
    with pytest.raises(ValidationError) as missing:
        services.record_meldcode_step(_youth(world), step=MeldcodeStepKind.DECIDE, done_on=today)
    assert "decision" in missing.value.message_dict
    with pytest.raises(ValidationError):
        services.record_meldcode_step(
            _youth(world),
            step=MeldcodeStepKind.TALK,
            done_on=today,
            decision=MeldcodeDecision.REPORT,
        )
    with pytest.raises(ValidationError):
        services.record_meldcode_step(
            _youth(world), step=MeldcodeStepKind.MAP, done_on=today + dt.timedelta(days=1)
        )
    assert not MeldcodeStep.objects.exists()


def test_without_the_safety_category_nobody_records(world):
    with pytest.raises(PermissionDenied):
        services.record_meldcode_step(
            access_case(Actor(world.coordinator), world.case.uuid),
            step=MeldcodeStepKind.MAP,
            done_on=timezone.localdate(),
        )
    # Emergency access reads everything, and writes nothing.
    with pytest.raises(PermissionDenied):
        services.record_verwijsindex_signal(
            access_case(Actor(world.emergency_worker), world.case.uuid),
            given_on=timezone.localdate(),
        )
    assert not MeldcodeStep.objects.exists() and not VerwijsindexSignal.objects.exists()


def test_only_safety_readers_see_the_content_the_team_sees_that_it_runs(
    safety_world, verified_client
):
    world = safety_world
    services.record_meldcode_step(
        _youth(world), step=MeldcodeStepKind.MAP, done_on=timezone.localdate(), note=NOTE
    )
    services.record_verwijsindex_signal(
        _youth(world), given_on=timezone.localdate(), match_with="GGD Teststad"
    )
    dossier = reverse("cases:detail", kwargs={"case_id": world.case.uuid})
    overview = reverse("meldcode:overview", kwargs={"case_id": world.case.uuid})

    youth = verified_client(world.youth_worker)
    page = youth.get(overview).content.decode()
    assert NOTE in page and "GGD Teststad" in page
    assert 'data-testid="meldcode-section"' in youth.get(dossier).content.decode()

    for name in ("coordinator", "teacher", "swv_specialist", "leerplicht"):
        client = verified_client(world.users[name])
        body = client.get(dossier).content.decode()
        assert 'data-testid="meldcode-runs"' in body, name
        assert NOTE not in body and "GGD Teststad" not in body, name
        assert client.get(overview).status_code == 404, name


def test_after_step_five_the_others_see_nothing(safety_world, verified_client):
    world = safety_world
    services.record_meldcode_step(
        _youth(world),
        step=MeldcodeStepKind.DECIDE,
        done_on=timezone.localdate(),
        decision=MeldcodeDecision.ORGANISE_HELP,
    )
    body = (
        verified_client(world.coordinator)
        .get(reverse("cases:detail", kwargs={"case_id": world.case.uuid}))
        .content.decode()
    )
    assert "meldcode" not in body.lower()


def test_recording_a_step_on_the_page(safety_world, verified_client, english):
    world = safety_world
    client = verified_client(world.youth_worker)
    url = reverse("meldcode:step_new", kwargs={"case_id": world.case.uuid})
    refused = client.post(url, {"step": MeldcodeStepKind.DECIDE, "done_on": "2026-01-05"})
    assert refused.status_code == 200
    assert 'id="foutoverzicht"' in refused.content.decode()
    assert "Choose the decision of step 5." in refused.content.decode()
    done = client.post(
        url,
        {
            "step": MeldcodeStepKind.CONSULT,
            "done_on": timezone.localdate().isoformat(),
            "note": "Veilig Thuis gebeld voor advies",
        },
    )
    assert done.status_code == 302
    assert MeldcodeStep.objects.get().step == MeldcodeStepKind.CONSULT
