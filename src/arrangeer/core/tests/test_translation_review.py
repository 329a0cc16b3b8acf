"""The family languages' first drafts stay marked until a native speaker read them."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from arrangeer.core.management.commands import translations
from arrangeer.core.management.commands.translations import UNREVIEWED, Command


def _write(path: Path, language: str, entries: dict[str, tuple[str, list[str]]]) -> None:
    catalog = Catalog(locale=language, project="Arrangeer", charset="utf-8")
    for msgid, (string, comments) in entries.items():
        catalog.add(msgid, string, user_comments=comments)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


def _entry(path: Path, language: str, msgid: str) -> Message:
    with path.open("rb") as handle:
        found = read_po(handle, locale=language).get(msgid)
    assert found is not None, msgid
    return found


def test_extract_marks_new_messages_and_keeps_what_a_reviewer_cleared(tmp_path: Path) -> None:
    po = tmp_path / "pl" / "django.po"
    _write(po, "pl", {"Read": ("Przeczytane", []), "Draft": ("Szkic", [UNREVIEWED])})
    messages: list[translations.Message] = [
        (msgid, None, "portal/x.py:1") for msgid in ("Read", "Draft", "New")
    ]
    Command()._update(po, "pl", messages)
    assert _entry(po, "pl", "Read").user_comments == []  # the reviewer's removal holds
    assert _entry(po, "pl", "Draft").user_comments == [UNREVIEWED]
    assert _entry(po, "pl", "New").user_comments == [UNREVIEWED]
    assert _entry(po, "pl", "Draft").string == "Szkic"


def test_dutch_is_not_marked(tmp_path: Path) -> None:
    po = tmp_path / "nl" / "django.po"
    _write(po, "nl", {})
    Command()._update(po, "nl", [("New", None, "portal/x.py:1")])
    assert _entry(po, "nl", "New").user_comments == []
