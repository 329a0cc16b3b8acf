"""What the writes of group arrangements share: the names the access log uses, the place's
terms, the cost fields of the business case, and the checks of who manages a group."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from arrangeer.accounts.models import User
from arrangeer.vocabulary import DataCategory

from .. import selectors
from ..models import GroupArrangement

OBJECT_TYPE = "group_place"
# The group's registration of attendance and progress, as the access log names it.
REGISTER_OBJECT_TYPE = "group_registration"
# The place is a module of the education side of the plan: the child learns in a class.
MODULE_CATEGORY = DataCategory.EDUCATION
# A place runs a school year at a time; the evaluation decides on the next.
PLACE_DAYS = 365

COST_FIELDS = (
    "yearly_cost",
    "replaced_count",
    "replaced_hours",
    "replaced_product_code",
    "replaced_framework",
)


def _require_manager(user: User, group: GroupArrangement) -> None:
    if not selectors.may_manage(user, group):
        raise PermissionDenied(_("Only the region's policy officers and SWV staff can do this."))


def _lock(group: GroupArrangement) -> GroupArrangement:
    return GroupArrangement.objects.select_for_update().get(pk=group.pk)
