"""An import-linter contract for the public modules of each app (docs/architecture.md).

`lint-imports` (run by `make lint`) loads it through `contract_types` in pyproject.toml. The
layers contract says which app may import which; this one says *what* of another app it may
import: the modules every app publishes by convention (`models`, `services`, ...) and the few
modules an app publishes besides (its registries, listed one by one in pyproject.toml).
Everything else in an app is private to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import cast

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class PrivateImport:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


class PublicModulesContract(Contract):
    """Options:
    - container: the package whose direct children are the apps (`arrangeer`).
    - public: module names that are public in every app (`models`, `services`, ...); their
      submodules are public too (`plans.services.items`).
    - also_public: further public modules, by full name (submodules included).
    - exempt: importers that are not checked (fnmatch patterns: tests, migrations, the root
      URLconf that wires every app's views).
    """

    type_name = "public_modules"

    container = fields.StringField()
    public = fields.ListField(subfield=fields.StringField())
    also_public = fields.ListField(subfield=fields.StringField(), required=False)
    exempt = fields.ListField(subfield=fields.StringField(), required=False)

    # import-linter fills the fields in on the instance; the class attributes are descriptors
    # of the options, so the values are read through these casts.
    def _names(self, option: str) -> list[str]:
        return list(cast(list[str] | None, getattr(self, option)) or [])

    def _app_of(self, module: str) -> str | None:
        container = cast(str, self.container)
        if not module.startswith(container + "."):
            return None
        return f"{container}.{module[len(container) + 1 :].split('.')[0]}"

    def _is_public(self, module: str, app: str) -> bool:
        if module == app:
            return True
        if module[len(app) + 1 :].split(".")[0] in self._names("public"):
            return True
        also = self._names("also_public")
        return any(module == name or module.startswith(name + ".") for name in also)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        exempt = self._names("exempt")
        found: list[PrivateImport] = []
        for importer in sorted(graph.modules):
            source = self._app_of(importer)
            if source is None or any(fnmatchcase(importer, pattern) for pattern in exempt):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = self._app_of(imported)
                if target is None or target == source or self._is_public(imported, target):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                found.append(
                    PrivateImport(importer, imported, tuple(d["line_number"] for d in details))
                )
        warnings = [
            f"{name} is listed in also_public but is not a module."
            for name in self._names("also_public")
            if name not in graph.modules
        ]
        return ContractCheck(kept=not found, metadata={"private": found}, warnings=warnings)

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports of another app's private modules:", bold=False)
        output.new_line()
        for item in check.metadata["private"]:
            lines = ", ".join(map(str, item.line_numbers))
            output.print_error(f"- {item.importer} -> {item.imported} (l.{lines})", bold=False)
        output.new_line()
        output.print(
            "Use the app's public modules (docs/architecture.md), or publish the module on "
            "purpose: add it to also_public in pyproject.toml and to the table in "
            "docs/architecture.md."
        )
