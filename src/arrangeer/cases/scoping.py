"""What a person may see *inside* a case: the category half of the access rule, in one place.

`access_case` decides whether someone reaches a case and which data categories they read in
it (`CaseAccess.categories`). Every model of child data that carries a data category gets its
manager from here (`ScopedQuerySet.as_manager()` on a subclass that says where its case and its
category are), and the apps read it only through:

- `Model.objects.visible_to(access)`: the rows of this case in this person's categories (and,
  where the model has them, not removed);
- `Model.objects.visible_to_any(accesses)`: `visible_to` for several cases in one query;
- `Model.objects.in_categories(access)`: the same categories without fixing the case, for a
  query that is already bound to the case by another path (the meetings of the case);
- `access.get(Model, uuid)`: one row of this case in this person's categories, or Http404
  with a refusal in the access log, in one step;
- `access_item(actor, case_id, Model, uuid, ...)`: the case's door and that fetch together,
  logged once with the row's category (docs/adr/0007-category-scoping.md).

The test `cases/tests/test_scoping_guard.py` fails when a view, API module or template tag
queries one of these models by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    from .access import CaseAccess

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset of child data with a data category. Subclasses name the path to the case
    (`case_path`), to the category (`category_path`) and, for soft-removed rows, the removal
    field (`removed_path`)."""

    case_path: ClassVar[str] = "case"
    category_path: ClassVar[str] = "category"
    removed_path: ClassVar[str | None] = None
    # Rows with an empty category are not categorised data of their own (an agenda item
    # without a category follows its meeting): shown to everyone of the case when True.
    blank_is_open: ClassVar[bool] = False

    def categories_q(self, categories: frozenset[str] | set[str]) -> Q:
        q = Q(**{f"{self.category_path}__in": sorted(categories)})
        if self.blank_is_open:
            q |= Q(**{self.category_path: ""})
        return q

    def in_categories(self, access: CaseAccess, *, with_removed: bool = False) -> Self:
        """This person's categories (and not removed, unless `with_removed`: the history of
        the whole file), the case fixed elsewhere."""
        scoped = self.filter(self.categories_q(access.categories))
        if self.removed_path is not None and not with_removed:
            scoped = scoped.filter(**{f"{self.removed_path}__isnull": True})
        return scoped

    def of_case(self, access: CaseAccess) -> Self:
        """Every row of this case, whatever its category: only for the access layer itself
        and for writes that check the category on the row (services)."""
        return self.filter(**{self.case_path: access.case})

    def visible_to(self, access: CaseAccess) -> Self:
        """The rows of this case this person may read."""
        return self.of_case(access).in_categories(access)

    def visible_to_any(self, accesses: Iterable[CaseAccess]) -> Self:
        """`visible_to` for several cases in one query: the rows of each case in the
        categories of that case's access (a page that shows a group of children)."""
        either = Q(pk__in=[])
        for access in accesses:
            either |= Q(**{self.case_path: access.case}) & self.categories_q(access.categories)
        scoped = self.filter(either)
        if self.removed_path is not None:
            scoped = scoped.filter(**{f"{self.removed_path}__isnull": True})
        return scoped

    def with_category(self) -> Self:
        """Annotate each row with its data category as `scoped_category` (for the log)."""
        return self.annotate(scoped_category=F(self.category_path))


def scoped_queryset(model_or_queryset: Any) -> ScopedQuerySet[Any]:
    """The scoped queryset of a model (or the queryset given, if it is scoped already)."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, models.QuerySet)
        else model_or_queryset._default_manager.all()
    )
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{queryset.model.__name__} is not scoped by the access layer.")
    return queryset
