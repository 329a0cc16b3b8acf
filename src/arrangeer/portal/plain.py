"""A version of the plan as the family reads it (B1): the goals and the help, each as who does
what, how often, where and until when; and what changed since the version they agreed to last,
in sentences ("Nieuw doel: …", "… loopt nu tot …"). No professional fields (funding, decisions,
reference numbers, scales) and no hashes: those stay on the professionals' pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrangeer.core.numbers import format_number
from arrangeer.plans import snapshot
from arrangeer.plans.constants import IntensityUnit, Place

Content = dict[str, Any]


@dataclass(frozen=True)
class PlainGoal:
    what: str
    who: str
    until: str
    how_we_see_it: str


@dataclass(frozen=True)
class PlainHelp:
    title: str
    who: str
    how_often: str
    where: str
    start: str
    until: str
    for_goals: str


def _date(value: str | None) -> str:
    if not value:
        return ""
    return date_format(dt.date.fromisoformat(value), "j F Y")


def _how_often(entry: dict[str, Any]) -> str:
    amount = format_number(entry.get("intensity"))
    if not amount:
        return ""
    if entry.get("intensity_unit") == IntensityUnit.SESSIONS:
        return _("%(amount)s times a week") % {"amount": amount}
    return _("%(amount)s hours a week") % {"amount": amount}


def _visible(content: Content, key: str, allowed: Collection[str]) -> list[dict[str, Any]]:
    return [e for e in content.get(key, []) if e.get("category") in allowed]


def goals(content: Content, allowed: Collection[str]) -> list[PlainGoal]:
    entries = sorted(
        _visible(content, "goal", allowed), key=lambda e: (e.get("deadline") or "", e["uuid"])
    )
    return [
        PlainGoal(
            what=e.get("what") or "",
            who=e.get("owner") or "",
            until=_date(e.get("deadline")),
            how_we_see_it=e.get("target") or "",
        )
        for e in entries
    ]


def help_given(content: Content, allowed: Collection[str]) -> list[PlainHelp]:
    titles = snapshot.goal_titles(content, allowed)
    places = dict(Place.choices)
    entries = sorted(
        _visible(content, "module", allowed),
        key=lambda e: (e.get("start_date") or "", e["uuid"]),
    )
    return [
        PlainHelp(
            title=e.get("title") or "",
            who=e.get("provider") or "",
            how_often=_how_often(e),
            where=str(places.get(e.get("place") or "", "")),
            start=_date(e.get("start_date")),
            until=_date(e.get("end_date")),
            for_goals=", ".join(titles[g] for g in e.get("goals", []) if g in titles),
        )
        for e in entries
    ]


def _by_uuid(content: Content, key: str, allowed: Collection[str]) -> dict[str, dict[str, Any]]:
    return {e["uuid"]: e for e in _visible(content, key, allowed)}


def changes(older: Content, newer: Content, allowed: Collection[str]) -> list[str]:
    """What changed in the goals and the help from `older` to `newer`, in sentences, within
    what the reader may see. Changes of professional fields only are not told."""
    said: list[str] = []
    before, after = _by_uuid(older, "goal", allowed), _by_uuid(newer, "goal", allowed)
    for uuid in sorted(after.keys() - before.keys()):
        said.append(_("New goal: %(what)s.") % {"what": after[uuid].get("what") or ""})
    for uuid in sorted(after.keys() & before.keys()):
        said += _goal_changed(before[uuid], after[uuid])
    for uuid in sorted(before.keys() - after.keys()):
        said.append(_("No longer a goal: %(what)s.") % {"what": before[uuid].get("what") or ""})
    before, after = _by_uuid(older, "module", allowed), _by_uuid(newer, "module", allowed)
    for uuid in sorted(after.keys() - before.keys()):
        new = after[uuid]
        said.append(
            _("New help: %(title)s, by %(who)s, until %(date)s.")
            % {
                "title": new.get("title") or "",
                "who": new.get("provider") or "",
                "date": _date(new.get("end_date")),
            }
        )
    for uuid in sorted(after.keys() & before.keys()):
        said += _help_changed(before[uuid], after[uuid])
    for uuid in sorted(before.keys() - after.keys()):
        said.append(_("This help stops: %(title)s.") % {"title": before[uuid].get("title") or ""})
    return said


def _goal_changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    said: list[str] = []
    what = new.get("what") or ""
    if old.get("what") != new.get("what"):
        said.append(
            _("The goal “%(old)s” is now: %(new)s.") % {"old": old.get("what") or "", "new": what}
        )
    if old.get("deadline") != new.get("deadline"):
        said.append(
            _("The goal “%(what)s” should now be reached by %(date)s.")
            % {"what": what, "date": _date(new.get("deadline"))}
        )
    if old.get("owner") != new.get("owner"):
        said.append(
            _("%(who)s now works on the goal “%(what)s”.")
            % {"who": new.get("owner") or "", "what": what}
        )
    if old.get("target") != new.get("target"):
        said.append(
            _("The goal “%(what)s” is reached when: %(target)s.")
            % {"what": what, "target": new.get("target") or ""}
        )
    return said


def _help_changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    said: list[str] = []
    title = new.get("title") or ""
    if old.get("end_date") != new.get("end_date"):
        said.append(
            _("%(title)s now runs until %(date)s.")
            % {"title": title, "date": _date(new.get("end_date"))}
        )
    if old.get("start_date") != new.get("start_date"):
        said.append(
            _("%(title)s now starts on %(date)s.")
            % {"title": title, "date": _date(new.get("start_date"))}
        )
    if _how_often(old) != _how_often(new):
        said.append(_("%(title)s is now %(often)s.") % {"title": title, "often": _how_often(new)})
    if old.get("provider") != new.get("provider"):
        said.append(
            _("%(title)s is now given by %(who)s.")
            % {"title": title, "who": new.get("provider") or ""}
        )
    if old.get("place") != new.get("place"):
        places = dict(Place.choices)
        said.append(
            _("%(title)s: the place is now “%(where)s”.")
            % {"title": title, "where": str(places.get(new.get("place") or "", ""))}
        )
    return said
