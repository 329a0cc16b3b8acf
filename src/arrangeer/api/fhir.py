"""A case's plan as a FHIR R4B Bundle (type collection), validated by fhir.resources.

What is exported is the plan in force: the adopted version, frozen as the parents agreed to it
(an adjustment in progress does not change it). The draft only on request (`draft=True`).
Around the plan: the child as a Patient, a Goal per goal with an Observation per measurement,
the CareTeam, an Organization per organisation named (with its BRIN, KvK and AGB) and, for the
regisseur only, a Consent per consent record.

The viewer's data categories apply: a goal, module or measurement of a category they may not
see is absent; the BSN only for who may see it (the dossier's rule, cases.dossier.child_fields).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from django.db import models
from django.utils import timezone

from fhir.resources.R4B.bundle import Bundle

from arrangeer.cases.access import CaseAccess, valid_team_members
from arrangeer.cases.dossier import child_fields
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation
from arrangeer.plans import snapshot
from arrangeer.plans.constants import Achievement, PlanStatus, VersionStatus
from arrangeer.plans.models import Measurement, Module, Plan, PlanVersion
from arrangeer.vocabulary import DataCategory

CATEGORY_SYSTEM = "https://arrangeer.nl/fhir/CodeSystem/data-category"
ACHIEVEMENT_SYSTEM = "https://arrangeer.nl/fhir/CodeSystem/achievement"
CHILD_SYSTEM = "https://arrangeer.nl/fhir/NamingSystem/child"
PLAN_VERSION_SYSTEM = "https://arrangeer.nl/fhir/NamingSystem/plan-version"
# The official Dutch naming systems (fhir.nl). The BRIN has none: see docs/api.md.
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
AGB_SYSTEM = "http://fhir.nl/fhir/NamingSystem/agb-z"
KVK_SYSTEM = "http://fhir.nl/fhir/NamingSystem/kvk"
BRIN_SYSTEM = "https://arrangeer.nl/fhir/NamingSystem/brin"
# nl-core profiles (Nictiz), named where one fits the resource.
NL_CORE = "http://nictiz.nl/fhir/StructureDefinition/"
PATIENT_PROFILE = NL_CORE + "nl-core-Patient"
CARE_TEAM_PROFILE = NL_CORE + "nl-core-CareTeam"
HEALTHCARE_PROVIDER_PROFILE = NL_CORE + "nl-core-HealthcareProvider-Organization"
# Organisations that give care (zib HealthcareProvider); a school or a municipality does not.
CARE_ORGANISATIONS = frozenset(
    {OrganisationType.CARE_PROVIDER, OrganisationType.YOUTH_TEAM, OrganisationType.JGZ}
)
# The ground of a consent: the explicit consent of the AVG (GDPR art. 9(2)(a)), opt-in.
CONSENT_POLICY = {
    "authority": "https://eur-lex.europa.eu",
    "uri": "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
}
CONSENT_POLICY_RULE = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
            "code": "OPTIN",
            "display": "opt-in",
        }
    ]
}
# Organisations have no uuid of their own: a stable one from the primary key.
_ORGANISATION_NAMESPACE = uuid5(NAMESPACE_URL, "https://arrangeer.nl/fhir/Organization")

DRAFT_CAREPLAN_STATUS = {
    PlanStatus.DRAFT: "draft",
    PlanStatus.AWAITING_AGREEMENT: "draft",
    PlanStatus.ADOPTED: "active",
    PlanStatus.CLOSED: "completed",
}
DRAFT_GOAL_STATUS = {
    PlanStatus.DRAFT: "proposed",
    PlanStatus.AWAITING_AGREEMENT: "proposed",
    PlanStatus.ADOPTED: "active",
    PlanStatus.CLOSED: "completed",
}


def _urn(value: UUID | str) -> str:
    return f"urn:uuid:{value}"


def organisation_id(organisation: Organisation) -> UUID:
    return uuid5(_ORGANISATION_NAMESPACE, str(organisation.pk))


def _choice_label(model: type[models.Model], name: str, value: str) -> str:
    return str(dict(model._meta.get_field(name).flatchoices).get(value, value))  # type: ignore[union-attr]


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


class _Export:
    """The resources of one Bundle for one viewer; organisations collected as they are named."""

    def __init__(self, access: CaseAccess) -> None:
        self.access = access
        self.allowed = frozenset(access.categories)
        self.organisations: dict[int, Organisation] = {}
        child = access.case.child
        self.shown = {f.name: f.value for f in child_fields(access)}
        identifier = (
            {"system": BSN_SYSTEM, "value": self.shown["bsn"]}
            if self.shown.get("bsn")
            else {"system": CHILD_SYSTEM, "value": str(child.uuid)}
        )
        self.identifier = identifier
        self.child = {
            "reference": _urn(child.uuid),
            "type": "Patient",
            "identifier": identifier,
            "display": child.full_name,
        }

    # The child ----------------------------------------------------------------------------

    def patient(self) -> dict[str, Any]:
        child = self.access.case.child
        birth = self.shown.get("date_of_birth")
        return {
            "resourceType": "Patient",
            "id": str(child.uuid),
            "meta": {"profile": [PATIENT_PROFILE]},
            "identifier": [self.identifier],
            "name": [
                {
                    "use": "official",
                    "text": child.full_name,
                    "family": child.last_name,
                    "given": [child.first_name],
                }
            ],
            "birthDate": birth.isoformat() if isinstance(birth, dt.date) else None,
        }

    # Organisations ------------------------------------------------------------------------

    def organisation_ref(self, organisation: Organisation) -> dict[str, Any]:
        self.organisations.setdefault(organisation.pk, organisation)
        return {
            "reference": _urn(organisation_id(organisation)),
            "type": "Organization",
            "display": organisation.name,
        }

    def organisation(self, organisation: Organisation) -> dict[str, Any]:
        identifiers = [
            {"system": system, "value": value}
            for system, value in (
                (BRIN_SYSTEM, organisation.brin),
                (KVK_SYSTEM, organisation.kvk),
                (AGB_SYSTEM, organisation.agb),
            )
            if value
        ]
        care = organisation.type in CARE_ORGANISATIONS
        return {
            "resourceType": "Organization",
            "id": str(organisation_id(organisation)),
            "meta": {"profile": [HEALTHCARE_PROVIDER_PROFILE]} if care else None,
            "identifier": identifiers,
            "active": organisation.is_active,
            "type": [{"text": organisation.get_type_display()}],
            "name": organisation.name,
        }

    # The plan -----------------------------------------------------------------------------

    def care_plan(
        self,
        plan: Plan,
        content: snapshot.Content,
        *,
        status: str,
        version: PlanVersion | None,
        goals: list[dict[str, Any]],
        providers: dict[str, Organisation],
    ) -> dict[str, Any]:
        goal_ids = {g["uuid"] for g in goals}
        modules = sorted(
            self._visible(content.get("module", [])),
            key=lambda m: (str(m.get("start_date") or ""), m["uuid"]),
        )
        resource: dict[str, Any] = {
            "resourceType": "CarePlan",
            "id": str(plan.uuid),
            "status": status,
            "intent": "plan",
            "title": "Integraal arrangement",
            "subject": self.child,
            "careTeam": [{"reference": _urn(self.access.case.uuid)}],
            "goal": [{"reference": _urn(g["uuid"])} for g in goals],
            "activity": [self._activity(m, goal_ids, providers) for m in modules],
        }
        if version is not None:
            resource["identifier"] = [
                {"system": PLAN_VERSION_SYSTEM, "value": f"{plan.uuid}/{version.number}"}
            ]
            if version.adopted_at is not None:
                resource["period"] = {"start": version.adopted_at.isoformat()}
        return resource

    def _visible(self, entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in entries if e.get("category") in self.allowed]

    def visible_goals(self, content: snapshot.Content) -> list[dict[str, Any]]:
        return sorted(
            self._visible(content.get("goal", [])),
            key=lambda g: (str(g.get("side") or ""), str(g.get("deadline") or ""), g["uuid"]),
        )

    def _activity(
        self, module: dict[str, Any], goal_ids: Collection[str], providers: dict[str, Organisation]
    ) -> dict[str, Any]:
        provider = providers.get(module.get("provider") or "")
        performer = (
            self.organisation_ref(provider)
            if provider is not None
            else {"display": module.get("provider")}
        )
        return {
            "detail": {
                "kind": "ServiceRequest",
                "code": {"text": _choice_label(Module, "function", module.get("function", ""))},
                "status": "in-progress",
                "description": module.get("title"),
                "goal": [{"reference": _urn(g)} for g in module.get("goals", []) if g in goal_ids],
                "scheduledPeriod": {
                    "start": module.get("start_date"),
                    "end": module.get("end_date"),
                },
                "performer": [performer],
                "location": {"display": _choice_label(Module, "place", module.get("place", ""))},
            },
            "extension": [
                {
                    "url": f"{CATEGORY_SYSTEM}-of-activity",
                    "valueCoding": _category(module["category"])["coding"][0],
                }
            ],
        }

    def goal(
        self, entry: dict[str, Any], status: str, observations: list[Measurement]
    ) -> dict[str, Any]:
        target: dict[str, Any] = {
            "measure": {"text": entry.get("indicator")},
            "detailString": entry.get("target"),
            "dueDate": entry.get("deadline"),
        }
        return {
            "resourceType": "Goal",
            "id": entry["uuid"],
            "lifecycleStatus": status,
            "category": [_category(entry["category"])],
            "description": {"text": entry.get("what") or "—"},
            "subject": self.child,
            "target": [target],
            "note": [{"text": f"Baseline: {entry['baseline']}"}] if entry.get("baseline") else None,
            "expressedBy": {"display": entry["owner"]} if entry.get("owner") else None,
            "outcomeReference": [{"reference": _urn(m.uuid)} for m in observations],
        }

    def observation(self, measurement: Measurement, goal: dict[str, Any]) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": str(measurement.uuid),
            "status": "final",
            "category": [_category(goal["category"])],
            "code": {"text": goal.get("indicator") or goal.get("what") or "—"},
            "subject": self.child,
            "focus": [{"reference": _urn(goal["uuid"]), "type": "Goal"}],
            "effectiveDateTime": measurement.measured_on.isoformat(),
            "performer": [{"display": measurement.measured_by.get_full_name()}],
            "note": [{"text": measurement.note}] if measurement.note else None,
        }
        if measurement.value is not None:
            resource["valueQuantity"] = {"value": measurement.value}
            low, high = goal.get("scale_min"), goal.get("scale_max")
            if low is not None and high is not None:
                resource["referenceRange"] = [
                    {"low": {"value": Decimal(low)}, "high": {"value": Decimal(high)}}
                ]
        else:
            label = str(Achievement(measurement.achievement).label)
            resource["valueCodeableConcept"] = {
                "coding": [
                    {
                        "system": ACHIEVEMENT_SYSTEM,
                        "code": measurement.achievement,
                        "display": label,
                    }
                ],
                "text": label,
            }
        return resource

    # The team and the consents ------------------------------------------------------------

    def care_team(self) -> dict[str, Any]:
        members = (
            valid_team_members()
            .filter(case=self.access.case)
            .select_related("membership__user", "membership__organisation")
            .order_by("pk")
        )
        return {
            "resourceType": "CareTeam",
            "id": str(self.access.case.uuid),
            "meta": {"profile": [CARE_TEAM_PROFILE]},
            "status": "active" if self.access.case.is_open else "inactive",
            "subject": self.child,
            "participant": [
                {
                    "role": [{"text": m.membership.get_role_display()}],
                    "member": {"display": m.membership.user.get_full_name()},
                    "onBehalfOf": self.organisation_ref(m.membership.organisation),
                }
                for m in members
            ],
        }

    def consent(self, consent: Consent) -> dict[str, Any]:
        period: dict[str, Any] = {"start": consent.valid_from.isoformat()}
        if consent.valid_until:
            period["end"] = consent.valid_until.isoformat()
        performers: list[dict[str, Any]] = []
        if consent.given_by_representative is not None:
            performers.append(
                {"type": "RelatedPerson", "display": str(consent.given_by_representative)}
            )
        if consent.given_by_child:
            performers.append({key: self.child[key] for key in ("reference", "type", "display")})
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
            "patient": self.child,
            "dateTime": consent.recorded_at.isoformat(),
            "performer": performers,
            "policy": [CONSENT_POLICY],
            "policyRule": CONSENT_POLICY_RULE,
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
                        "reference": self.organisation_ref(consent.organisation),
                    }
                ],
                "purpose": [
                    {"system": CATEGORY_SYSTEM + "-purpose", "display": consent.purpose[:200]}
                ],
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


def _providers(plan: Plan) -> dict[str, Organisation]:
    """The plan's providers by the name a frozen version holds (str of the organisation)."""
    found = Organisation.objects.filter(
        pk__in=Module.objects.filter(plan=plan).values("provider")
    ).order_by("pk")
    by_name: dict[str, Organisation] = {}
    for organisation in found:
        by_name.setdefault(str(organisation), organisation)
    return by_name


