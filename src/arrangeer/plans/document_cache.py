"""The groeidocument of an adopted version, built once per reader's view and kept.

An adopted version never changes (PlanVersion.FROZEN_FIELDS; its agreement was recorded
before adoption), so its document is the same for everyone who sees the same categories in the
same language, until something printed around the version changes: the child's name, school
or date of birth, the regisseur, the plan's status, the reader's organisation, or the progress
of its goals (a new measurement or evaluation round, document_progress.digest, read each time:
three queries, far cheaper than building the PDF). The key is a digest of all of these, so a
change makes a new key and the old document is never served again (it expires from the
cache). A draft, or a version still with the parents, is always
built fresh. Reading it is still an export in the access log: the view went through the access
layer before it asks here.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from arrangeer.cases.access import CaseAccess

from . import document_progress, pdf
from .models import Plan, PlanVersion

DOCUMENTS = "documents"


def groeidocument(access: CaseAccess, *, plan: Plan, version: PlanVersion | None) -> bytes:
    if version is None or version.adopted_at is None:
        return pdf.groeidocument(access, plan=plan, version=version)
    cache = caches[DOCUMENTS]
    key = document_key(access, plan, version)
    body = cache.get(key)
    if not isinstance(body, bytes):
        body = pdf.groeidocument(access, plan=plan, version=version)
        cache.set(key, body, settings.DOCUMENT_CACHE_SECONDS)
    return body


def document_key(access: CaseAccess, plan: Plan, version: PlanVersion) -> str:
    case = access.case
    child = case.child
    assert version.adopted_at is not None
    parts = [
        version.pk,
        version.content_hash,
        version.adopted_at.isoformat(),
        sorted(access.categories),
        translation.get_language() or settings.LANGUAGE_CODE,
        access.organisation.name if access.organisation else "",
        plan.status,
        child.full_name,
        child.date_of_birth.isoformat(),
        child.school.name if child.school else "",
        str(case.regisseur),
        document_progress.digest(document_progress.goal_progress(access, plan, version)),
    ]
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
    return f"groeidocument:{digest}"
