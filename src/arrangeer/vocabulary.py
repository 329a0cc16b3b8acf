"""The words every app shares: the data categories access is granted by, and the age bands
that decide who speaks for a child.

The lowest layer of Arrangeer (docs/architecture.md): it imports nothing of the product, so
children, audit, consents, cases and everything above can use the same list without importing
each other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    """Every piece of case data carries one; access is granted per category."""

    EDUCATION = "onderwijs", _("Education")
    YOUTH_CARE = "jeugdhulp", _("Youth care")
    HEALTH = "gezondheid", _("Health")
    FAMILY = "gezin", _("Family")
    SAFETY = "veiligheid", _("Safety")


ALL_CATEGORIES = frozenset(DataCategory.values)


class AgeBand(models.TextChoices):
    """Who decides on consent follows the child's age (WGBO / Jeugdwet)."""

    UNDER_12 = "under_12", _("Under 12: the parents with parental authority decide")
    FROM_12 = (
        "12_to_15",
        _("12 to 15: the child and a parent with parental authority decide together"),
    )
    FROM_16 = "16_plus", _("16 or older: the young person decides alone")
