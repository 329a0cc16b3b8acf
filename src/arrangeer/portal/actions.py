"""The regisseur's "Mijn acties" learn what the family said in the portal: a parent who does not
agree with the plan, a consent withdrawn (both with the reason), and what is new from the family
(logbook, files, remarks) until the regisseur marked it as read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from arrangeer.accounts.models import User
from arrangeer.cases.actions import CASE_FIELDS, PERSON, Action, first, register_action_source
from arrangeer.cases.models import Case
from arrangeer.plans.constants import AgreementDecision, AgreementEvidence, VersionStatus
from arrangeer.plans.models import ParentAgreement

from .models import FamilyMessage, MessageKind

# A reason in a line of Mijn acties: enough to know what it is about; the page has the rest.
REASON_CHARS = 160


def _disagrees_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [
        ParentAgreement.objects.filter(
            version__plan__case__regisseur=PERSON,
            version__status=VersionStatus.AWAITING,
            decision=AgreementDecision.DISAGREES,
            evidence=AgreementEvidence.PORTAL,
        ).values("pk")
    ]


@register_action_source(
    "parent_disagrees",
    label=gettext_lazy("Parents who do not agree with the plan"),
    mail=gettext_lazy("A parent does not agree with a plan you are the regisseur of."),
    led=True,
    probe=_disagrees_probe,
)
def parent_disagrees(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """Open while the version the parent said no to is still the one with the parents."""
    agreements = ParentAgreement.objects.filter(
        version__plan__case__in=cases.filter(regisseur=user),
        version__status=VersionStatus.AWAITING,
        decision=AgreementDecision.DISAGREES,
        evidence=AgreementEvidence.PORTAL,
    ).select_related("version__plan__case__child", "representative")

    def order(a: ParentAgreement) -> tuple[object, ...]:
        case = a.version.plan.case
        return (timezone.localtime(a.recorded_at).date(), case.child.last_name, case.pk, a.pk)

    for agreement in first(agreements, order, limit):
        case = agreement.version.plan.case
        yield Action(
            source="parent_disagrees",
            case=case,
            title=_("%(parent)s does not agree with version %(number)s of the plan: “%(reason)s”")
            % {
                "parent": agreement.representative,
                "number": agreement.version.number,
                "reason": Truncator(agreement.note).chars(REASON_CHARS),
            },
            due=timezone.localtime(agreement.recorded_at).date(),
            view="plans:agreement",
            key=f"parent_disagrees:{agreement.pk}",
            remind_from=timezone.localtime(agreement.recorded_at).date(),
            tiebreak=agreement.pk,
        )


def _unread(*kinds: str) -> QuerySet[Any]:
    """The family's messages of these kinds on a case they lead, not yet read."""
    return FamilyMessage.objects.filter(
        case__regisseur=PERSON, kind__in=kinds, read_at__isnull=True
    ).values("pk")


@register_action_source(
    "family_withdrew_consent",
    label=gettext_lazy("Consents the family withdrew"),
    mail=gettext_lazy("The family withdrew a consent in a case you are the regisseur of."),
    led=True,
    # No probe: a withdrawal comes with the family's news (portal/tests/test_from_family.py
    # asks the same queries for one message as for many of every kind).
)
def family_withdrew_consent(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """Open until the regisseur marked the withdrawal as read on "Van het gezin"."""
    found = FamilyMessage.objects.filter(
        case__in=cases.filter(regisseur=user),
        kind=MessageKind.CONSENT_WITHDRAWN,
        read_at__isnull=True,
    ).select_related("case__child", "author", "consent__organisation")

    def order(m: FamilyMessage) -> tuple[object, ...]:
        return (timezone.localtime(m.given_at).date(), m.case.child.last_name, m.case_id, m.pk)

    for message in first(found, order, limit):
        assert message.consent is not None
        day = timezone.localtime(message.given_at).date()
        values = {
            "person": message.author or _("The family"),
            "organisation": message.consent.organisation.name,
            "reason": Truncator(message.text).chars(REASON_CHARS),
        }
        yield Action(
            source="family_withdrew_consent",
            case=message.case,
            title=(
                _("%(person)s withdrew the consent for %(organisation)s: “%(reason)s”") % values
                if message.text
                else _("%(person)s withdrew the consent for %(organisation)s (no reason given)")
                % values
            ),
            due=day,
            view="portal:from_family",
            key=f"family_withdrew_consent:{message.pk}",
            remind_from=day,
            tiebreak=message.pk,
        )


_NEWS_KINDS = (MessageKind.LOGBOOK, MessageKind.UPLOAD, MessageKind.REMARK)


def _news_title(counts: dict[str, int]) -> str:
    parts = []
    if counts.get(MessageKind.LOGBOOK):
        n = counts[MessageKind.LOGBOOK]
        parts.append(ngettext("%(n)d logbook entry", "%(n)d logbook entries", n) % {"n": n})
    if counts.get(MessageKind.UPLOAD):
        n = counts[MessageKind.UPLOAD]
        parts.append(ngettext("%(n)d file", "%(n)d files", n) % {"n": n})
    if counts.get(MessageKind.REMARK):
        n = counts[MessageKind.REMARK]
        parts.append(ngettext("%(n)d remark", "%(n)d remarks", n) % {"n": n})
    return _("New from the family: %(what)s") % {"what": ", ".join(parts)}


@dataclass
class _News:
    name: str
    since: dt.datetime
    latest: int
    counts: dict[str, int] = field(default_factory=dict)


def _news_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [_unread(*_NEWS_KINDS)]


@register_action_source(
    "family_news",
    label=gettext_lazy("New from the family"),
    mail=gettext_lazy("The family gave something new in a case you are the regisseur of."),
    led=True,
    probe=_news_probe,
)
def family_news(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """One line per case with what the family gave that the regisseur has not read yet.
    Counted per case and kind in the database (one query), then only the cases shown are
    loaded (a second)."""
    rows = (
        FamilyMessage.objects.filter(
            case__in=cases.filter(regisseur=user),
            kind__in=_NEWS_KINDS,
            read_at__isnull=True,
        )
        .values_list("case_id", "case__child__last_name", "kind")
        .annotate(n=Count("pk"), since=Min("given_at"), latest=Max("pk"))
        .order_by()
    )
    per_case: dict[int, _News] = {}
    for case_id, name, kind, n, since, latest in rows:
        news = per_case.setdefault(case_id, _News(name, since, latest))
        news.counts[kind] = n
        news.since = min(news.since, since)
        news.latest = max(news.latest, latest)
    if not per_case:
        return
    shown = first(
        per_case.items(),
        lambda item: (timezone.localtime(item[1].since).date(), item[1].name, item[0]),
        limit,
    )
    loaded = (
        Case.objects.select_related("child").only(*CASE_FIELDS).in_bulk([pk for pk, _ in shown])
    )
    for pk, news in shown:
        since = timezone.localtime(news.since).date()
        yield Action(
            source="family_news",
            case=loaded[pk],
            title=_news_title(news.counts),
            due=since,
            view="portal:from_family",
            key=f"family_news:{pk}:{news.latest}",
            remind_from=since,
        )
