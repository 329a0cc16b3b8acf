"""The whole-file export (AVG right of access): complete, readable, and cut to what the
person asking may see — through the real endpoints, for the regisseur and for a parent in
the portal, on one fully populated case."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.cases import regie
from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, access_case, access_family_case
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.consents.models import ParentSharing
from arrangeer.meetings import services as meeting_services
from arrangeer.meetings.constants import Attendance
from arrangeer.plans import services as plan_services
from arrangeer.portal import gifts
from arrangeer.portal import services as portal_services
from arrangeer.referrals import services as referral_services
from arrangeer.referrals.models import EnrolmentCheck, Exemption
from arrangeer.testing.auth import login_verified
from arrangeer.testing.escalations import matrix_escalation
from arrangeer.testing.exports import file_pdf_through_the_queue
from arrangeer.testing.groups import matrix_group
from arrangeer.testing.loket import matrix_loket
from arrangeer.testing.meetings import meeting_started, plan_mdo
from arrangeer.testing.pdf import pdf_info, pdf_text
from arrangeer.testing.plans import module_fields
from arrangeer.testing.quality import matrix_concerns
from arrangeer.testing.referrals import matrix_referral
from arrangeer.testing.transitions import export_transition
from arrangeer.testing.world import World, build_world

# Models that hold data of a child (a foreign key path to the case or the child) and have no
# part of their own in the export, each with the reason.
NOT_EXPORTED_ON_THEIR_OWN = {
    # The link between a module and the goals it serves: printed on the module ("Doelen").
    "plans.module_goals",
    # The partners in disagreement of an escalation: printed on the escalation ("Partners").
    "escalations.escalation_parties",
    # Which reminder mail went to which professional, to send each once: bookkeeping about
    # the professional's mailbox, nothing about the child beyond the link to the case.
    "routes.remindersent",
    # The Meldcode's steps and the Verwijsindex signals (issue 19): not in any download. The
    # regisseur reads them only with the safety category, and the family's download must not run
    # ahead of the Meldcode's own conversation with the family (step 3); the right of access is
    # limited there to protect the child (UAVG art. 41). Who reads safety data sees them on the
    # case's Meldcode page.
    "referrals.meldcodestep",
    "referrals.verwijsindexsignal",
    # The regional monitor's fact tables (docs/monitor.md): dates and rounds derived from the
    # meetings, plan versions, modules and evaluations the export holds, kept only to count
    # aggregates; nothing in them that is not in those records.
    "monitor.milestones",
    "monitor.evaluationround",
    # The same for the dimensions of a case and of a rating (the child's school, municipality,
    # sector, date of birth, flags): copies of the case, child and rating the export holds.
    "monitor.casefact",
    "monitor.ratingfact",
    # The ratings folded per case, year, round and side, and a module's dimensions and weekly
    # amount at the region's tariff: copies of the evaluations and modules the export holds.
    "monitor.ratingtally",
    "monitor.modulefact",
    # The funding rules a case's plan met or missed in a school year (a gap, an overlap): judged
    # from the plan's modules, goals and decisions the export holds; counted, never shown.
    "monitor.signalfact",
    # The regional outcomes' and the Loket's facts (monitor.models_region): a TLV's dates and
    # its provider's sector, a vrijstelling's ground and period, where the child went after
    # the arrangement and the check a year later, a consult's urgency and dates, a Meldcode
    # step's kind, day and decision, a Verwijsindex signal's day and whether it matched, a
    # match's day and source, each with the case's dimensions: copies of the modules,
    # vrijstellingen, case, check, consults, steps, signals and registrations that hold them
    # (in the export, or out of it with their reason above), kept only to count aggregates.
    "monitor.tlvfact",
    "monitor.exemptionfact",
    "monitor.outcomefact",
    "monitor.consultfact",
    "monitor.meldcodefact",
    "monitor.verwijsindexfact",
    "monitor.matchfact",
    # A move to another region: on the route's timeline, which the export holds ("Verhuisd
    # naar een andere regio", from which region to which, when and by whom).
    "cases.regionmove",
    # Who asked for the PDF of the whole file, when, and the file for 24 hours: the export
    # itself (the access log, which the export holds, records each build and download).
    "cases.fileexport",
}


def _child_data_models() -> set[str]:
    """Every model with a foreign key path to a case or a child, and the history tables of
    such models (django-simple-history links them by id, not by a foreign key)."""
    found: set[type[models.Model]] = {Case, Child}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models(include_auto_created=True):
            if model in found:
                continue
            linked = getattr(model, "instance_type", None) in found or any(
                field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model in found
                for field in model._meta.get_fields()
            )
            if linked:
                found.add(model)
                grew = True
    return {model._meta.label_lower for model in found}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The personas' case with everything a case can hold: a plan (adopted, evaluated, being
    adjusted), an MDO with preparations, minutes, a decision and an agreement, the child's
    view, the logbook, a questionnaire answer, an invitation, what the young person shares,
    a proposed transfer of the regie and an emergency access."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world(with_plan=True)
        assert built.plan is not None
        case, users = built.case, built.users
        regie_access = access_case(Actor(users["coordinator"]), case.uuid)
        parent = access_family_case(Actor(users["parent"]), case.uuid)
        child = access_family_case(Actor(users["child_13"]), case.uuid)

        # The regisseur ticks a task of their checklist by hand.
        case_services.tick_checklist_item(regie_access, item="chairs_mdo", done=True)
        # A TLV requested in the plan and granted: the SWV records the decision.
        tlv = plan_services.add_item(
            regie_access,
            kind="module",
            fields=module_fields(
                [built.plan.education_goal],
                built.swv,
                title="Plaatsing SO",
                funding_framework="wpo_swv",
                instrument="tlv",
                decision_status="aangevraagd",
                requested_on=timezone.localdate() - dt.timedelta(days=30),
                intensity=Decimal(20),
            ),
        )
        plan_services.record_decision(
            access_case(Actor(users["swv_specialist"]), case.uuid),
            tlv,
            expected_version=tlv.lock_version,
            decision_status="toegekend",
            reference_number="TLV-2026-042",
            decided_on=timezone.localdate(),
        )

        meeting = plan_mdo(case, regisseur=users["coordinator"])
        meeting_services.add_preparation(
            regie_access,
            meeting,
            category="onderwijs",
            goes_well="Voorbereiding van de school: lezen met een maatje",
        )
        meeting_services.add_preparation(
            parent, meeting, category=meeting.category, text="Thuis lezen we elke avond samen"
        )
        meeting_services.send_invitations(regie_access, meeting)
        meeting_started(meeting)
        meeting_services.record_meeting(
            regie_access,
            meeting,
            attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
            minutes={item.pk: "Leesplan besproken." for item in meeting.agenda.all()},
        )
        meeting_services.add_decision(
            regie_access,
            meeting,
            text="Besluit: extra leestijd op school",
            goal=built.plan.education_goal,
        )
        meeting_services.add_action(
            regie_access,
            meeting,
            what="Leesmaatje regelen",
            owner=meeting.chair,
            due=timezone.localdate() + dt.timedelta(days=14),
        )
        meeting_services.approve_minutes(regie_access, meeting)

        portal_services.record_child_view(
            child, part="school", feeling="goed", text="Ik vind lezen leuker nu"
        )
        gifts.write_logbook(parent, text="Daan sliep deze week beter")
        portal_services.answer_questionnaire(
            parent, usefulness=4, heard=5, overall=8, remark="Fijn dat we gehoord worden"
        )
        portal_services.invite(
            regie_access,
            representative=built.parent_without_authority,
            for_child=False,
            email="rob@test.invalid",
            base_url="http://testserver",
        )
        # From 16 the young person chooses what the parents see; the world's child is 13, so
        # the record is made here as the service would make it.
        ParentSharing.objects.create(
            case=case, categories=["onderwijs"], recorded_by=users["child_13"]
        )
        # A vrijstelling as the leerplichtambtenaar records it (referrals.exemptions; the
        # world's team has no leerplicht place).
        Exemption.objects.create(
            case=case,
            by=users["coordinator"],
            by_organisation="Leerplicht Testregio",
            recorded_at=timezone.now(),
            ground="5a",
            starts_on=timezone.localdate(),
        )
        # Leerplicht's check of the school success a year after closing (referrals.enrolment;
        # the world's case is open, so the row is made here as the service would make it).
        EnrolmentCheck.objects.create(
            case=case,
            by=users["coordinator"],
            by_organisation="Leerplicht Testregio",
            recorded_at=timezone.now(),
            due_on=timezone.localdate(),
            outcome="regulier_zelfde",
        )
        regie.propose_regie_transfer(
            regie_access,
            to_member=built.members["youth_worker"],
            reason="Het jeugdteam neemt de regie over",
        )
        matrix_escalation(built)
        # A change of school with a pupil file read in for it.
        export_transition(built)
        # The aanmelding the case came from, with its intake; a place in the Startklas; a
        # question to the Loket with its advice and a match in both domains; the parent's
        # concern at the quality contact point.
        matrix_referral(built)
        referral_services.record_intake(
            regie_access,
            school_information="Leest op AVI E4; faalangst bij toetsen",
            information_from="Juf Marieke",
            received_on=timezone.localdate(),
        )
        matrix_group(built)
        matrix_loket(built)
        matrix_concerns(built)
        yield built
        transaction.set_rollback(True)


def _held_meeting(world: World, *, in_days: int) -> None:
    """One more MDO, held, with minutes, a decision and an agreement."""
    assert world.plan is not None
    regie_access = access_case(Actor(world.coordinator), world.case.uuid)
    meeting = plan_mdo(world.case, regisseur=world.coordinator, start_in=dt.timedelta(days=in_days))
    meeting_services.add_preparation(
        regie_access, meeting, category="onderwijs", goes_well="Nog een voorbereiding"
    )
    meeting_services.send_invitations(regie_access, meeting)
    meeting_started(meeting)
    meeting_services.record_meeting(
        regie_access,
        meeting,
        attendance={i.pk: Attendance.PRESENT for i in meeting.invitees.all()},
        minutes={item.pk: "Besproken." for item in meeting.agenda.all()},
    )
    meeting_services.add_decision(
        regie_access, meeting, text="Nog een besluit", goal=world.plan.education_goal
    )
    meeting_services.add_action(
        regie_access,
        meeting,
        what="Nog een afspraak",
        owner=meeting.chair,
        due=timezone.localdate() + dt.timedelta(days=in_days + 7),
    )
    meeting_services.approve_minutes(regie_access, meeting)


def _client(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _file_pdf(world: World, capture: Any, persona: str = "coordinator") -> bytes:
    """The whole file's PDF as the regisseur gets it: built in the task queue."""
    return file_pdf_through_the_queue(_client(world, persona), world.case.uuid, capture)


