"""The language switch every page carries: a form without a CSRF token, so that pages read anonymously set no
cookie and can be served from the public pages' cache (docs/DECISIONS.md, "Public page cache")."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


def is_same_origin(request: HttpRequest) -> bool:
    """Whether the browser says the form was sent from one of our pages (Fetch metadata, else Origin); a client
    that sends neither (no browser, or a very old one) is not a cross-site form and is let through."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt  # the check below stands for the token: another site cannot change a reader's language
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    if not is_same_origin(request):
        return HttpResponseForbidden()
    return set_language(request)
