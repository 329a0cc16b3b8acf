"""The API's permission map (`api.permissions.ACTIONS`) is the whole answer to "who may do
this": every action of the URLconf has an entry and every entry is an action; no view sets
the regisseur rule itself; and the door each action opens is the one its entry names (each
action is called with the doors replaced by recorders)."""

from __future__ import annotations

import ast
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from arrangeer.api import base, services, views_escalations, views_items
from arrangeer.api.permissions import ACTIONS, Who
from arrangeer.testing.world import World, build_world

API = Path(base.__file__).parent
METHODS = ("get", "post", "put", "patch", "delete")
# The roles decided at the escalation's own door (`access_case_for_decision`).
ESCALATION_DOOR = {Who.ESCALATION, Who.DECIDER, Who.PARTY, Who.RAISER}


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Any]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(
                entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace
            )
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry.callback


def _actions() -> dict[tuple[str, str], tuple[str, type]]:
    """(URL name, method) → (route, view class) of every API action, the schema aside."""
    found = {}
    for namespace, name, route, callback in _routes(get_resolver().url_patterns):
        view = getattr(callback, "cls", None)
        if namespace != "api" or view is None or name in ("schema", "docs"):
            continue
        for method in METHODS:
            if hasattr(view, method):
                found[(name, method.upper())] = (route, view)
    return found


def test_every_action_has_an_entry_and_every_entry_is_an_action() -> None:
    actions = _actions()
    assert len(actions) >= 90, sorted(actions)
    missing = sorted(f"{name} {method}" for name, method in set(actions) - set(ACTIONS))
    assert not missing, "not in ACTIONS:\n" + "\n".join(missing)
    stale = sorted(f"{name} {method}" for name, method in set(ACTIONS) - set(actions))
    assert not stale, "in ACTIONS, no such action:\n" + "\n".join(stale)


def test_outside_a_case_only_logging_in_is_asked_and_under_a_case_never_alone() -> None:
    for (name, method), (route, _view) in _actions().items():
        under_case = "<uuid:case_id>" in route
        assert (ACTIONS[(name, method)] is Who.LOGGED_IN) is not under_case, (name, method)


def test_no_view_decides_the_regisseur_rule_or_opens_the_case_door_itself() -> None:
    """The regisseur rule comes from the map through `base.case_access`; a view passing
    `regisseur_only` or calling `access_case` itself would go around it."""
    found = []
    for path in sorted(API.glob("*.py")):
        if path.name == "base.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "access_case" or any(k.arg == "regisseur_only" for k in node.keywords):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, found


@pytest.fixture
def world(db: None) -> World:
    return build_world(with_plan=True)


class Doors:
    """Stands in for the doors: records which one an action opens (and whether only the
    regisseur), then refuses, so nothing behind the door runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened: list[tuple[str, bool]] = []
        monkeypatch.setattr(base, "access_case", self._case)
        monkeypatch.setattr(views_escalations, "access_case_for_decision", self._decision)
        monkeypatch.setattr(views_items, "access_item", self._item)

    def _case(self, actor: Any, case_id: Any, *, regisseur_only: bool = False, **kw: Any) -> Any:
        self.opened.append(("case", regisseur_only))
        raise Http404

    def _decision(self, *args: Any, **kwargs: Any) -> Any:
        self.opened.append(("decision", False))
        raise Http404

    def _item(self, *args: Any, **kwargs: Any) -> Any:
        self.opened.append(("item", False))
        raise Http404


def _url(name: str, route: str, case_id: uuid.UUID) -> str:
    kwargs: dict[str, object] = {"case_id": case_id}
    for converter, key in re.findall(r"<(\w+):(\w+)>", route):
        if key != "case_id":
            kwargs[key] = {"uuid": uuid.uuid4(), "int": 999999}.get(converter, "chairs_mdo")
    return reverse(f"api:{name}", kwargs=kwargs)


def _expected(who: Who) -> set[tuple[str, bool]]:
    if who is Who.REGISSEUR or who is Who.REGISSEUR_OR_SELF:  # the caller is not the member
        return {("case", True)}
    if who in ESCALATION_DOOR:
        return {("decision", False)}
    if who is Who.TEAM:  # the plan's door, or the escalation's for raising one
        return {("case", False), ("item", False), ("decision", False)}
    return {("case", False), ("item", False)}


def test_each_action_opens_the_door_its_entry_names(world, monkeypatch) -> None:
    user = world.users["coordinator"]
    _record, raw = services.create_token(
        user=user, membership=user.memberships.first(), name="test", days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    doors = Doors(monkeypatch)
    wrong = []
    for (name, method), (route, _view) in sorted(_actions().items()):
        if "<uuid:case_id>" not in route:
            continue
        doors.opened.clear()
        response = getattr(client, method.lower())(
            _url(name, route, world.case.uuid), {}, content_type="application/json"
        )
        assert response.status_code == 404, (name, method, response.status_code)
        if len(doors.opened) != 1 or doors.opened[0] not in _expected(ACTIONS[(name, method)]):
            wrong.append(f"{name} {method}: {ACTIONS[(name, method)]}, opened {doors.opened}")
    assert not wrong, "\n".join(wrong)
