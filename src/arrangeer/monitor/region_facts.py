"""The rows of the monitor's facts of the regional outcomes and the Integraal Loket
(models_region), read live: per fact table, its columns (the key first) and the SELECT that
gives them in that order, from the source rows joined with their case, child and school. What
services_region writes, and what a count on the facts equals (the tests compare both)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Field,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable

from arrangeer.cases.models import Case
from arrangeer.loket.models import Consult, Match, Registration
from arrangeer.plans.constants import DecisionStatus, Instrument
from arrangeer.plans.models import Module
from arrangeer.referrals.models import EnrolmentCheck, Exemption, MeldcodeStep, VerwijsindexSignal

from .dimensions import case_dimensions
from .models_region import (
    ConsultFact,
    ExemptionFact,
    MatchFact,
    MeldcodeFact,
    OutcomeFact,
    TlvFact,
    VerwijsindexFact,
)
from .tables import DIMENSION_PATHS

# The case's dimensions (models.CaseDimensions), in the order every table lists them.
DIMENSIONS = ("region", "child", *DIMENSION_PATHS)


@dataclass(frozen=True)
class FactTable:
    """A fact table: its model, its columns in the SELECT's order, the source rows (all of
    them), the path from a source row to its case, and the values of the other columns."""

    model: type[Model]
    key: str
    source: Callable[[], QuerySet[Any]]
    case: str
    values: Callable[[], Mapping[str, Combinable]]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.key, *(_column(self.model, name) for name in self.values()))

    def rows(self, source: QuerySet[Any]) -> QuerySet[Any]:
        """The SELECT of `source`'s rows, in the columns' order (the annotations are named
        `r_<column>`, so none meets a field of the source's model)."""
        values = {f"r_{name}": value for name, value in self.values().items()}
        rows: QuerySet[Any] = source.order_by().annotate(**values).values_list("pk", *values)
        return rows


def _column(model: type[Model], name: str) -> str:
    """The column a model's field is stored in (a foreign key's `<name>_id`)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.column)


def _case_table(
    model: type[Model],
    key: str,
    source: Callable[[], QuerySet[Any]],
    *fields: str,
    case: str = "case",
    **own: Combinable,
) -> FactTable:
    """The fact table of a case's child data: its key, its source rows, the path to its case;
    the values of a row are its case, the case's dimensions, its own `own` values and then its
    own `fields` (each read from the source row's field of that name)."""

    def values() -> dict[str, Combinable]:
        prefix = f"{case}__"
        columns = {"case": F(f"{prefix}pk"), **case_dimensions(prefix), **own}
        return columns | {name: F(name) for name in fields}

    return FactTable(model, key, source, case, values)


def tlv_source() -> QuerySet[Any]:
    """The TLVs granted: a module with the instrument TLV, decided, not removed."""
    return Module.objects.filter(
        instrument=Instrument.TLV,
        decision_status=DecisionStatus.GRANTED,
        removed_at__isnull=True,
        decided_on__isnull=False,
    )


def outcome_values() -> dict[str, Combinable]:
    check = EnrolmentCheck.objects.filter(case=OuterRef("pk")).values("outcome")[:1]
    return {
        **case_dimensions(),
        "closed_at": F("closed_at"),
        "destination": F("destination"),
        "success": Subquery(check),
    }


# The child behind a match: the first of the region's registrations of the child's BSN.
EDUCATION = "education__"


def match_values() -> dict[str, Combinable]:
    first = (
        Registration.objects.filter(
            region=OuterRef(f"{EDUCATION}region"), bsn=OuterRef(f"{EDUCATION}bsn")
        )
        .order_by()
        .values("bsn")
        .annotate(first=Min("pk"))
        .values("first")
    )
    organisation = f"{EDUCATION}organisation__"
    return {
        "region": F(f"{EDUCATION}region"),
        "person": Subquery(first),
        "source": F(f"{EDUCATION}source"),
        "matched_at": F("matched_at"),
        "school": F(f"{EDUCATION}organisation"),
        "municipality": F(f"{organisation}municipality"),
        "sector": F(f"{organisation}sector"),
        "route": F(f"{EDUCATION}case__route"),
        "swv": F(f"{organisation}swv"),
        "school_board": F(f"{organisation}school_board"),
    }


TLVS = _case_table(
    TlvFact,
    "module_id",
    tlv_source,
    "decided_on",
    "decision_ends_on",
    case="plan__case",
    provider_sector=F("provider__sector"),
)
EXEMPTIONS = _case_table(
    ExemptionFact, "exemption_id", Exemption.objects.all, "ground", "starts_on", "ends_on"
)
OUTCOMES = FactTable(
    OutcomeFact,
    "case_id",
    lambda: Case.objects.filter(closed_at__isnull=False),
    "pk",
    outcome_values,
)
CONSULTS = _case_table(
    ConsultFact, "consult_id", Consult.objects.all, "urgency", "asked_at", "advised_at", "due_on"
)
MELDCODE = _case_table(
    MeldcodeFact, "meldcode_step_id", MeldcodeStep.objects.all, "step", "done_on", "decision"
)
VERWIJSINDEX = _case_table(
    VerwijsindexFact,
    "signal_id",
    VerwijsindexSignal.objects.all,
    "given_on",
    matched=ExpressionWrapper(~Q(match_with=""), output_field=BooleanField()),
)
MATCHES = FactTable(MatchFact, "match_id", Match.objects.all, f"{EDUCATION}case", match_values)
# The tables of a case's child data (refreshed per case, child or school), and all of them.
CASE_TABLES = (TLVS, EXEMPTIONS, OUTCOMES, CONSULTS, MELDCODE, VERWIJSINDEX)
TABLES = (*CASE_TABLES, MATCHES)
