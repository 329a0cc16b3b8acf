"""Names and ages for generated people: first names for professionals and for children (never
the same), a birth date for an age, and the ages and group of a school sector's pupils."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from arrangeer.accounts.models import User

from .personas import PERSONA_CHILDREN


def birth(rng: random.Random, age: int) -> dt.date:
    """A birth date that makes the child `age` today (and for most of a year to come)."""
    return timezone.localdate() - dt.timedelta(days=age * 365 + rng.randint(20, 200))


def _faker_first_names() -> list[str]:
    from faker.providers.person.nl_NL import Provider

    return sorted(set(Provider.first_names_male) | set(Provider.first_names_female))


def professional_first_names() -> list[str]:
    """First names for generated professionals: half of the Dutch first names, never one of
    a child's (a colleague named like a pupil would confuse the demo)."""
    children = {persona.first_name for persona in PERSONA_CHILDREN}
    return [n for i, n in enumerate(_faker_first_names()) if i % 2 and n not in children]


def child_first_names() -> list[str]:
    """First names for generated children: the other half, without any professional's."""
    from arrangeer.accounts.constants import AccountKind

    taken = set(
        User.objects.filter(kind=AccountKind.PROFESSIONAL).values_list("first_name", flat=True)
    )
    return [n for i, n in enumerate(_faker_first_names()) if not i % 2 and n not in taken]


# School sector → the ages of its pupils and how their group or class is called.
_SECTOR_AGES = {
    "po": (4, 12),
    "sbo": (4, 12),
    "so": (4, 12),
    "vo": (12, 17),
    "vso": (12, 17),
    "mbo": (16, 17),
}


def sector_ages(sector: str) -> tuple[int, int]:
    """The youngest and oldest age of the pupils of a school sector."""
    return _SECTOR_AGES.get(sector, (4, 12))


def age_and_group(sector: str, rng: random.Random) -> tuple[int, str]:
    """An age that fits the school's sector and the group or class that fits the age: groep 1
    at 4 to groep 8 at 11-12 in primary education, klas 1 at 12 in secondary, leerjaar 1 at 16
    in MBO."""
    low, high = sector_ages(sector)
    age = rng.randint(low, high)
    return age, group_for(sector, age)


def group_for(sector: str, age: int) -> str:
    """The group or class of a pupil of `age` in a school of `sector`."""
    if sector in ("vo", "vso"):
        return f"klas {min(6, age - 11)}"
    if sector == "mbo":
        return f"leerjaar {age - 15}"
    return f"groep {min(8, max(1, age - 3))}"
