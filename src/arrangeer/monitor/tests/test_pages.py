"""The monitor's pages through their real URLs, per role: who sees which region or school,
who gets nothing, the access-log record of every read, the CSV export and the query budget."""

from __future__ import annotations

import csv
import io
import re

from django.test import Client
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from arrangeer.audit.constants import Event
from arrangeer.audit.models import AccessLogEntry
from arrangeer.monitor.constants import Theme, year_label
from arrangeer.organisations.constants import Role, SchoolSector
from arrangeer.testing.auth import login_verified
from arrangeer.testing.world import World

from .helpers import LAST_YEAR, arrangements

THEMES = list(Theme.values)


def _client(world: World, persona: str) -> Client:
    return login_verified(Client(), world.users[persona])


def _cells(content: bytes) -> list[list[str]]:
    """Every body row of every table on the page, as text."""
    html = content.decode()
    rows = []
    for table in re.findall(r"<tbody>.*?</tbody>", html, flags=re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
            rows.append(
                [
                    re.sub(r"<[^>]+>", "", cell).strip()
                    for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
                ]
            )
    return rows


def _trend_row(content: bytes, year: int) -> list[str]:
    return next(row for row in _cells(content) if row and row[0] == year_label(year))


@pytest.mark.django_db
@pytest.mark.parametrize("theme", THEMES)
def test_policy_officer_sees_every_theme_of_their_region(world, theme):
    response = _client(world, "policy_officer").get(reverse("monitor:theme", args=[theme]))
    assert response.status_code == 200
    text = response.content.decode()
    assert world.region.name in text
    assert "&lt;10" in text or "<10" in text  # the rule is said on every page
    assert 'data-testid="monitor-rule"' in text
    assert "<svg" in text and "<table" in text


@pytest.mark.django_db
def test_policy_officer_sees_the_regions_counts_rounded(world):
    response = _client(world, "policy_officer").get(reverse("monitor:index"))
    # 23 + 31 + 12 arrangements opened in the last school year: 66, published as 65.
    assert _trend_row(response.content, LAST_YEAR)[-1] == "65"


@pytest.mark.django_db
def test_no_page_shows_a_child_a_name_or_a_case_link(world):
    client = _client(world, "policy_officer")
    for theme in THEMES:
        text = client.get(reverse("monitor:theme", args=[theme])).content.decode()
        assert "Monitortest" not in text
        assert world.child.last_name not in text
        assert "/dossiers/" not in text


@pytest.mark.django_db
def test_policy_officer_of_another_region_sees_nothing_of_this_region(world):
    client = _client(world, "other_officer")
    response = client.get(reverse("monitor:index"))
    assert response.status_code == 200
    assert world.other_region.name in response.content.decode()
    assert world.region.name not in response.content.decode()
    for row in _cells(response.content):
        assert all(cell in ("<10", "&lt;10") for cell in row[1:]), row
    # Asking for a school of this region by its number: refused, and still nothing shown.
    response = client.get(reverse("monitor:index"), {"school": world.school.pk})
    assert 'data-testid="monitor-filter-error"' in response.content.decode()
    assert world.school.name not in response.content.decode()
    for row in _cells(response.content):
        assert all(cell in ("<10", "&lt;10") for cell in row[1:]), row


@pytest.mark.django_db
def test_a_school_coordinator_sees_the_figures_of_their_own_school(world):
    response = _client(world, "coordinator").get(reverse("monitor:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert world.school.name in text
    assert 'name="school"' not in text and 'name="gemeente"' not in text
    # 23 + 12 of this school (not the 31 of the other school): 35.
    assert _trend_row(response.content, LAST_YEAR)[-1] == "35"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    [
        "teacher",
        "youth_worker",
        "swv_specialist",
        "functional_admin",
        "superuser",
        "parent",
        "child_13",
    ],
)
def test_who_has_no_monitor_gets_404(world, persona):
    client = _client(world, persona)
    for url in (
        reverse("monitor:index"),
        reverse("monitor:theme", args=["uitval"]),
        reverse("monitor:export", args=["bereik", "trend"]),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(world):
    response = Client().get(reverse("monitor:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_an_unknown_theme_or_table_is_404(world):
    client = _client(world, "policy_officer")
    assert client.get(reverse("monitor:theme", args=["onbekend"])).status_code == 404
    assert client.get(reverse("monitor:export", args=["bereik", "kinderen"])).status_code == 404


@pytest.mark.django_db
def test_every_page_leaves_an_aggregate_read_in_the_access_log_with_its_filters(world):
    client = _client(world, "policy_officer")
    before = AccessLogEntry.objects.count()
    client.get(reverse("monitor:theme", args=["uitval"]), {"jaar": LAST_YEAR, "sector": "po"})
    entries = list(AccessLogEntry.objects.order_by("seq")[before:])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.event == Event.VIEW
    assert entry.object_type == "monitor"
    assert entry.object_id == f"uitval|{LAST_YEAR}|t=po"
    assert entry.user_id == world.policy_officer.pk
    assert entry.role == Role.POLICY_OFFICER
    assert entry.organisation_name == world.municipality.name
    assert entry.child_pseudonym is None and entry.case_ref is None


@pytest.mark.django_db
def test_the_csv_export_gives_the_published_table_and_is_logged(world):
    client = _client(world, "policy_officer")
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("monitor:export", args=["bereik", "gemeente"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    by_label = {row[0]: row[1:] for row in rows if row}
    # Teststad: 23 + 12 new, none continued; Anderdorp: 31 new. The totals are rounded; "new"
    # is hidden as well, or "total minus continued (<10)" would give the hidden count.
    assert by_label["Teststad"] == ["<10", "<10", "35"]
    assert by_label["Anderdorp"] == ["<10", "<10", "30"]
    assert "Monitortest" not in response.content.decode()
    entry = AccessLogEntry.objects.order_by("seq")[before]
    assert entry.event == Event.EXPORT
    assert entry.object_type == "monitor_csv"
    assert entry.object_id.startswith("bereik:gemeente|")


@pytest.mark.django_db
def test_the_xlsx_export_gives_the_same_published_table_with_the_rule_and_is_logged(world):
    client = _client(world, "policy_officer")
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("monitor:export_xlsx", args=["bereik", "gemeente"]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    by_label = {row[0]: list(row[1:]) for row in rows if row and row[0]}
    # The same cells as the CSV and the page: shown counts are numbers, hidden ones "<10".
    assert by_label["Teststad"][:3] == ["<10", "<10", 35]
    assert by_label["Anderdorp"][:3] == ["<10", "<10", 30]
    assert world.region.name in str(rows[0][0])
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    rule = str(rows[-1][0])  # the rule, written under the table
    assert "<10" in rule and "5" in rule
    assert "Monitortest" not in text
    assert all(cell != 0 for row in rows for cell in row)  # never a zero for an empty cell
    entry = AccessLogEntry.objects.order_by("seq")[before]
    assert entry.event == Event.EXPORT
    assert entry.object_type == "monitor_xlsx"
    assert entry.object_id.startswith("bereik:gemeente|")
    assert entry.child_pseudonym is None and entry.case_ref is None


@pytest.mark.django_db
def test_the_xlsx_export_of_a_theme_page_is_linked_and_refused_to_who_has_no_monitor(world):
    page = _client(world, "policy_officer").get(reverse("monitor:theme", args=["uitval"]))
    assert reverse("monitor:export_xlsx", args=["uitval", "trend"]) in page.content.decode()
    url = reverse("monitor:export_xlsx", args=["uitval", "trend"])
    assert _client(world, "teacher").get(url).status_code == 404
    assert (
        _client(world, "policy_officer")
        .get(reverse("monitor:export_xlsx", args=["uitval", "kinderen"]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_two_narrowing_filters_at_once_are_refused_with_a_message(world):
    response = _client(world, "policy_officer").get(
        reverse("monitor:index"), {"gemeente": "Teststad", "sector": SchoolSector.PO}
    )
    assert response.status_code == 200
    assert 'data-testid="monitor-filter-error"' in response.content.decode()
    # Shown without the filters: the region's figures.
    assert _trend_row(response.content, LAST_YEAR)[-1] == "65"


@pytest.mark.django_db
def test_the_policy_officers_start_page_links_to_the_monitor(world):
    response = _client(world, "policy_officer").get(reverse("core:home"))
    assert reverse("monitor:index") in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("theme", THEMES)
def test_the_query_count_does_not_grow_with_the_data(world, theme, django_assert_max_num_queries):
    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[theme])
    params = {"gemeente": "Teststad"}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    arrangements(world.region, world.school, world.coordinator, 40, is_complex=True)
    arrangements(world.region, world.other_school, world.coordinator, 40, closed=True)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url, params).status_code == 200


# The themes counted from the fact tables: how many queries read the facts for their tables
# (one per table, tables on the same rows together: the goals' two tables per round, the
# satisfaction's four on the answers; all of Bereik's year, Source.read_once), and how many
# more for their durations (the days at home: one histogram per trend year).
FACT_QUERIES = {
    Theme.REACH: (2, 0),  # the trend, and the school year's five tables in one read
    Theme.DROPOUT: (2, 0),
    Theme.GOALS: (2, 0),
    Theme.THUISZITTERS: (2, 1),
    Theme.SATISFACTION: (1, 0),
}


def _fact_reads(queries: list[dict[str, str]]) -> int:
    return sum(
        1
        for q in queries
        if any(
            t in q["sql"] for t in ("monitor_casefact", "monitor_ratingfact", "monitor_ratingtally")
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("theme", list(FACT_QUERIES))
@pytest.mark.parametrize("params", [{}, {"gemeente": "Teststad"}])
def test_each_table_reads_the_facts_once_whatever_the_data(world, theme, params):
    """One grouped query per table (or per tables on the same rows) gives the table and its
    lines across every filter's choices (not one query per filter): the same number of
    queries with 3 more cases and with 30 more, and a fixed number reading the facts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world, "policy_officer")
    url = reverse("monitor:theme", args=[theme])
    tables, durations = FACT_QUERIES[theme]
    counted = []
    for more in (3, 30):
        arrangements(world.region, world.school, world.coordinator, more, is_complex=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        assert _fact_reads(captured.captured_queries) == tables + durations
        counted.append(len(captured))
    assert counted[0] == counted[1]
