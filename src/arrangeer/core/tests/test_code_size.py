"""The size rule of docs/architecture.md ("Types and size"), checked: no product module over
500 lines, no function over 60. A module that grows past it is split by aggregate or page
group, a function by named steps; ruff's C901 keeps a function's paths few, this keeps it
short. Tests and migrations are outside the rule (a test reads best as one story, a
migration is written by Django)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]  # src/arrangeer

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def product_modules(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
    )


def long_modules(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)}: {lines} lines"
        for path in product_modules(root)
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]


def long_functions(root: Path) -> list[str]:
    found = []
    for path in product_modules(root):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}: {lines}")
    return found


def test_no_product_module_is_over_500_lines() -> None:
    found = long_modules(SRC)
    assert not found, "Split by aggregate or page group:\n" + "\n".join(found)


def test_no_product_function_is_over_60_lines() -> None:
    found = long_functions(SRC)
    assert not found, "Split into named steps:\n" + "\n".join(found)


def test_the_rule_finds_a_long_module_and_function_but_not_in_tests(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "services.py").write_text(
        f"def short():\n    pass\n\n\ndef long():\n{body}\n"
    )
    (tmp_path / "app" / "big.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "tests" / "test_x.py").write_text(f"def test_long():\n{body}\n" * 10)
    assert long_functions(tmp_path) == [f"app/services.py:5 long: {MAX_FUNCTION_LINES + 1}"]
    assert long_modules(tmp_path) == [f"app/big.py: {MAX_MODULE_LINES + 1} lines"]