def _export(world: World, persona: str = "coordinator") -> dict[str, Any]:
    url = reverse("cases:export_json", kwargs={"case_id": world.case.uuid})
    response = _client(world, persona).get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def _records(node: Any) -> Iterator[dict[str, Any]]:
    for part in node.get("parts", []):
        for found in part["records"]:
            yield found
            yield from _records(found)


def _part(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(p for p in data["parts"] if p["key"] == key)


def test_every_model_holding_child_data_reaches_the_export(world, db):
    """Between them, the regisseur's export (education, the team's records) and the export
    of the parent with gezag in the portal (every category) hold every kind of record."""
    parent = _client(world, "parent").get(
        reverse("portal:download_json", kwargs={"case_id": world.case.uuid})
    )
    exported = {found["type"] for found in _records(_export(world))}
    exported |= {found["type"] for found in _records(json.loads(parent.content))}
    missing = _child_data_models() - NOT_EXPORTED_ON_THEIR_OWN - exported
    assert not missing, f"Not in the export: {sorted(missing)}"
    assert _child_data_models() >= NOT_EXPORTED_ON_THEIR_OWN, "an exclusion no longer applies"


def test_the_export_has_the_plan_the_meetings_and_what_the_family_gave(world, db):
    body = json.dumps(_export(world), ensure_ascii=False)
    for expected in (
        "Technisch lezen blijft achter",  # the whole child (education)
        "AVI E6",  # the goal's new target in the draft
        "Leesrapport",  # the attachment, listed
        "Leesdoel bijstellen",  # the evaluation's summary
        "Sem wil graag beter leren lezen.",  # the child's view in the adopted version
        "Leesplan besproken.",  # the minutes
        "Besluit: extra leestijd op school",
        "Leesmaatje regelen",
        "Voorbereiding van de school",
        "Ik vind lezen leuker nu",  # "Hoe denk jij erover?"
        "Daan sliep deze week beter",  # the logbook
        "rob@test.invalid",  # the invitation to the portal
        "Het jeugdteam neemt de regie over",
        "Acute zorgen over de veiligheid",  # the emergency access, with its reason
        "Wie betaalt de leesbegeleiding?",  # the escalation, with its steps
        "Geen overeenstemming in het team",
        "Overstap naar het Test College na de verhuizing",  # the transition
        "overstapdossier-sem.json",  # the pupil file read in for it
    ):
        assert expected in body, expected


def test_the_questionnaire_is_in_the_export_of_the_one_who_answered_only(world, db):
    """The family was told the numbers are only counted: the regisseur's export has none of
    them. The remark is addressed to the team ("Wilt u het team nog iets vertellen?"), so it
    reaches the regisseur as a message from the family, with its author."""
    parts = {p["key"]: p for p in _export(world)["parts"]}
    assert parts["questionnaire"]["records"] == []
    remarks = [r for r in parts["from_family"]["records"] if "Fijn dat we gehoord worden" in str(r)]
    assert len(remarks) == 1
    other_parent = access_family_case(
        Actor(world.users["parent_without_authority"]), world.case.uuid
    )
    assert portal_services.answers_for(other_parent) == []


def test_a_reader_without_youth_care_gets_no_care_goal_in_the_export(
    world, db, django_capture_on_commit_callbacks
):
    """The coordinator (the regisseur, education only) against a parent with gezag (every
    category), through the same parts."""
    coordinator = json.dumps(_export(world), ensure_ascii=False)
    for secret in ("Jeugdzorgdoel", "Jeugdzorgmodule", "Jeugdzorggeheim", "JW-2026-001"):
        assert secret not in coordinator
    pdf = _file_pdf(world, django_capture_on_commit_callbacks)
    assert "Jeugdzorgdoel" not in pdf_text(pdf)
    assert "Technisch lezen" in pdf_text(pdf)

    parent = _client(world, "parent").get(
        reverse("portal:download_json", kwargs={"case_id": world.case.uuid})
    )
    assert "Jeugdzorgdoel: rust in huis rond bedtijd" in parent.content.decode()


def test_a_parent_downloads_the_whole_file_in_the_portal_and_it_is_logged(world, db):
    client = _client(world, "parent")
    before = AccessLogEntry.objects.filter(case_ref=world.case.uuid, event="export").count()
    data = json.loads(
        client.get(reverse("portal:download_json", kwargs={"case_id": world.case.uuid})).content
    )
    pdf = client.get(reverse("portal:download", kwargs={"case_id": world.case.uuid}))
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "Daan sliep deze week beter" in text
    assert "alles over uw kind" in data["scope"]
    body = json.dumps(data, ensure_ascii=False)
    assert "Thuis lezen we elke avond samen" in body  # what they brought to the MDO
    assert "Fijn dat we gehoord worden" in body  # their own answer to the questionnaire
    # Not what the family does not see on the pages: the school's preparation, the child's
    # own answers to "Hoe denk jij erover?".
    assert "Voorbereiding van de school" not in body
    assert "Ik vind lezen leuker nu" not in body
    logged = AccessLogEntry.objects.filter(case_ref=world.case.uuid, event="export")
    assert logged.count() == before + 2
    assert set(logged.order_by("-pk")[:2].values_list("basis", flat=True)) == {"family"}


@pytest.mark.parametrize("persona", ["parent_without_authority", "child_13"])
def test_who_may_not_see_the_whole_file_gets_404_for_the_data_too(world, db, persona):
    response = _client(world, persona).get(
        reverse("portal:download_json", kwargs={"case_id": world.case.uuid})
    )
    assert response.status_code == 404


ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}")
RAW_NAMES = ("full_name", "interpreter_needed", "date_of_birth", "has_authority", "opened_at")


