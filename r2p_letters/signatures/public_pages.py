"""The public pages anonymous readers share (the library, a letter's page, its document), kept rendered in the
cache (Redis in production, this process's memory without REDIS_URL) and served before sessions, CSRF and
messages run: a hit costs one SQL query and two cache reads. docs/DECISIONS.md, "Public page cache", has why.

A page is keyed by what it shows: the letter's ``print_version`` (every write of the letters services and every
signature bumps it) and ``updated_at`` (status changes), the sign-on's count (``signature_count_cached``), the
reader's language, host and path. Only readers without a session or messages cookie are served from it, and only
what an anonymous reader was answered (200, no cookie set) is stored; entries expire after PAGE_MAX_AGE seconds,
which bounds what the key does not see (a sign-on reaching its deadline, a translation added).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import get_language_from_request

from r2p_letters.letters.models import Letter

from .models import signature_count_cached

PAGE_MAX_AGE = 30
CACHED_VIEWS = {"letters:library", "letters:detail", "letters:document"}
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-DNS-Prefetch-Control",
)
# Readers with either cookie may see something of their own (a member's page, a message after signing).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Increase when a change of the pages' templates must not be served from entries made before it.
FORMAT = "1"


def _version(name: str, kwargs: dict) -> tuple | None:
    """What the page shows changes with: one query (None: not a public page, the view answers)."""
    if name == "letters:library":
        row = Letter.objects.public().aggregate(Count("pk"), Max("updated_at"), Sum("print_version"), Max("pk"))
        return tuple(row.values())
    # The versions in other languages it links to (its own translations, or its original's) change it too.
    row = (
        Letter.objects.public()
        .filter(slug=kwargs["slug"])
        .annotate(translated=Max("translations__updated_at"), siblings=Max("original__translations__updated_at"))
        .values_list(
            "pk",
            "print_version",
            "updated_at",
            "sign_on__pk",
            "original__print_version",
            "original__updated_at",
            "translated",
            "siblings",
        )
        .first()
    )
    if row is None:
        return None
    sign_on = row[3]
    return (*row, signature_count_cached(sign_on) if sign_on else None)


def _key(request: HttpRequest) -> str | None:
    if request.method != "GET" or any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return None
    query = request.META.get("QUERY_STRING", "")
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    name = match.view_name
    if name not in CACHED_VIEWS or (query and not (name == "letters:library" and query[:5] == "page=")):
        return None
    version = _version(name, match.kwargs)
    if version is None:
        return None
    parts = (
        FORMAT,
        request.scheme,
        request.get_host(),
        request.path,
        query,
        get_language_from_request(request),
        version,
    )
    return "public-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def _mark_shared(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    # Browsers and a proxy keep the page but ask again each time: an edit shows at once, and costs a 304.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))


class PublicPageCacheMiddleware:
    """Serve the anonymous readers' pages from the cache; keep them there. Placed before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        etag = quote_etag(key.split(":", 1)[1])
        entry = cache.get(key)
        if entry is not None:
            if etag in parse_etags(request.headers.get("If-None-Match", "")):
                response = HttpResponseNotModified()
            else:
                response = HttpResponse(entry["content"])
                for header, value in entry["headers"]:
                    response[header] = value
            response["X-Page-Cache"] = "hit"
            _mark_shared(response, etag)
            return response
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and user is not None
            and not user.is_authenticated
        ):
            headers = [(header, response[header]) for header in KEPT_HEADERS if header in response]
            cache.set(key, {"content": response.content, "headers": headers}, PAGE_MAX_AGE)
            response["X-Page-Cache"] = "miss"
            _mark_shared(response, etag)
        return response
