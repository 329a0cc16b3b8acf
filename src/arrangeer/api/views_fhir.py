"""REST API v1: the FHIR R4B export of a case's plan (see api/fhir.py for the mapping)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from arrangeer.audit.constants import Event

from . import fhir
from .base import CaseScopedView, case_access

FHIR_JSON = "application/fhir+json"
DRAFT = "concept"


class CaseFhir(CaseScopedView):
    @extend_schema(
        tags=["fhir"],
        parameters=[
            OpenApiParameter(
                "versie",
                str,
                enum=[DRAFT],
                description="`concept`: the draft being written instead of the plan in force.",
            )
        ],
        responses={(200, FHIR_JSON): OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, case_id: UUID) -> HttpResponse:
        """The plan in force (the adopted version; the draft with `?versie=concept`) as a FHIR
        R4B Bundle (type collection) of CarePlan, Goal, Observation, Patient, CareTeam,
        Organization and Consent resources, validated with fhir.resources, with what you may
        see only."""
        access = case_access(request, case_id, event=Event.EXPORT, object_type="fhir_bundle")
        choice = request.query_params.get("versie")
        if choice not in (None, DRAFT):
            raise serializers.ValidationError(
                {
                    "versie": [
                        _(
                            "Leave out “versie” for the plan in force, or give “concept” "
                            "for the draft."
                        )
                    ]
                }
            )
        body = fhir.bundle(access, draft=choice == DRAFT).model_dump_json(exclude_none=True)
        return HttpResponse(body, content_type=FHIR_JSON)