def test_the_export_speaks_in_labels_dutch_dates_and_words(
    world, db, django_capture_on_commit_callbacks
):
    data = _export(world)
    child = _part(data, "child")["records"][0]["fields"]
    assert child["Naam"] == "Sem Vermeer"
    assert child["BSN"] == "111222333"  # the coordinator needs it
    assert child["Tolk nodig"] == "nee"
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", child["Geboortedatum"])
    assert "Adres" not in child  # family data: no consent for the school
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", data["made_at"])
    opened = _part(data, "case")["records"][0]["fields"]["Geopend op"]
    local = timezone.localtime(world.case.opened_at)
    assert opened == local.strftime("%d-%m-%Y %H:%M")

    body = json.dumps(data, ensure_ascii=False)
    for raw in RAW_NAMES:
        assert raw not in body
    labels = {k for found in _records(data) for k in found["fields"]}
    english = {"Author", "Recorded by", "Measured by", "Sent by", "Adopted by", "Uploaded by"}
    assert not labels & english
    values = [v for found in _records(data) for v in found["fields"].values()]
    assert not {"True", "False", "None"} & set(values)
    assert not [v for v in values if ISO_MOMENT.search(v)]
    assert "mag zien" in data["scope"] and "Basisschool De Test" in data["scope"]

    pdf = _file_pdf(world, django_capture_on_commit_callbacks)
    assert pdf_info(pdf)["Lang"] == "nl"
    text = pdf_text(pdf)
    assert "Tolk nodig" in text
    for raw in RAW_NAMES:
        assert raw not in text
    assert not ISO_MOMENT.search(text)


