"""Errors as problem details (RFC 9457): JSON with type, title, status and detail."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_title(code: int) -> str:
    titles = {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Conflict"),
        415: _("Unsupported media type"),
        429: _("Too many requests"),
    }
    return titles.get(code, _("Error"))


def problem(code: int, detail: str, **extra) -> dict:
    # "about:blank": the HTTP status says what kind of problem it is (RFC 9457, section 4.2.1).
    return {"type": "about:blank", "title": problem_title(code), "status": code, "detail": detail, **extra}


def exception_handler(exc, context):
    """DRF's handler (which sets WWW-Authenticate and Retry-After), its body made a problem document."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("Some values are not valid: see “errors”.")
        extra["errors"] = response.data
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = str(response.data["detail"])
    else:
        detail = str(response.data)
    body = problem(response.status_code, detail, **extra)
    problem_response = Response(body, status=response.status_code, content_type=PROBLEM_CONTENT_TYPE)
    for header, value in response.items():
        if header.lower() != "content-type":
            problem_response[header] = value
    return problem_response


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a problem document, not the site's HTML 404 page."""
    body = problem(status.HTTP_404_NOT_FOUND, _("There is nothing at this address."))
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
