"""The groeidocument: a PDF of the current draft or of any version, in Dutch, marked
confidential, cut to what the reader may see, and logged as an export."""

from __future__ import annotations

from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "?versie=1"])
def test_the_groeidocument_opens_in_dutch_and_is_marked_confidential(
    world, plan, client_for, query
):
    client = client_for("coordinator")
    client.cookies["arrangeer_language"] = "en"  # the document is Dutch whatever the page is
    response = client.get(reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-64:]
    text = pdf_text(response.content)
    assert "CONFIDENTIAL" in text or "VERTROUWELIJK" in text
    assert "Sem Vermeer" in text
    assert "Onderwijs" in text  # the data category, in Dutch
    assert plan.education_goal.what in text
    assert "Jeugdzorgdoel" not in text  # the coordinator has no ground for jeugdhulp
    if query:
        assert "Eva Vermeer" in text  # who agreed with this version
        content_hash = plan.plan.versions.get(number=1).content_hash
        # No hash on a page a person reads: the short fingerprint the version page shows.
        assert content_hash[:8] in text
        assert content_hash not in text
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert (entry.event, entry.object_type) == ("export", "plan_document")
    assert entry.object_id == (query.removeprefix("?versie=") or "concept")


def test_an_unknown_version_gives_404(world, plan, client_for):
    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid})
    assert client_for("coordinator").get(url + "?versie=9").status_code == 404
    assert client_for("coordinator").get(url + "?versie=x").status_code == 404


def test_the_plan_page_offers_the_drafts_document_only_while_there_is_a_draft(
    world, plan, client_for
):
    from arrangeer.testing.plans import PlanWork

    client = client_for("coordinator")
    url = reverse("plans:plan", kwargs={"case_id": world.case.uuid})
    assert plan.plan.status == "draft"  # the world's plan: version 1 in force, being adjusted
    assert 'data-testid="draft-pdf"' in client.get(url).content.decode()
    PlanWork(world.coordinator, world.case, world.school).agree_and_adopt()
    plan.plan.refresh_from_db()
    assert plan.plan.status == "adopted"
    page = client.get(url).content.decode()
    assert 'data-testid="draft-pdf"' not in page  # no draft: only the versions' documents
    assert "?versie=" in page


# What a coordinator sends to the parents: status, evaluations and progress per goal ---------


def _words(body: bytes) -> str:
    from arrangeer.testing.pdf import pdf_words

    return pdf_words(body)


def _document(client, world, query: str = "") -> str:
    response = client.get(reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + query)
    assert response.status_code == 200
    return _words(response.content)


def test_each_goal_has_its_evaluations_and_progress_in_the_readers_categories(
    world, plan, client_for, access
):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone
    from django.utils.formats import date_format

    from arrangeer.plans import services

    today = timezone.localdate()
    services.record_measurement(
        access("coordinator"),
        plan.education_goal,
        measured_on=today - dt.timedelta(days=2),
        value=Decimal("7.25"),
        achievement="",
        note="Na de leesweek",
    )
    services.record_measurement(
        access("youth_worker"),
        plan.care_goal,
        measured_on=today - dt.timedelta(days=1),
        value=None,
        achievement="behaald",
        note="Drie rustige avonden",
    )
    held = date_format(plan.evaluation.held_on, "d-m-Y")
    for query in ("", "?versie=1"):  # the draft and the adopted version
        school = _document(client_for("coordinator"), world, query)
        assert "Evaluaties en voortgang per doel" in school
        # The round of version 1's evaluation: when, how far, by whom.
        assert f"{held} Deels behaald" in school
        assert str(world.coordinator) in school
        # The measurements in Dutch notation, in the table beside the chart.
        assert "7,25" in school and "Na de leesweek" in school
        assert "7.25" not in school and "4,00" not in school and "4.00" not in school
        assert date_format(today - dt.timedelta(days=2), "d-m-Y") in school
        # Nothing of the care goal: the coordinator has no ground for jeugdhulp.
        assert "Drie rustige avonden" not in school and "Jeugdzorgdoel" not in school

        youth = _document(client_for("youth_worker"), world, query)
        assert "Drie rustige avonden" in youth and "Behaald" in youth
        assert "7,25" not in youth and "Na de leesweek" not in youth
        assert plan.education_goal.what not in youth
        assert "Nog niet geëvalueerd" in youth  # the care goal was not rated


def test_the_chart_is_drawn_from_the_same_measurements_as_the_table(world, plan, access):
    import re

    from arrangeer.plans import pdf_chart
    from arrangeer.plans.document_progress import goal_progress

    progress = goal_progress(access("coordinator"), plan.plan, None)
    assert [item.goal for item in progress] == [plan.education_goal]
    item = progress[0]
    assert [m.value for m in item.measurements] == [4]
    svg = str(pdf_chart.progress_figure(item.goal, item.measurements, ident="g1"))
    assert svg.count("<circle") == 1
    assert "<polyline" not in svg  # one measurement is a point
    labels = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert {"0", "5", "10"} <= labels  # the goal's scale 0 to 10
    # Its text alternative: a title and a description that the figure is labelled by.
    assert 'role="img"' in svg and 'aria-labelledby="g1-t g1-d"' in svg
    assert '<title id="g1-t">' in svg and '<desc id="g1-d">' in svg
    assert str(pdf_chart.progress_figure(item.goal, [], ident="g1")) == ""


