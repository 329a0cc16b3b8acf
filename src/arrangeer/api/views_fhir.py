"""REST API v1: the FHIR R4B export of a case's plan (see api/fhir.py for the mapping)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from arrangeer.audit.constants import Event

from . import fhir
from .views import _access

FHIR_JSON = "application/fhir+json"


class CaseFhir(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["fhir"], responses={(200, FHIR_JSON): OpenApiTypes.OBJECT})
    def get(self, request: Request, case_id: UUID) -> HttpResponse:
        """The plan as a FHIR R4B Bundle (type collection) of CarePlan, Goal, CareTeam and
        Consent resources, validated with fhir.resources, with what you may see only."""
        access = _access(request, case_id, event=Event.EXPORT, object_type="fhir_bundle")
        body = fhir.bundle(access).model_dump_json(exclude_none=True)
        return HttpResponse(body, content_type=FHIR_JSON)
