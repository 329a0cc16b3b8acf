"""Was the child heard (hoorrecht)? The one rule for the route's check `child_heard`.

Every recorded way of hearing the child counts (002: the child takes part in the MDO, or their
view is heard beforehand):

- the child was present at an MDO that was held (its start has passed, the record is made);
- the child's view was written in the preparation of an MDO that was held;
- the child's own view in the portal ("Hoe denk jij erover?", from 12), or written together
  with a professional on the tab "De stem van het kind" (`portal.models.ChildView`);
- a plan was adopted with the child heard in the meeting or beforehand (the child's view is
  then written on the adopted version; "not heard, because…" does not count).

It lives here, in the highest app that holds one of these records, so that the route, the
pages and the API ask one function; it registers the guard itself (PortalConfig.ready())."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrangeer.meetings.constants import Attendance, InviteeKind, MeetingStatus
from arrangeer.meetings.models import Invitee, Meeting, Preparation
from arrangeer.plans.constants import ChildHeard
from arrangeer.plans.models import PlanVersion
from arrangeer.routes.guards import register

from .models import ChildView

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


@register(
    "child_heard",
    label=_("The child was heard"),
    blocked=_(
        "Hear the child: at the MDO, through their view in the preparation of the MDO or on "
        "the tab “The child's voice” (the young person from 12 also in the portal), or record "
        "at the plan's adoption that the child was heard beforehand."
    ),
)
def child_heard(case: Case) -> bool:
    """Any recorded way of hearing the child (the module's docstring)."""
    if ChildView.objects.filter(case=case).exists():
        return True
    if PlanVersion.objects.filter(
        plan__case=case,
        adopted_at__isnull=False,
        child_heard__in=[ChildHeard.IN_MEETING, ChildHeard.BEFOREHAND],
    ).exists():
        return True
    present = Invitee.objects.filter(
        meeting=OuterRef("pk"), kind=InviteeKind.CHILD, attendance=Attendance.PRESENT
    )
    view = Preparation.objects.filter(meeting=OuterRef("pk"), is_child_view=True)
    return (
        Meeting.objects.filter(
            case=case,
            status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED],
            starts_at__lte=timezone.now(),
        )
        .filter(Q(Exists(present)) | Q(Exists(view)))
        .exists()
    )