def test_the_status_lines_follow_the_draft_the_sent_and_the_adopted_version(
    world, plan, client_for
):
    from django.utils import timezone
    from django.utils.formats import date_format

    from arrangeer.plans import services
    from arrangeer.testing.plans import access_for

    client = client_for("coordinator")
    today = date_format(timezone.localdate(), "d-m-Y")
    # Version 1 in force, a draft being adjusted.
    draft = _document(client, world)
    assert f"Concept van {today} (niet vastgesteld)" in draft
    assert f"Versie 1, vastgesteld op {today}, tot dit concept is vastgesteld" in draft
    assert "Status van het plan nu Concept" in draft
    assert "Vingerafdruk" not in draft  # a draft has no version to check it against
    one = _document(client, world, "?versie=1")
    assert f"Vastgesteld op {today}; geldt nu" in one

    sent = services.send_for_agreement(access_for(world.coordinator, world.case))
    two = _document(client, world, f"?versie={sent.number}")
    assert f"Versie {sent.number}" in two
    assert f"Ter instemming naar de ouders gestuurd op {today}; niet vastgesteld" in two
    assert "Status van het plan nu Ter instemming voorgelegd aan de ouders" in two
    assert "Vastgesteld op" not in two and "Concept van" not in two

    regie = access_for(world.coordinator, world.case)
    services.record_parent_agreement(
        regie,
        content_hash=sent.content_hash,
        representative=world.parent,
        decision="instemming",
        given_on=timezone.localdate(),
        evidence="papier",
    )
    services.adopt_plan(
        regie,
        content_hash=sent.content_hash,
        child_heard="in_overleg",
        child_view="Sem vindt het een goed plan.",
        child_view_category="onderwijs",
    )
    # No draft any more: the plain link gives the version in force, never "draft" beside
    # "adopted".
    now = _document(client, world)
    # The access log names the version served, not "concept".
    served = AccessLogEntry.objects.order_by("-seq").first()
    assert served is not None and served.object_type == "plan_document"
    assert served.object_id == str(sent.number)
    assert "Concept van" not in now and "niet vastgesteld" not in now
    assert f"Versie {sent.number}" in now and f"Vastgesteld op {today}; geldt nu" in now
    assert "Status van het plan nu Vastgesteld" in now
    old = _document(client, world, "?versie=1")
    assert f"Vastgesteld op {today}; vervangen door een latere versie" in old


def test_the_fingerprint_is_the_one_the_version_page_shows(world, plan, client_for):
    client = client_for("coordinator")
    version = plan.plan.versions.get(number=1)
    text = _document(client, world, "?versie=1")
    fingerprint = version.content_hash[:8]
    assert f"Vingerafdruk van deze versie: {fingerprint}" in text
    assert version.content_hash not in text
    page = client.get(reverse("plans:version", kwargs={"case_id": world.case.uuid, "number": 1}))
    assert f"<code>{fingerprint}</code>" in page.content.decode()


def test_the_documents_queries_do_not_grow_with_the_progress(
    world, plan, client_for, access, django_assert_max_num_queries
):
    """Goals, rounds and measurements are three reads whatever their number."""
    import datetime as dt
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from arrangeer.plans import services

    client = client_for("coordinator")
    url = reverse("plans:pdf", kwargs={"case_id": world.case.uuid})
    client.get(url)  # the session and the caches warm
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(1, 7):
        services.record_measurement(
            access("coordinator"),
            plan.education_goal,
            measured_on=timezone.localdate() - dt.timedelta(days=day + 7),
            value=Decimal(day),
            achievement="",
        )
    with django_assert_max_num_queries(len(few)):
        text = _document(client, world)
    assert "Evaluaties en voortgang per doel" in text


@pytest.mark.parametrize("query", ["", "?versie=1"])
def test_the_groeidocument_names_its_title_author_subject_and_language(
    world, plan, client_for, query
):
    from arrangeer.testing.pdf import pdf_info

    client = client_for("coordinator")
    client.cookies["arrangeer_language"] = "en"  # the document, its metadata too, is Dutch
    response = client.get(reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + query)
    assert pdf_info(response.content) == {
        "Title": "Groeidocument",
        "Author": "Arrangeer",
        "Subject": "Het plan van een kind, de evaluaties en de instemming van de ouders",
        "Lang": "nl",
    }


@pytest.mark.parametrize("query", ["", "?versie=1"])
def test_the_groeidocument_is_a_tagged_pdf_ua_document(world, plan, client_for, query):
    from arrangeer.testing.pdf import assert_accessible

    client = client_for("coordinator")
    client.cookies["arrangeer_language"] = "en"  # the document is Dutch whatever the page is
    response = client.get(reverse("plans:pdf", kwargs={"case_id": world.case.uuid}) + query)
    kinds = {"H1", "H2", "H3", "H4", "P", "Table", "TH", "TD"}
    if query:
        kinds.add("Figure")  # the progress chart, with its title and description
    assert_accessible(response.content, title="Groeidocument", lang="nl", kinds=kinds)
