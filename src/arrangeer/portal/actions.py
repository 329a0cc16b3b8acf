"""The regisseur's "Mijn acties" learn what the family said in the portal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.accounts.models import User
from arrangeer.cases.models import Case
from arrangeer.plans.constants import AgreementDecision, AgreementEvidence, VersionStatus
from arrangeer.plans.models import ParentAgreement
from arrangeer.routes.actions import Action, register_action_source


@register_action_source(
    "parent_disagrees",
    label=gettext_lazy("Parents who do not agree with the plan"),
    mail=gettext_lazy("A parent does not agree with a plan you are the regisseur of."),
)
def parent_disagrees(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    """Open while the version the parent said no to is still the one with the parents."""
    for agreement in (
        ParentAgreement.objects.filter(
            version__plan__case__in=cases.filter(regisseur=user),
            version__status=VersionStatus.AWAITING,
            decision=AgreementDecision.DISAGREES,
            evidence=AgreementEvidence.PORTAL,
        )
        .select_related("version__plan__case__child", "representative")
        .order_by("pk")
    ):
        case = agreement.version.plan.case
        yield Action(
            source="parent_disagrees",
            case=case,
            title=_("%(parent)s does not agree with version %(number)s of the plan")
            % {"parent": agreement.representative, "number": agreement.version.number},
            due=timezone.localtime(agreement.recorded_at).date(),
            url=reverse("plans:agreement", kwargs={"case_id": case.uuid}),
            key=f"parent_disagrees:{agreement.pk}",
            remind_from=timezone.localtime(agreement.recorded_at).date(),
        )
