"""The category half of the access rule cannot be forgotten (docs/adr/0007-category-scoping.md).

Child data with a data category is read through the access layer only: `Model.objects
.visible_to(access)`, `.in_categories(access)`, `access.get(Model, uuid)` or `access_item(...)`.
This test reads the source of every view, API module, template tag, selector, export, PDF and
feed (the modules that show child data) and fails when one of them starts a query on such a
model in another way, or filters on a category by hand (`category__in=`). The way Zulip guards
its access functions: a check over the syntax tree, with the exceptions named below.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models

import pytest

from arrangeer.cases.scoping import ScopedQuerySet

SRC = Path(__file__).resolve().parents[2]  # src/arrangeer

# The modules that show child data to a person (relative to src/arrangeer).
# A module split out of one of these keeps its guard: the patterns take the family of names
# (`selectors_places.py`) and a package of the same name (`export/`).
GUARDED_PATTERNS = (
    "*/views*.py",
    "*/views*/*.py",
    "api/**/*.py",
    "*/templatetags/*.py",
    "*/selectors*.py",
    "*/selectors*/*.py",
    "*/view_objects*.py",
    "*/export*.py",
    "*/export*/*.py",
    "*/pdf*.py",
    "*/feeds*.py",
    "*/serializers*.py",
    "*/dossier*.py",
    "*/figures*.py",
)

# Modules that may start a query on a scoped model without the access layer, and why. Each
# entry names the module and the model; nothing else in the module is exempt.
ALLOWED: dict[tuple[str, str], str] = {
    # The plan page counts which goals the live modules serve, over every module of the plan
    # (a served goal is served whoever may read the module); only the viewer's modules are
    # shown (`access.allows`, next line in the selector).
    ("plans/selectors.py", "Module"): "served goals count every live module",
    # The serializer's declared queryset is only for the schema; __init__ replaces it with
    # `Goal.objects.visible_to(access)` for every request.
    ("api/serializers_items.py", "Goal"): "schema-only queryset, replaced per request",
    # The regisseur's evaluation (POST, regisseur only) finds the goals it rates by id in the
    # case's plan; `plans.services.record_evaluation` checks them. (Exempt before under the
    # serializer's reason, when both sat in views_items.)
    ("api/views_items.py", "Goal"): "the evaluation's rated goals, checked by the service",
    # An evaluation's decision and dates are the team's; only its summary has a category,
    # shown with `access.allows(evaluation.category)`.
    ("plans/selectors.py", "Evaluation"): "only the summary has a category",
    ("plans/export.py", "Evaluation"): "only the summary has a category",
    ("plans/views_lifecycle.py", "Evaluation"): "only the summary has a category",
    # The FHIR bundle names a frozen version's providers: organisations, no module data.
    ("api/fhir.py", "Module"): "finds organisations by name, reads nothing of the modules",
    # The family member's own preparations for an MDO (author = the reader).
    ("meetings/export.py", "Preparation"): "the reader's own preparations",
    ("portal/views_meetings.py", "Preparation"): "the reader's own preparations",
}

# Models with a data category that are not scoped by the access layer themselves, and why.
UNSCOPED_WITH_CATEGORY: dict[str, str] = {
    # The meeting is the team's; its category is that of the minutes, which the meetings
    # selector shows or hides (`meeting_view`).
    "meetings.Meeting": "the category of its minutes; the meeting is the team's",
    # An agenda item without a category follows the meeting's minutes.
    "meetings.AgendaItem": "follows the meeting's minutes",
    # A rule of the functional administrator, not child data.
    "cases.RetentionRule": "configuration, not child data",
    # The frozen plan: its content carries the categories per entry (plans.snapshot).
    "plans.PlanVersion": "frozen content filtered per entry by plans.snapshot",
    # The access log itself: its data category names what was read.
    "audit.AccessLogEntry": "the access log, read by its own pages",
}

SCOPED_STARTS = frozenset({"visible_to", "visible_to_any", "in_categories", "none"})


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def scoped_model_names() -> frozenset[str]:
    return frozenset(
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet)
    )


def _manager_base(node: ast.expr) -> str | None:
    """`Goal` for `Goal.objects` and `models.Goal.objects`, else None."""
    if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
        owner = node.value
        if isinstance(owner, ast.Name):
            return owner.id
        if isinstance(owner, ast.Attribute):
            return owner.attr
    return None


def _is_access_fetch(call: ast.Call) -> bool:
    """`access.get(...)`, `self.access.get(...)` or `access_item(...)`: the access layer."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "access_item"
    if isinstance(func, ast.Attribute) and func.attr == "get":
        owner = func.value
        name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        return name == "access"
    return False


