"""Pages of a long list without counting it: "is there a next page" is one row more than the
page. A COUNT over a caseload of 25,000 cases costs more than the 50 rows shown, and nobody
needs "page 3 of 500" to find a case (search and filters do that)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

# Beyond this page the offset itself gets expensive; nobody leafs that far.
MAX_PAGE = 1000


@dataclass(frozen=True)
class Window:
    number: int
    rows: list[Any]
    has_next: bool

    @classmethod
    def of(cls, items: QuerySet[Any] | Sequence[Any], page: str | None, size: int) -> Window:
        number = int(page) if page and page.isdigit() else 1
        number = min(max(number, 1), MAX_PAGE)
        rows = list(items[(number - 1) * size : number * size + 1])
        if not rows and number > 1:  # past the end (an old link): the first page
            number = 1
            rows = list(items[: size + 1])
        return cls(number, rows[:size], len(rows) > size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1
