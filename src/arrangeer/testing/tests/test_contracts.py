"""The public-modules contract that `make lint` runs (pyproject.toml, docs/architecture.md)."""

from __future__ import annotations

import grimp

from arrangeer.testing.contracts import PublicModulesContract

OPTIONS = {
    "container": "arrangeer",
    "public": ["models", "services"],
    "also_public": ["arrangeer.cases.actions"],
    "exempt": ["arrangeer.*.tests.*", "arrangeer.urls"],
}


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(
            importer=importer, imported=imported, line_number=3, line_contents="import it"
        )
    graph.add_module("arrangeer.cases.actions")
    return graph


def _check(graph: grimp.ImportGraph) -> list[tuple[str, str, tuple[int, ...]]]:
    contract = PublicModulesContract(
        name="public modules", session_options={}, contract_options=OPTIONS
    )
    check = contract.check(graph, verbose=False)
    found = [(i.importer, i.imported, i.line_numbers) for i in check.metadata["private"]]
    assert check.kept is (not found)
    return found


def test_importing_another_apps_private_module_breaks_the_contract():
    found = _check(
        _graph(
            ("arrangeer.plans.views", "arrangeer.cases.views_route"),
            ("arrangeer.plans.views", "arrangeer.cases.models"),
        )
    )
    assert found == [("arrangeer.plans.views", "arrangeer.cases.views_route", (3,))]


def test_public_modules_their_submodules_and_the_listed_extras_may_be_imported():
    assert not _check(
        _graph(
            ("arrangeer.plans.views", "arrangeer.cases.models"),
            ("arrangeer.portal.views", "arrangeer.plans.services.items"),
            ("arrangeer.plans.actions", "arrangeer.cases.actions"),
            ("arrangeer.plans.actions", "arrangeer.cases"),
        )
    )


def test_an_app_may_import_its_own_private_modules_and_exempt_modules_anything():
    assert not _check(
        _graph(
            ("arrangeer.cases.views", "arrangeer.cases.views_route"),
            ("arrangeer.cases.tests.test_x", "arrangeer.plans.views"),
            ("arrangeer.urls", "arrangeer.meetings.views_feed"),
        )
    )


def test_a_listed_extra_that_is_no_module_is_reported():
    contract = PublicModulesContract(
        name="public modules",
        session_options={},
        contract_options={**OPTIONS, "also_public": ["arrangeer.cases.gone"]},
    )
    check = contract.check(_graph(), verbose=False)
    assert check.warnings == ["arrangeer.cases.gone is listed in also_public but is not a module."]