def test_numbers_are_written_as_people_read_them(world, db):
    data = _export(world)
    goal = next(r for r in _part(data, "goals")["records"] if "AVI E6" in json.dumps(r))
    measurement = goal["parts"][0]["records"][0]["fields"]
    assert measurement["Waarde"] == "4"
    module = _part(data, "modules")["records"][0]["fields"]
    assert Decimal(module["Geleverd"].replace(",", ".")) == Decimal(2)


def test_the_json_has_one_shape(world, db):
    data = _export(world)
    assert set(data) == {"format", "title", "made_at", "scope", "parts"}
    assert data["format"] == 2
    keys = [p["key"] for p in data["parts"]]
    assert len(keys) == len(set(keys))
    assert keys[0] == "child" and keys[-1] == "access_log"
    for key in ("goals", "modules", "versions", "evaluations", "meetings", "history"):
        assert key in keys
    for found in _records(data):
        assert set(found) <= {"type", "title", "fields", "parts"}
        assert isinstance(found["title"], str)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in found["fields"].items())
    meeting = _part(data, "meetings")["records"][0]
    assert [p["key"] for p in meeting["parts"]] == [
        "invitees",
        "agenda",
        "decisions",
        "actions",
        "preparations",
    ]


@pytest.mark.parametrize("persona", ["coordinator", "parent"])
def test_the_export_costs_the_same_queries_with_more_meetings_and_records(
    world, db, persona, django_assert_max_num_queries
):
    url = reverse(
        "cases:export_json" if persona == "coordinator" else "portal:download_json",
        kwargs={"case_id": world.case.uuid},
    )
    client = _client(world, persona)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for days in (14, 21, 28):
        _held_meeting(world, in_days=days)
    parent = access_family_case(Actor(world.users["parent"]), world.case.uuid)
    for n in range(3):
        gifts.write_logbook(parent, text=f"Nog een week, {n}")
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_file_pdf_names_its_title_author_subject_and_language(
    world, db, django_capture_on_commit_callbacks
):
    from arrangeer.testing.pdf import pdf_words

    pdf = _file_pdf(world, django_capture_on_commit_callbacks)
    info = pdf_info(pdf)
    assert info["Title"] == "Dossier van een kind"
    assert info["Author"] == "Arrangeer"
    assert info["Subject"] == "Wat Arrangeer over een kind vastlegt, voor zover u het mag zien"
    assert info["Lang"] == "nl"
    assert "Sem" not in info["Title"] + info["Subject"]  # no child's name in the metadata
    words = pdf_words(pdf)
    assert "VERTROUWELIJK — bijzondere persoonsgegevens" in words
    total = words.count("Pagina ")
    assert total > 1 and f"Pagina {total} van {total}" in words

    # A parent reading in English gets the file with the metadata in English.
    client = _client(world, "parent")
    client.cookies["arrangeer_language"] = "en"
    info = pdf_info(
        client.get(reverse("portal:download", kwargs={"case_id": world.case.uuid})).content
    )
    assert (info["Title"], info["Lang"]) == ("File of a child", "en")


def test_the_file_pdf_is_a_tagged_pdf_ua_document_in_the_readers_language(
    world, db, django_capture_on_commit_callbacks
):
    from arrangeer.testing.pdf import assert_accessible

    pdf = _file_pdf(world, django_capture_on_commit_callbacks)
    kinds = {"H1", "H2", "H3", "P", "L", "LI"}
    assert_accessible(pdf, title="Dossier van een kind", lang="nl", kinds=kinds)
    client = _client(world, "parent")
    client.cookies["arrangeer_language"] = "en"
    body = client.get(reverse("portal:download", kwargs={"case_id": world.case.uuid})).content
    assert_accessible(body, title="File of a child", lang="en", kinds=kinds)