def _plan_entries(export: _Export, plan: Plan, *, draft: bool) -> list[dict[str, Any]]:
    """The CarePlan, its Goals and their Observations: of the version in force, or the draft."""
    version: PlanVersion | None = None
    if draft:
        content = snapshot.build(plan)
        care_plan_status = DRAFT_CAREPLAN_STATUS[PlanStatus(plan.status)]
        goal_status = DRAFT_GOAL_STATUS[PlanStatus(plan.status)]
    else:
        version = PlanVersion.objects.filter(plan=plan, status=VersionStatus.ADOPTED).first()
        if version is None:
            return []
        content = version.content
        closed = plan.status == PlanStatus.CLOSED
        care_plan_status = "completed" if closed else "active"
        goal_status = "completed" if closed else "active"
    goals = export.visible_goals(content)
    measurements: dict[str, list[Measurement]] = {}
    for measurement in (
        Measurement.objects.in_categories(export.access)
        .filter(goal__plan=plan, goal__uuid__in=[g["uuid"] for g in goals])
        .select_related("goal", "measured_by")
        .order_by("measured_on", "pk")
    ):
        measurements.setdefault(str(measurement.goal.uuid), []).append(measurement)
    entries = [
        export.care_plan(
            plan,
            content,
            status=care_plan_status,
            version=version,
            goals=goals,
            providers=_providers(plan),
        )
    ]
    entries.extend(export.goal(g, goal_status, measurements.get(g["uuid"], [])) for g in goals)
    entries.extend(export.observation(m, g) for g in goals for m in measurements.get(g["uuid"], []))
    return entries


def bundle(access: CaseAccess, *, draft: bool = False) -> Bundle:
    """The Bundle for this viewer, validated (pydantic raises on anything FHIR refuses)."""
    export = _Export(access)
    plan = Plan.objects.filter(case=access.case).first()
    entries = _plan_entries(export, plan, draft=draft) if plan is not None else []
    entries.append(export.patient())
    entries.append(export.care_team())
    consents: list[dict[str, Any]] = []
    if access.is_regisseur:
        records = Consent.objects.filter(case=access.case).select_related(
            "organisation", "given_by_representative"
        )
        consents = [export.consent(c) for c in records.order_by("recorded_at", "pk")]
    entries.extend(export.organisation(o) for o in export.organisations.values())
    entries.extend(consents)
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "identifier": {"system": "urn:ietf:rfc:3986", "value": _urn(uuid4())},
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": [
                {"fullUrl": _urn(entry["id"]), "resource": _clean(entry)} for entry in entries
            ],
        }
    )
