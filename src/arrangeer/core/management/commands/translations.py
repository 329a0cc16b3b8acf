"""Keep the Dutch catalogue complete without system gettext tools.

    manage.py translations extract   # add new msgids to the catalogues, drop obsolete ones
    manage.py translations check     # fail when a user-facing string has no translation
    manage.py translations compile   # write the .mo files Django reads

Dutch covers every string. The family languages (settings.FAMILY_LANGUAGES) cover the strings
a family meets: the portal, logging in, the shared page frame and the mails to the family,
listed in FAMILY_SOURCES; `test_family_languages` renders the family's pages in each of them
and fails on a string that is shown but not in that list.

Python files are read with Babel's extractor; templates are first turned into Python-like
text by Django's own `templatize` (what `makemessages` does before calling xgettext).
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation.template import templatize

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

# What a family reads: whole files or folders, or one class of a file ("path::Class").
FAMILY_SOURCES = (
    "portal/",
    "accounts/",
    "templates/",
    "cases/notices.py",
    "cases/constants.py::NoticeKind",
    "cases/constants.py::MailMoment",
    "core/forms.py",
    # what the portal shows of the other apps: the plan as the family reads it, who looked,
    # the rules of consent, the words for roles, relations and the plan's parts
    "plans/constants.py",
    "plans/charts.py",
    "plans/templates/plans/_body.html",
    "plans/templates/plans/_status.html",
    "cases/log_words.py",
    "meetings/constants.py::MeetingKind",
    "meetings/family_mail.py",
    "meetings/constants.py::MeetingStatus",
    "cases/constants.py::MemberBasis",
    "consents/rules.py",
    "consents/constants.py",
    "children/constants.py",
    "organisations/constants.py::Role",
    "organisations/constants.py::OrganisationType",
    "vocabulary.py",
    # the family's report to the quality contact point, and logging in with DigiD
    "quality/templates/quality/family_detail.html",
    "quality/templates/quality/family_form.html",
    "quality/templates/quality/family_list.html",
    "quality/views_family.py",
    "quality/forms.py::FamilyConcernForm",
    "quality/constants.py::ConcernKind",
    "quality/constants.py::ConcernStatus",
    "identity/templates/identity/login_choices.html",
    "identity/templates/identity/refused.html",
    "identity/views.py",
)
# The professionals' pages and lines that live among the family's files.
FAMILY_EXCLUDED = (
    "accounts/admin.py",
    "accounts/management/",
    "portal/dossier.py",
    "portal/actions.py",
    "portal/export.py",
    "portal/templates/portal/_dossier.html",
    "portal/templates/portal/from_family.html",
    "portal/templates/portal/invite.html",
    # A stale edit on the professionals' form pages (the case's flags, a meeting).
    "templates/includes/conflict.html",
)
SKIP_PARTS = {"migrations", "tests", "__pycache__"}

Message = tuple[str | tuple[str, ...], str | None, str]  # msgid (or plural pair), context, where


def _source_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if SKIP_PARTS & set(path.relative_to(root).parts):
            continue
        if path.suffix in {".py", ".html", ".txt"} and path.is_file():
            yield path


def _extract(root: Path) -> list[Message]:
    found: list[Message] = []
    for path in _source_files(root):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            if path.name == "translations.py":
                continue
            source = text
        else:
            if "{% load i18n" not in text:
                continue
            source = templatize(text, origin=str(path))
        options: Any = {"encoding": "utf-8"}
        keywords: Any = KEYWORDS
        for lineno, funcname, messages, _comments in extract_python(
            io.BytesIO(source.encode("utf-8")), keywords, [], options
        ):
            where = f"{path.relative_to(root)}:{lineno}"
            name = str(funcname)
            values = tuple(messages) if isinstance(messages, (list, tuple)) else (messages,)
            context = None
            if name.startswith(("pgettext", "npgettext")):
                context, values = values[0], values[1:]
            # Only the literal message arguments count (ngettext's third is the number).
            values = values[:2] if name.startswith(("ngettext", "npgettext")) else values[:1]
            if any(not isinstance(v, str) for v in values):
                continue  # a variable, not a literal: nothing to translate here
            msgid: str | tuple[str, ...] = values[0] if len(values) == 1 else tuple(values)
            if msgid:
                found.append((msgid, context, where))
    return found


def _class_lines(root: Path, file: str, name: str) -> range:
    tree = ast.parse((root / file).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return range(node.lineno, (node.end_lineno or node.lineno) + 1)
    raise CommandError(f"FAMILY_SOURCES names {file}::{name}, which does not exist.")


def family_messages(root: Path, messages: list[Message]) -> list[Message]:
    """The messages of FAMILY_SOURCES, without FAMILY_EXCLUDED."""
    prefixes = tuple(source for source in FAMILY_SOURCES if "::" not in source)
    classes: dict[str, list[range]] = {}
    for source in FAMILY_SOURCES:
        if "::" in source:
            file, name = source.split("::")
            classes.setdefault(file, []).append(_class_lines(root, file, name))
    chosen = []
    for message in messages:
        file, line = message[2].rsplit(":", 1)
        if file.startswith(FAMILY_EXCLUDED):
            continue
        in_class = any(int(line) in lines for lines in classes.get(file, []))
        if file.startswith(prefixes) or in_class:
            chosen.append(message)
    return chosen


# A translator's comment on every message of a family language that no native speaker has read
# yet: the team's (or a machine's) first draft. The reviewer deletes the line; `extract` keeps
# what the reviewer left and marks every new message; `check` counts what is still unread.
UNREVIEWED = "unreviewed: first draft by the team, not yet read by a native speaker"


class Command(BaseCommand):
    help = "Extract, check and compile the translations of Arrangeer (no gettext tools needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["extract", "check", "compile"])

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.SRC_DIR)
        locale_dir = Path(settings.LOCALE_PATHS[0])
        action = options["action"]
        messages = [] if action == "compile" else _extract(root)
        family = family_messages(root, messages)
        for language in ["nl", *settings.FAMILY_LANGUAGES]:
            po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
            if action == "compile":
                self._compile(po_path)
                continue
            scope = messages if language == "nl" else family
            if action == "extract":
                self._update(po_path, language, scope)
            else:
                self._check(po_path, language, scope)

    def _read(self, po_path: Path, language: str) -> Catalog:
        if po_path.exists():
            with po_path.open("rb") as handle:
                return read_po(handle, locale=language)
        return Catalog(locale=language, project="Arrangeer", charset="utf-8")

    def _update(self, po_path: Path, language: str, messages: list[Message]) -> None:
        old = self._read(po_path, language)
        new = Catalog(locale=language, project="Arrangeer", charset="utf-8", fuzzy=False)
        for msgid, context, where in messages:
            file, line = where.rsplit(":", 1)
            new.add(msgid, context=context, locations=[(file, int(line))])
        added = 0
        for message in new:
            if not message.id:
                continue
            previous = old.get(message.id, context=message.context)
            if previous is not None and previous.string:
                message.string = previous.string
                message.user_comments = list(previous.user_comments)
            else:
                added += 1
                if language != "nl":
                    message.user_comments = [UNREVIEWED]
        po_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("wb") as handle:
            write_po(handle, new, width=100, sort_output=True, omit_header=False)
        self.stdout.write(f"{po_path}: {len(new)} messages, {added} without translation.")

    def _check(self, po_path: Path, language: str, messages: list[Message]) -> None:
        catalog = self._read(po_path, language)
        missing: list[str] = []
        for msgid, context, where in messages:
            entry = catalog.get(msgid, context=context)
            strings = entry.string if entry is not None else None
            complete = all(strings) if isinstance(strings, tuple) else bool(strings)
            if entry is None or not complete or entry.fuzzy:
                shown = msgid[0] if isinstance(msgid, tuple) else msgid
                missing.append(f"  {where}: {shown!r}")
        if missing:
            raise CommandError(
                f"{len(missing)} user-facing strings have no translation in {po_path}:\n"
                + "\n".join(sorted(set(missing)))
                + "\nRun `manage.py translations extract` and fill in the msgstr lines."
            )
        unread = sum(1 for entry in catalog if entry.id and UNREVIEWED in entry.user_comments)
        note = f"; {unread} not yet reviewed by a native speaker" if unread else ""
        self.stdout.write(
            f"Translations complete ({language}): {len(messages)} strings checked{note}."
        )

    def _compile(self, po_path: Path) -> None:
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        self.stdout.write(f"Compiled {mo_path}.")
