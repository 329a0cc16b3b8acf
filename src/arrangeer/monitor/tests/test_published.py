"""The published figures kept for the next reader (monitor/published.py): a second reader of
the same page reads them without counting again; another scope (a school's coordinator) never
gets the region's; a refresh of the facts, whole or after one write, is counted anew."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from arrangeer.monitor import services
from arrangeer.monitor.constants import Theme
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
