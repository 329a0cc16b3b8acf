from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    """What kind of person an account belongs to; professional roles come from memberships."""

    PROFESSIONAL = "professional", _("Professional")
    PARENT = "parent", _("Parent or carer")
    YOUTH = "youth", _("Young person")
