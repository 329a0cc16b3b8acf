"""A case's plan as a FHIR R4B Bundle (type collection): one CarePlan, a Goal per goal, one
CareTeam and a Consent per consent record — built from what the viewer may see and validated
by fhir.resources. The viewer's data categories apply: a goal or module of a category they
may not see is absent, consents only for the regisseur (as on the consents page), the BSN
only for who may see it (the dossier's rule, cases.dossier.child_fields)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch

from fhir.resources.R4B.bundle import Bundle

from arrangeer.cases.access import CaseAccess, valid_team_members
from arrangeer.cases.dossier import child_fields
from arrangeer.consents.constants import DataCategory
from arrangeer.consents.models import Consent
from arrangeer.plans.constants import PlanStatus
from arrangeer.plans.models import Goal, Module, Plan

CATEGORY_SYSTEM = "https://arrangeer.nl/fhir/CodeSystem/data-category"
CHILD_SYSTEM = "https://arrangeer.nl/fhir/NamingSystem/child"
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
ORGANISATION_SYSTEM = "https://arrangeer.nl/fhir/NamingSystem/organisation"

CAREPLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.AWAITING_AGREEMENT: "draft",
    PlanStatus.ADOPTED: "active",
    PlanStatus.CLOSED: "completed",
}
GOAL_STATUS = {
    PlanStatus.DRAFT: "proposed",
    PlanStatus.AWAITING_AGREEMENT: "proposed",
    PlanStatus.ADOPTED: "active",
    PlanStatus.CLOSED: "completed",
}


def _urn(value: UUID | str) -> str:
    return f"urn:uuid:{value}"


def _category(code: str) -> dict[str, Any]:
    return {
        "coding": [
            {
                "system": CATEGORY_SYSTEM,
                "code": code,
                "display": str(DataCategory(code).label) if code in DataCategory.values else code,
            }
        ]
    }


def subject(access: CaseAccess) -> dict[str, Any]:
    """The child as a reference: an identifier (the BSN only for who may see it) and the name."""
    child = access.case.child
    shown = {f.name: f.value for f in child_fields(access)}
    identifier = (
        {"system": BSN_SYSTEM, "value": shown["bsn"]}
        if shown.get("bsn")
        else {"system": CHILD_SYSTEM, "value": str(child.uuid)}
    )
    return {"identifier": identifier, "display": child.full_name}


def _goal(goal: Goal, status: str, child: dict[str, Any]) -> dict[str, Any]:
    target: dict[str, Any] = {"measure": {"text": goal.indicator}, "detailString": goal.target}
    if goal.deadline:
        target["dueDate"] = goal.deadline.isoformat()
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": str(goal.uuid),
        "lifecycleStatus": status,
        "category": [_category(goal.category)],
        "description": {"text": goal.what},
        "subject": child,
        "target": [target],
        "note": [{"text": f"Baseline: {goal.baseline}"}] if goal.baseline else None,
    }
    if goal.owner:
        resource["expressedBy"] = {"display": goal.owner}
    return resource


def _activity(module: Module) -> dict[str, Any]:
    return {
        "detail": {
            "kind": "ServiceRequest",
            "code": {"text": module.get_function_display()},
            "status": "in-progress",
            "description": module.title,
            "goal": [{"reference": _urn(g.uuid)} for g in module.goals.all()],
            "scheduledPeriod": {
                "start": module.start_date.isoformat(),
                "end": module.end_date.isoformat(),
            },
            "performer": [{"display": module.provider.name}],
            "location": {"display": module.get_place_display()},
        },
        "extension": [
            {
                "url": f"{CATEGORY_SYSTEM}-of-activity",
                "valueCoding": _category(module.category)["coding"][0],
            }
        ],
    }


def _care_team(access: CaseAccess, child: dict[str, Any]) -> dict[str, Any]:
    members = (
        valid_team_members()
        .filter(case=access.case)
        .select_related("membership__user", "membership__organisation")
        .order_by("pk")
    )
    return {
        "resourceType": "CareTeam",
        "id": str(access.case.uuid),
        "status": "active" if access.case.is_open else "inactive",
        "subject": child,
        "participant": [
            {
                "role": [{"text": m.membership.get_role_display()}],
                "member": {"display": m.membership.user.get_full_name()},
                "onBehalfOf": {
                    "identifier": {
                        "system": ORGANISATION_SYSTEM,
                        "value": str(m.membership.organisation_id),
                    },
                    "display": m.membership.organisation.name,
                },
            }
            for m in members
        ],
    }


def _consent(consent: Consent, child: dict[str, Any]) -> dict[str, Any]:
    period: dict[str, Any] = {"start": consent.valid_from.isoformat()}
    if consent.valid_until:
        period["end"] = consent.valid_until.isoformat()
    return {
        "resourceType": "Consent",
        "id": str(consent.uuid),
        "status": "inactive" if consent.withdrawn_at else "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": child,
        "dateTime": consent.recorded_at.isoformat(),
        "provision": {
            "type": "permit",
            "period": period,
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass",
                                "code": "PROV",
                            }
                        ]
                    },
                    "reference": {
                        "identifier": {
                            "system": ORGANISATION_SYSTEM,
                            "value": str(consent.organisation_id),
                        },
                        "display": consent.organisation.name,
                    },
                }
            ],
            "purpose": [{"system": CATEGORY_SYSTEM + "-purpose", "display": consent.purpose[:200]}],
            "code": [_category(code) for code in consent.categories],
        },
    }


def _clean(value: Any) -> Any:
    """Drop empty values: FHIR allows no empty strings, lists or objects."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned_list = [_clean(v) for v in value]
        return [v for v in cleaned_list if v not in (None, "", [], {})]
    return value


def bundle(access: CaseAccess) -> Bundle:
    """The Bundle for this viewer, validated (pydantic raises on anything FHIR refuses)."""
    allowed = sorted(access.categories)
    child = subject(access)
    plan = Plan.objects.filter(case=access.case).first()
    entries: list[dict[str, Any]] = []
    if plan is not None:
        goals = list(
            Goal.objects.filter(plan=plan, removed_at__isnull=True, category__in=allowed).order_by(
                "side", "deadline", "pk"
            )
        )
        modules = list(
            Module.objects.filter(plan=plan, removed_at__isnull=True, category__in=allowed)
            .select_related("provider")
            .prefetch_related(
                Prefetch(
                    "goals",
                    queryset=Goal.objects.filter(removed_at__isnull=True, category__in=allowed),
                )
            )
            .order_by("start_date", "pk")
        )
        entries.append(
            {
                "resourceType": "CarePlan",
                "id": str(plan.uuid),
                "status": CAREPLAN_STATUS.get(PlanStatus(plan.status), "unknown"),
                "intent": "plan",
                "title": "Integraal arrangement",
                "subject": child,
                "careTeam": [{"reference": _urn(access.case.uuid)}],
                "goal": [{"reference": _urn(g.uuid)} for g in goals],
                "activity": [_activity(m) for m in modules],
            }
        )
        status = GOAL_STATUS.get(PlanStatus(plan.status), "proposed")
        entries.extend(_goal(g, status, child) for g in goals)
    entries.append(_care_team(access, child))
    if access.is_regisseur:
        consents = Consent.objects.filter(case=access.case).select_related("organisation")
        entries.extend(_consent(c, child) for c in consents.order_by("recorded_at", "pk"))
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {"fullUrl": _urn(entry["id"]), "resource": _clean(entry)} for entry in entries
            ],
        }
    )
