"""When the database goes away for a moment (restart, failover, lost connections): a clear 503, never a traceback.

The connection that failed is dropped at the end of the request (Django finds it unusable) and the
pool's idle connections are tested at once, so the next requests get working connections: the
application recovers without a restart.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.csp import CSP
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csp import csp_override

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class DatabaseOutageMiddleware:
    """Answer 503 "try again" to a view that lost its database connection. Goes last in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s %s answered 503", request.method, request.path, exc_info=exception)
        discard_broken_pooled_connections()
        return database_unavailable(request)


def discard_broken_pooled_connections() -> None:
    """Test the idle connections of each pool now and replace the broken ones.

    When one connection broke, its idle siblings usually broke with it (the server restarted, or
    ended every session): without this each of them would fail one more request before the pool
    noticed.
    """
    for alias in connections:
        pool = getattr(connections[alias], "pool", None)  # PostgreSQL with a pool only
        if pool is not None and not pool.closed:
            try:
                pool.check()
            except Exception:  # the visitor still gets the 503 page
                logger.warning("Could not check the connection pool %r", alias, exc_info=True)


def _back_url(request: HttpRequest) -> str:
    """The page the form was on (its Back button keeps what was typed), or this page for a GET."""
    referer = request.headers.get("referer", "")
    if request.method == "POST" and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.path if request.method == "POST" else request.get_full_path()


# The page allows one inline script, by nonce: its "Go back" link uses the browser's history, which
# keeps the form's contents, where following the link would load an empty form.
@csp_override({**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]})
def database_unavailable(request: HttpRequest) -> HttpResponse:
    # 503.html extends nothing: the site's layout reads the session and the user, from the database.
    html = render_to_string(
        "503.html",
        {
            "sent_a_form": request.method not in ("GET", "HEAD", "OPTIONS"),
            "back_url": _back_url(request),
            "retry_after": RETRY_AFTER_SECONDS,
        },
        request=request,
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
