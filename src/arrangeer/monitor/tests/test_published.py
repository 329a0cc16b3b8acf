"""The published figures kept for the next reader (monitor/published.py): a second reader of
the same page reads them without counting again; another scope (a school's coordinator) never
gets the region's; a refresh of the facts, whole or after one write, is counted anew; a write's
refresh moves only the state of the regions whose figures it changed (a moved case: the
region it left and its new one), so another region's figures stay kept, and a rebuild that
changed a row moves every region's."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from arrangeer.cases.models import Case, RegionMove
from arrangeer.monitor import services
from arrangeer.monitor.constants import Theme
from arrangeer.monitor.state import FactState, facts_state
from arrangeer.organisations.constants import OrganisationType, SchoolSector
from arrangeer.organisations.models import Organisation, Region
from arrangeer.testing.world import World

from .helpers import Published, arrangements, published, theme_result

pytestmark = pytest.mark.django_db

FACTS = ("monitor_casefact", "monitor_ratingtally", "monitor_modulefact")


@pytest.fixture
def kept(settings: Any) -> None:
    settings.MONITOR_CACHE_SECONDS = 60
    caches["monitor"].clear()


def _figures(user: Any, theme: str = Theme.REACH) -> tuple[Published, int]:
    """The page's published figures, and how many queries read a fact table to count and
    publish them (the theme's definition may read some: the collective theme's groups)."""
    result = theme_result(user, theme)
    with CaptureQueriesContext(connection) as captured:
        figures = published(result.tables())
    reads = sum(1 for q in captured.captured_queries if any(t in q["sql"] for t in FACTS))
    return figures, reads


def _counted_anew(user: Any, settings: Any, theme: str = Theme.REACH) -> Published:
    settings.MONITOR_CACHE_SECONDS = 0
    figures, reads = _figures(user, theme)
    settings.MONITOR_CACHE_SECONDS = 60
    assert reads > 0
    return figures


@pytest.mark.parametrize(
    "theme", [Theme.REACH, Theme.GOALS, Theme.FINANCING, Theme.COLLECTIVE, Theme.DROPOUT]
)
def test_a_second_reader_gets_the_same_figures_without_counting_again(
    world: World, kept: None, settings: Any, theme: str
) -> None:
    officer = world.users["policy_officer"]
    first, counted = _figures(officer, theme)
    again, recounted = _figures(officer, theme)
    assert counted > 0 and recounted == 0
    assert again == first == _counted_anew(officer, settings, theme)


def test_a_schools_coordinator_never_gets_the_regions_figures(
    world: World, kept: None, settings: Any
) -> None:
    officer, coordinator = world.users["policy_officer"], world.users["coordinator"]
    region, _reads = _figures(officer)
    school, reads = _figures(coordinator)
    assert reads > 0  # not the region's, kept a moment ago
    assert school != region
    assert school == _counted_anew(coordinator, settings)
    assert _figures(coordinator) == (school, 0)
    assert _figures(officer) == (region, 0)


def test_a_refresh_of_the_facts_is_counted_anew(world: World, kept: None, settings: Any) -> None:
    officer = world.users["policy_officer"]
    before, _reads = _figures(officer)
    new = arrangements(world.region, world.school, world.coordinator, 15)

    # The facts not refreshed yet: the page still says what they hold.
    assert _figures(officer) == (before, 0)
    # One write's refresh (receivers.py) changes the figures of that case.
    services.refresh_case_facts(case_id=new[0].pk)
    after_one, reads = _figures(officer)
    assert reads > 0
    assert after_one == _counted_anew(officer, settings)
    # The nightly rebuild: every new case.
    services.refresh_facts()
    after_all, reads = _figures(officer)
    assert reads > 0
    assert after_all != before
    assert after_all == _counted_anew(officer, settings)


def _states(*regions: Region) -> list[FactState]:
    return [facts_state(region.pk) for region in regions]


def _moved(now: list[FactState], then: list[FactState]) -> list[bool]:
    """Per region, whether a write's refresh moved its state."""
    return [a.region_changed != b.region_changed for a, b in zip(now, then, strict=True)]


