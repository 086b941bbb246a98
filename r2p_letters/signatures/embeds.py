"""The embeds: a sign form and counter other sites put in an iframe, a counter as JSON for the script snippet,
and oEmbed. Only these routes may be framed by another site (CSP frame-ancestors, X-Frame-Options).

The embedded form is anonymous on purpose: in a third-party iframe browsers do not send our SameSite=Lax
cookies, so it reads no session, sets no cookie, and is exempt from CSRF (it acts for no logged-in user:
a forged post could only do what anyone can do on the public form). Rate limits, the honeypot and the email
confirmation still apply (docs/DECISIONS.md, "Embeds").
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_user

from .forms import SignForm
from .models import SignOn
from .views import Refused, sign_submit

COUNTER_MAX_AGE = 30  # seconds: the count an embed shows is at most this old
EMBED_WIDTH, EMBED_HEIGHT = 480, 720

framable = csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})


def _public_sign_on(slug: str) -> SignOn:
    """The sign-on of a public letter, read as an anonymous visitor would (embeds carry no one's cookies)."""
    letter, _role = get_letter_for_user(AnonymousUser(), slug, letters=Letter.objects.select_related("sign_on"))
    sign_on = getattr(letter, "sign_on", None)
    if sign_on is None:
        raise Http404
    return sign_on


def _language(request: HttpRequest) -> None:
    """The language the embedding site asks for (``?lang=fr``), else the visitor's browser's."""
    language = request.GET.get("lang", "")
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        request.LANGUAGE_CODE = language


def counter_text(count: int) -> str:
    return ngettext("%(count)s organization has signed", "%(count)s organizations have signed", count) % {
        "count": count
    }


@csrf_exempt
@xframe_options_exempt
@framable
@require_http_methods(["GET", "POST"])
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    _language(request)
    sign_on = _public_sign_on(slug)
    context = {"letter": sign_on.letter, "sign_on": sign_on, "counter": counter_text(sign_on.shown_count)}
    if request.method == "GET":
        return render(
            request,
            "signatures/embed.html",
            {**context, "form": SignForm(sign_on=sign_on, language=get_language() or "en")},
        )
    form = SignForm(request.POST, sign_on=sign_on, language=get_language() or "en")
    try:
        submitted = sign_submit(request, sign_on, form)
    except Refused as refused:
        return render(
            request, "signatures/embed.html", {**context, "form": form, "error": refused.message}, status=refused.status
        )
    if submitted is not None and submitted.is_duplicate:
        error = _("This organization has already signed this letter.")
        return render(request, "signatures/embed.html", {**context, "form": form, "error": error}, status=409)
    return render(request, "signatures/embed.html", {**context, "sent_to": form.data.get("email", "")})


@require_safe
@cache_control(public=True, max_age=COUNTER_MAX_AGE)
def counter(request: HttpRequest, slug: str) -> JsonResponse:
    """The count for the script snippet: from SignOn.shown_count (no COUNT), open to every origin, no cookie."""
    _language(request)
    sign_on = _public_sign_on(slug)
    response = JsonResponse(
        {
            "count": sign_on.shown_count,
            "text": counter_text(sign_on.shown_count),
            "url": request.build_absolute_uri(sign_on.letter.get_absolute_url()),
            "sign_url": request.build_absolute_uri(reverse("signatures:sign", args=[slug])),
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@cache_control(public=True, max_age=300)
def oembed(request: HttpRequest) -> JsonResponse:
    """oEmbed (https://oembed.com) for a letter's page: a rich type, the embed in an iframe."""
    url = request.GET.get("url", "")[:500]
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"error": "only json"}, status=501)
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        raise Http404 from None
    if match.view_name not in ("letters:detail", "signatures:embed"):
        raise Http404
    sign_on = _public_sign_on(match.kwargs["slug"])
    src = request.build_absolute_uri(reverse("signatures:embed", args=[sign_on.letter.slug]))
    title = sign_on.letter.title
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": _("R2P Letters"),
            "provider_url": request.build_absolute_uri("/"),
            "title": title,
            "width": EMBED_WIDTH,
            "height": EMBED_HEIGHT,
            "html": f'<iframe src="{escape(src)}" width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}" '
            f'title="{escape(title)}" style="border:0;max-width:100%"></iframe>',
        }
    )
