"""The themes of the region's processes (indicators_region.py): escalations, the Integraal
Loket, aanmeldingen, transitions and quality concerns. Per theme the figures of a small
world through the API and the page, the school's own figures for its coordinator, the
suppression of small numbers, and no question, advice, reason or name on any page."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qsl, urlsplit

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.escalations.constants import EscalationStatus
from arrangeer.escalations.models import LadderLevel
from arrangeer.loket.constants import Source
from arrangeer.monitor.constants import Theme, year_label, year_start
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.plans.models import Tariff
from arrangeer.quality.constants import ConcernKind
from arrangeer.quality.models import ContactPoint
from arrangeer.referrals.constants import ReferralStatus
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

from . import helpers_region as make
from .helpers import LAST_YEAR, arrangements

pytestmark = pytest.mark.django_db

REGION_THEMES = [
    Theme.ESCALATIONS,
    Theme.LOKET,
    Theme.REFERRALS,
    Theme.TRANSITIONS,
    Theme.QUALITY,
    Theme.COLLECTIVE,
]
YEAR = year_label(LAST_YEAR)


def _client(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _api(world: World, theme: str, persona: str = "policy_officer", **params: object) -> dict:
    response = _client(world, persona).get(
        reverse("monitor_api:theme", args=[theme]), {"jaar": LAST_YEAR, **params}
    )
    assert response.status_code == 200, response.content
    return response.json()


def _table(body: dict, key: str) -> dict:
    return next(t for t in body["tables"] if t["key"] == key)


def _rows(body: dict, key: str) -> dict[str, list[str]]:
    return {row["name"]: row["display"] for row in _table(body, key)["rows"]}


def _durations(body: dict) -> dict[str, tuple[int | None, int | None]]:
    (duration,) = body["durations"]
    return {r["school_year"]: (r["median_days"], r["p80_days"]) for r in duration["rows"]}


def _seat(world: World, persona: str) -> Membership:
    return Membership.objects.get(user=world.users[persona])


def _cases(world: World, school: Organisation, count: int) -> list:
    return arrangements(world.region, school, world.coordinator, count)


def test_transitions_with_and_without_a_timely_handover(world):
    by = world.coordinator
    make.transitions(_cases(world, world.school, 20), by, timely=True)
    make.transitions(_cases(world, world.school, 12), by, timely=False)
    make.transitions(_cases(world, world.other_school, 15), by, timely=True)
    make.transitions(_cases(world, world.other_school, 11), by, timely=False, kind="wissel")
    # Columns: timely, not timely, total (counts rounded to 5).
    assert _rows(_api(world, Theme.TRANSITIONS), "trend")[YEAR] == ["35", "25", "60"]
    town = _api(world, Theme.TRANSITIONS, gemeente="Teststad")
    assert _rows(town, "trend")[YEAR] == ["20", "10", "30"]
    # The school's coordinator: their own school's transitions only.
    assert _rows(_api(world, Theme.TRANSITIONS, "coordinator"), "trend")[YEAR] == [
        "20",
        "10",
        "30",
    ]
    kinds = list(_rows(_api(world, Theme.TRANSITIONS), "soort").values())
    assert kinds[-1] == ["35", "25", "60"]  # the total row
    assert len(kinds) == 3  # the kinds in the data (po→vo, change of school) and the total


def test_escalations_by_outcome_by_level_and_time_to_decision(world):
    levels = make.ladder(world.region)
    provider = Organisation.objects.get(region=world.region, name="Jeugdhulp Test")
    by = world.coordinator
    for school, level, decided, withdrawn, open_, days in [
        (world.school, levels[0], 20, 10, 10, 10),
        (world.other_school, levels[1], 15, 10, 11, 20),
    ]:
        for status, count in [
            (EscalationStatus.DECIDED, decided),
            (EscalationStatus.WITHDRAWN, withdrawn),
            (EscalationStatus.OPEN, open_),
        ]:
            make.escalations(
                _cases(world, school, count), by, provider, level, status=status, days=days
            )
    body = _api(world, Theme.ESCALATIONS)
    # Decided, withdrawn, still open, total.
    assert _rows(body, "trend")[YEAR] == ["35", "20", "20", "75"]
    by_level = _rows(body, "niveau")
    assert by_level["1. Niveau 1"] == ["20", "10", "10", "40"]
    assert by_level["2. Niveau 2"] == ["15", "10", "10", "35"]
    # 20 decided after 10 days, 15 after 20: median 10, 80% within 20.
    assert _durations(body)[YEAR] == (10, 20)
    own = _api(world, Theme.ESCALATIONS, "coordinator")
    assert _rows(own, "trend")[YEAR] == ["20", "10", "10", "40"]
    assert _durations(own)[YEAR] == (10, 10)


def test_loket_consults_advice_in_time_and_known_in_both_domains(world):
    loket = Organisation.objects.create(
        region=world.region, name="Integraal Loket Test", type=OrganisationType.INTEGRAL_DESK
    )
    seat = _seat(world, "coordinator")
    # Urgent: the school's late ones and the other school's others.
    for school, advice, count, urgency in [
        (world.school, "in_time", 20, "normaal"),
        (world.school, "late", 12, "urgent"),
        (world.school, "waiting", 10, "normaal"),
        (world.other_school, "in_time", 15, "urgent"),
        (world.other_school, "late", 11, "normaal"),
        (world.other_school, "waiting", 10, "urgent"),
    ]:
        make.consults(_cases(world, school, count), seat, loket, advice=advice, urgency=urgency)
    youth = _seat(world, "youth_worker")
    other_seat = _seat(world, "teacher_other_school")
    for school_seat, school, opened, home in [
        (seat, world.school, 15, 11),
        (other_seat, world.other_school, 12, 10),
    ]:
        make.matches(_cases(world, school, opened), school_seat, youth, source=Source.CASE_OPENED)
        make.matches(_cases(world, school, home), school_seat, youth, source=Source.THUISZITTER)
    body = _api(world, Theme.LOKET)
    # Within the deadline, after it, no advice yet, total.
    assert _rows(body, "trend")[YEAR] == ["35", "25", "20", "80"]
    urgency = list(_rows(body, "urgentie").values())
    assert urgency[:2] == [["20", "10", "10", "40"], ["15", "10", "10", "35"]]
    # Known in both domains: by how the school came to know (case opened, thuiszitter).
    assert _rows(body, "bekend")[YEAR] == ["25", "20", "50"]
    # 35 advised in 3 days, 23 in 10: median 3, 80% within 10.
    assert _durations(body)[YEAR] == (3, 10)
    own = _api(world, Theme.LOKET, "coordinator")
    assert _rows(own, "trend")[YEAR] == ["20", "10", "10", "40"]
    assert _rows(own, "bekend")[YEAR] == ["15", "10", "25"]


def test_aanmeldingen_by_decision_by_referrer_and_time_to_intake(world):
    youth = _seat(world, "youth_worker")
    leerplicht = _seat(world, "leerplicht")
    accepted, declined, waiting = ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, "ingediend"
    make.referrals(20, youth, world.school, status=accepted, intake_days=5)
    make.referrals(10, leerplicht, world.school, status=declined)
    make.referrals(10, youth, world.school, status=waiting)
    make.referrals(15, leerplicht, world.other_school, status=accepted, intake_days=12)
    make.referrals(10, youth, world.other_school, status=declined)
    make.referrals(11, leerplicht, world.other_school, status=waiting)
    body = _api(world, Theme.REFERRALS)
    # Accepted, declined, not decided yet, total.
    assert _rows(body, "trend")[YEAR] == ["35", "20", "20", "75"]
    referrers = list(_rows(body, "verwijzer").values())
    assert referrers[:2] == [["20", "10", "10", "40"], ["15", "10", "10", "35"]]
    # 20 intakes after 5 days, 15 after 12: median 5, 80% within 12.
    assert _durations(body)[YEAR] == (5, 12)
    # Counted at the receiving school.
    own = _api(world, Theme.REFERRALS, "coordinator")
    assert _rows(own, "trend")[YEAR] == ["20", "10", "10", "40"]
    assert _rows(_api(world, Theme.REFERRALS, gemeente="Anderdorp"), "trend")[YEAR] == [
        "15",
        "10",
        "10",
        "35",
    ]


def test_quality_concerns_acknowledged_in_time_by_subject_and_reporter(world):
    point = make.contact_point(world.region)
    provider = Organisation.objects.get(region=world.region, name="Jeugdhulp Test")
    by = world.coordinator
    for school, kind, in_time, late, waiting in [
        (world.school, ConcernKind.EDUCATION, 20, 10, 10),
        (world.other_school, ConcernKind.YOUTH_CARE, 15, 10, 11),
    ]:
        for ack_days, count, family in [
            (2, in_time, False),
            (8, late, False),
            (None, waiting, True),
        ]:
            make.concerns(
                _cases(world, school, count),
                point,
                provider,
                by,
                kind=kind,
                ack_days=ack_days,
                from_family=family,
            )
    body = _api(world, Theme.QUALITY)
    # In time, late, not yet, total.
    assert _rows(body, "trend")[YEAR] == ["35", "20", "20", "75"]
    subjects = list(_rows(body, "onderwerp").values())
    # By a professional, by the family, total; the subjects in the data, then the total.
    assert subjects == [["30", "10", "40"], ["25", "10", "35"], ["55", "20", "75"]]


def test_a_small_number_is_hidden_and_so_is_the_figure_it_could_be_worked_out_from(world):
    by = world.coordinator
    make.transitions(_cases(world, world.school, 12), by, timely=True)
    make.transitions(_cases(world, world.school, 12), by, timely=False)
    make.transitions(_cases(world, world.other_school, 5), by, timely=True)
    make.transitions(_cases(world, world.other_school, 11), by, timely=False)
    assert _rows(_api(world, Theme.TRANSITIONS), "trend")[YEAR] == ["15", "25", "40"]
    town = _rows(_api(world, Theme.TRANSITIONS, gemeente="Anderdorp"), "trend")[YEAR]
    assert town[0] == "<10"
    # Teststad's 12 would give Anderdorp's 5 away (the region's 17 minus 12): hidden too,
    # and so is its row's other figure, which its total would give away.
    assert _rows(_api(world, Theme.TRANSITIONS, gemeente="Teststad"), "trend")[YEAR][:2] == [
        "<10",
        "<10",
    ]


@pytest.mark.parametrize("theme", REGION_THEMES)
def test_the_page_shows_figures_never_a_question_a_reason_or_a_name(world, theme):
    by = world.coordinator
    cases = _cases(world, world.school, 12)
    make.transitions(cases, by, timely=True)
    make.concerns(
        cases,
        make.contact_point(world.region),
        world.school,
        by,
        kind=ConcernKind.EDUCATION,
        ack_days=1,
    )
    make.referrals(12, _seat(world, "youth_worker"), world.school, status="ingediend")
    response = _client(world, "policy_officer").get(
        reverse("monitor:theme", args=[theme]), {"jaar": LAST_YEAR}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Geheim" not in text and "Monitortest" not in text
    assert "/dossiers/" not in text
    entry = AccessLogEntry.objects.filter(object_type="monitor").latest("pk")
    assert entry.object_id == f"{theme}|{LAST_YEAR}"
    assert entry.child_pseudonym is None


@pytest.mark.parametrize("theme", REGION_THEMES)
@pytest.mark.parametrize("persona", ["teacher", "youth_worker", "superuser", "parent"])
def test_who_has_no_monitor_gets_404_on_the_themes_of_the_region(world, theme, persona):
    client = _client(world, persona)
    assert client.get(reverse("monitor:theme", args=[theme])).status_code == 404
    assert client.get(reverse("monitor:export", args=[theme, "trend"])).status_code == 404


@pytest.mark.parametrize("theme", REGION_THEMES)
def test_every_table_of_the_theme_exports_as_csv(world, theme):
    client = _client(world, "policy_officer")
    body = _api(world, theme)
    for table in body["tables"]:
        response = client.get(reverse("monitor:export", args=[theme, table["key"]]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")


def _tariff(world: World) -> None:
    Tariff.objects.create(
        region=world.region,
        product_code="45A06",
        funding_framework="jeugdwet_zin",
        unit="uren",
        valid_from=year_start(LAST_YEAR - 1),
        price=Decimal("72.50"),
    )


def test_similar_individual_modules_are_a_candidate_with_a_button_to_a_proposal(world):
    _tariff(world)
    provider = Organisation.objects.get(region=world.region, name="Jeugdhulp Test")
    by = world.coordinator
    make.modules(_cases(world, world.school, 12), by, provider, product_code="45A06")
    make.modules(_cases(world, world.other_school, 4), by, provider, product_code="45A06")
    url = reverse("monitor:theme", args=[Theme.COLLECTIVE])
    response = _client(world, "policy_officer").get(url, {"jaar": LAST_YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="monitor-candidates"' in text
    (link,) = re.findall(r'data-testid="start-proposal" href="([^"]+)"', text)
    params = dict(parse_qsl(urlsplit(unescape(link)).query))
    # 16 children (rounded to 15); 16 modules of 2 hours a week for 100 days at € 72.50.
    assert params == {
        "aanbieder": str(provider.pk),
        "functie": "versterken",
        "plek": "school",
        "kinderen": "15",
        "bedrag": "33143",
        "jaar": str(LAST_YEAR),
    }
    assert "Monitortest" not in text
    by_function = list(_rows(_api(world, Theme.COLLECTIVE), "functie").values())
    assert sorted(by_function) == [["15"]] + [["<10"]] * 5  # versterken; the five others
    # The button opens the proposal form, prefilled with the published figures only.
    form = _client(world, "policy_officer").get(unescape(link))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Jeugdhulp Test" in page and "15" in page and "33.143" in page
    assert "Monitortest" not in page
    # The school's coordinator sees the candidate of their school, and starts no proposal.
    own = _client(world, "coordinator").get(url, {"jaar": LAST_YEAR}).content.decode()
    assert 'data-testid="monitor-candidates"' in own
    assert 'data-testid="start-proposal"' not in own


def test_fewer_children_than_the_threshold_are_no_candidate(world):
    _tariff(world)
    provider = Organisation.objects.get(region=world.region, name="Jeugdhulp Test")
    make.modules(_cases(world, world.school, 7), world.coordinator, provider)
    response = _client(world, "policy_officer").get(
        reverse("monitor:theme", args=[Theme.COLLECTIVE]), {"jaar": LAST_YEAR}
    )
    text = response.content.decode()
    assert 'data-testid="monitor-candidates"' not in text
    assert 'data-testid="monitor-no-candidates"' in text
    body = _api(world, Theme.COLLECTIVE)
    assert [row["display"] for row in _table(body, "kinderen")["rows"]] == [["<10"]]
    # By function: every function has its row, each hidden (7 children, or none).
    assert {tuple(v) for v in _rows(body, "functie").values()} == {("<10",)}


def test_a_proposal_link_with_figures_that_do_not_fit_prefills_nothing(world):
    client = _client(world, "policy_officer")
    response = client.get(
        reverse("groups:new"),
        {"aanbieder": "999999", "functie": "versterken", "plek": "school", "kinderen": "15"},
    )
    assert response.status_code == 200
    assert "regionale monitor" not in response.content.decode().lower()
    assert "regional monitor" not in response.content.decode().lower()


def _processes(world: World, count: int) -> None:
    """`count` children at each school with every process of the region."""
    by = world.coordinator
    provider = Organisation.objects.get(region=world.region, name="Jeugdhulp Test")
    loket = Organisation.objects.get_or_create(
        region=world.region, name="Integraal Loket Test", type=OrganisationType.INTEGRAL_DESK
    )[0]
    level = LadderLevel.objects.filter(region=world.region).first() or make.ladder(world.region)[0]
    point = ContactPoint.objects.filter(region=world.region).first() or make.contact_point(
        world.region
    )
    for school in (world.school, world.other_school):
        cases = _cases(world, school, count)
        make.transitions(cases, by, timely=True)
        make.escalations(cases, by, provider, level, status=EscalationStatus.DECIDED, days=9)
        make.consults(cases, _seat(world, "coordinator"), loket, advice="in_time")
        make.concerns(cases, point, provider, by, kind=ConcernKind.OTHER, ack_days=1)
        make.referrals(count, _seat(world, "youth_worker"), school, status="aangenomen")


@pytest.mark.parametrize("theme", REGION_THEMES)
def test_the_query_count_of_a_theme_does_not_grow_with_the_data(
    world, theme, django_assert_max_num_queries
):
    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[theme])
    params = {"jaar": LAST_YEAR, "gemeente": "Teststad"}
    _processes(world, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    _processes(world, 30)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url, params).status_code == 200
