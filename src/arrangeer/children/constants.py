from django.db import models
from django.utils.translation import gettext_lazy as _

from arrangeer.vocabulary import DataCategory


class Relation(models.TextChoices):
    MOTHER = "moeder", _("Mother")
    FATHER = "vader", _("Father")
    PARENT = "ouder", _("Parent")
    CARER = "verzorger", _("Carer")
    GUARDIAN = "voogd", _("Guardian")
    OTHER = "anders", _("Other")


# Which data category each piece of child data belongs to. Fields not named here are shown to
# every member of the case team: what identifies the child (name, date of birth, school), and
# what everyone needs to talk with the family (language at home, interpreter). The parents
# themselves (names, parental authority, contact) are partners at the table, known to the whole
# team. The BSN has its own rule (roles that need it, see cases/access.py).
CHILD_FIELD_CATEGORIES: dict[str, str] = {
    "group": DataCategory.EDUCATION,
    "sector": DataCategory.EDUCATION,
    "address": DataCategory.FAMILY,
    "phone": DataCategory.FAMILY,
    "email": DataCategory.FAMILY,
}