class _Checker(ast.NodeVisitor):
    def __init__(self, path: str, scoped: frozenset[str]) -> None:
        self.path = path
        self.scoped = scoped
        self.findings: list[Finding] = []

    def visit_Call(self, node: ast.Call) -> None:
        if _is_access_fetch(node):
            # What goes in is refined by the access layer (the case and the categories).
            self.visit(node.func)
            return
        for keyword in node.keywords:
            if keyword.arg is not None and (
                keyword.arg == "category__in" or keyword.arg.endswith("_category__in")
            ):
                self.findings.append(
                    Finding(self.path, node.lineno, f"hand filter on categories ({keyword.arg})")
                )
        func = node.func
        if isinstance(func, ast.Attribute):
            model = _manager_base(func.value)
            if (
                model in self.scoped
                and func.attr not in SCOPED_STARTS
                and (self.path, model) not in ALLOWED
            ):
                self.findings.append(
                    Finding(
                        self.path,
                        node.lineno,
                        f"{model}.objects.{func.attr}() without the access layer",
                    )
                )
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        # A manager handed on without a method of its own (`queryset=Goal.objects`).
        model = _manager_base(node)
        parent = getattr(node, "parent", None)
        if (
            model in self.scoped
            and (self.path, model) not in ALLOWED
            and not isinstance(parent, ast.Attribute)
        ):
            self.findings.append(
                Finding(self.path, node.lineno, f"{model}.objects used without a scope")
            )
        self.generic_visit(node)


def check_source(source: str, path: str, scoped: frozenset[str]) -> list[Finding]:
    tree = ast.parse(source)
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            child.parent = parent  # type: ignore[attr-defined]
    checker = _Checker(path, scoped)
    checker.visit(tree)
    return checker.findings


def guarded_modules() -> list[Path]:
    found: set[Path] = set()
    for pattern in GUARDED_PATTERNS:
        found.update(
            p
            for p in SRC.glob(pattern)
            if not {"tests", "migrations", "testing"} & set(p.relative_to(SRC).parts)
        )
    return sorted(found)


def test_views_api_and_template_tags_read_child_data_through_the_access_layer() -> None:
    scoped = scoped_model_names()
    findings = [
        finding
        for path in guarded_modules()
        for finding in check_source(path.read_text(), str(path.relative_to(SRC)), scoped)
    ]
    assert not findings, "\n".join(map(str, findings))


def test_the_guard_reads_the_modules_that_show_child_data() -> None:
    names = {str(p.relative_to(SRC)) for p in guarded_modules()}
    assert {
        "plans/views.py",
        "api/views_items.py",
        "plans/templatetags/plans.py",
        "meetings/feeds.py",
        "plans/pdf.py",
        "plans/selectors.py",
        "cases/export/parts.py",
    } <= names
    # Every exception names a module that is guarded and a model that is scoped.
    scoped = scoped_model_names()
    for module, model in ALLOWED:
        assert module in names and model in scoped, (module, model)


def test_every_model_with_a_data_category_is_scoped_or_named() -> None:
    """A new model of child data with a category gets a scoped manager (or a reason here)."""
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("arrangeer.") or model.__name__.startswith("Historical"):
            continue
        fields = {f.name for f in model._meta.get_fields() if isinstance(f, models.Field)}
        if "category" not in fields and not any(f.endswith("_category") for f in fields):
            continue
        label = model._meta.label
        scoped = isinstance(model._default_manager.all(), ScopedQuerySet)
        if not scoped and label not in UNSCOPED_WITH_CATEGORY:
            missing.append(label)
    assert not missing, missing


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("Goal.objects.filter(plan__case=access.case)", 1),
        ("Goal.objects.get(uuid=item_id)", 1),
        ("models.Goal.objects.all()", 1),
        ("Goal.objects.visible_to(access).filter(side='onderwijs')", 0),
        ("Goal.objects.in_categories(access).filter(plan=plan)", 0),
        ("access.get(ActionItem.objects.filter(meeting=meeting), action_id)", 0),
        ("access_item(actor, case_id, Goal.objects.select_related('author'), item_id)", 0),
        ("Meeting.objects.filter(case=access.case)", 0),  # not a scoped model
        ("Plan.objects.filter(case=case, category__in=sorted(access.categories))", 1),
        ("x.filter(goal__category__in=allowed)", 1),
        ("Field(queryset=Goal.objects)", 1),
    ],
)
def test_the_guard_catches_a_planted_query(source: str, found: int) -> None:
    scoped = frozenset({"Goal", "ActionItem"})
    assert len(check_source(source, "planted/views.py", scoped)) == found


def test_the_guard_fails_on_a_planted_view_module(tmp_path: Path) -> None:
    """A whole planted view as a new helper might write it: it peeks at the category and
    filters by hand."""
    planted = """
def goal_page(request, case_id, item_id):
    category = Goal.objects.filter(uuid=item_id).values_list("category", flat=True).first()
    access = access_case(Actor.from_request(request), case_id, category=category or "")
    goal = Goal.objects.filter(plan__case=access.case, uuid=item_id).first()
    return render(request, "goal.html", {"goal": goal})
"""
    findings = check_source(planted, "planted/views.py", scoped_model_names())
    assert [f.line for f in findings] == [3, 5]