@pytest.fixture
def elsewhere(world: World) -> Organisation:
    """A school of the other region, with arrangements of its own (its officer's figures)."""
    school = Organisation.objects.create(
        region=world.other_region,
        name="School Elders",
        type=OrganisationType.SCHOOL,
        sector=SchoolSector.PO,
        municipality="Elders",
    )
    arrangements(world.other_region, school, world.coordinator, 14)
    services.refresh_facts()
    return school


def test_a_write_in_one_region_leaves_anothers_state_and_kept_figures(
    world: World, elsewhere: Organisation, kept: None, settings: Any
) -> None:
    officer, other = world.users["policy_officer"], world.users["other_officer"]
    theirs, reads = _figures(other)
    assert reads > 0
    _figures(officer)
    ours_then, theirs_then = _states(world.region, world.other_region)
    new = arrangements(world.region, world.school, world.coordinator, 15)

    assert services.refresh_case_facts(case_id=new[0].pk) > 0
    ours, theirs_now = _states(world.region, world.other_region)
    assert ours.region_changed != ours_then.region_changed
    assert ours.changed == ours_then.changed  # not every region's
    assert theirs_now == theirs_then
    # The other region's figures stay kept; this region's are counted anew.
    assert _figures(other) == (theirs, 0)
    after, reads = _figures(officer)
    assert reads > 0
    assert after == _counted_anew(officer, settings)


def test_a_rebuild_that_changes_a_row_moves_every_regions_state(
    world: World, elsewhere: Organisation, kept: None, settings: Any
) -> None:
    other = world.users["other_officer"]
    theirs, _reads = _figures(other)
    before = _states(world.region, world.other_region)
    # Nothing new: no region's state moves, the figures stay kept.
    services.refresh_facts()
    assert [s[1:] for s in _states(world.region, world.other_region)] == [s[1:] for s in before]
    assert _figures(other) == (theirs, 0)
    # A case of this region changed bypassing the writes (a repair in the database).
    case = Case.objects.filter(region=world.region).order_by("pk")[0]
    Case.objects.filter(pk=case.pk).update(is_complex=not case.is_complex)
    assert services.refresh_facts()["CaseFact"] == 1
    after = _states(world.region, world.other_region)
    assert all(now.changed != then.changed for now, then in zip(after, before, strict=True))
    assert _figures(other)[1] > 0


def test_a_moved_case_moves_the_state_of_both_its_regions(world: World) -> None:
    """A case that moved to another region counts in the region it left for the school years
    before (cases.selectors): a refresh of its facts moves the state of both, not of a third."""
    third = Region.objects.create(name="Derde regio", slug="derde-regio")
    # A case of its own: no registration of the Loket ties it to the region it leaves.
    case = arrangements(world.region, world.school, world.coordinator, 1)[0]
    regions = (world.region, world.other_region, third)
    before = _states(*regions)
    Case.objects.filter(pk=case.pk).update(region=world.other_region)
    RegionMove.objects.create(
        case=case,
        from_region=world.region,
        to_region=world.other_region,
        moved_at=timezone.now(),
        by_user=world.users["policy_officer"],
    )
    assert services.refresh_case_facts(case_id=case.pk) > 0
    moved = _states(*regions)
    assert _moved(moved, before) == [True, True, False]
    assert [now.changed for now in moved] == [then.changed for then in before]
    # A later write of the moved case: the region it left still counts it, both move.
    Case.objects.filter(pk=case.pk).update(is_complex=not case.is_complex)
    assert services.refresh_case_facts(case_id=case.pk) == 1
    later = _states(*regions)
    assert _moved(later, moved) == [True, True, False]
    # Put in the third region by a repair (no move recorded): the region its facts counted in
    # moves too (and the one it moved out of before).
    Case.objects.filter(pk=case.pk).update(region=third)
    assert services.refresh_case_facts(case_id=case.pk) > 0
    last = _states(*regions)
    assert _moved(last, later) == [True, True, True]
