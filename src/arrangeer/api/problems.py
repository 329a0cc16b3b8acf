"""Errors as application/problem+json (RFC 9457), in Dutch or English by Accept-Language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM = "application/problem+json"


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM
    format = "problem+json"


def problem(status_code: int, title: str, detail: str = "", **extra: Any) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(body, status=status_code, content_type=PROBLEM)
    return response


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [
            str(item) if not isinstance(item, (dict, list)) else _flatten(item) for item in detail
        ]
    return [str(detail)]


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error the API answers: one shape. Not allowed and not found are both 404."""
    if isinstance(
        exc, (Http404, exceptions.NotFound, PermissionDenied, exceptions.PermissionDenied)
    ):
        return problem(
            status.HTTP_404_NOT_FOUND,
            _("Not found"),
            _("This resource does not exist or you have no access to it."),
        )
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return problem(
            status.HTTP_400_BAD_REQUEST,
            _("The request is not valid"),
            _("See the errors per field."),
            errors={k: [str(m) for m in v] for k, v in errors.items()},
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            response.status_code,
            _("The request is not valid"),
            _("See the errors per field."),
            errors=_flatten(exc.detail),
        )
    titles = {
        400: _("Bad request"),
        401: _("Not logged in"),
        403: _("Not allowed"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        412: _("Precondition failed"),
        413: _("Request too large"),
        415: _("Unsupported media type"),
        428: _("Precondition required"),
        429: _("Too many requests"),
    }
    detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
    result = problem(
        response.status_code, str(titles.get(response.status_code, _("Error"))), str(detail)
    )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy(
        "The resource changed since you read it. Read it again and retry."
    )
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy("Send the ETag you read in an If-Match header.")
    default_code = "precondition_required"
