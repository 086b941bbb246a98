"""The pages for a refused form (CSRF) and a server error, in the site's layout and language."""

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from when it is one of ours, else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return "/"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (an expired page, cookies blocked): how to send it again. A form
    sent into a frame (the previews) gets a short document for the frame, not the site's page nested in it."""
    if request.headers.get("Sec-Fetch-Dest") in ("iframe", "frame"):
        response = HttpResponseForbidden(render(request, "403_csrf_frame.html").content)
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response
    response = render(request, "403_csrf.html", {"back_url": _back_url(request)})
    return HttpResponseForbidden(response.content)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page. It is rendered without the request's context processors, so without the database (which
    may be what failed): no menu that asks who is logged in."""
    html = render_to_string("500.html", {"back_url": request.get_full_path()})
    return HttpResponseServerError(html)
