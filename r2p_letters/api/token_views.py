"""The organization's API tokens (owners only), and the API's browsable documentation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.organizations.models import Role
from r2p_letters.organizations.permissions import get_organization_for_user

from .forms import ApiTokenForm
from .services import api_token_create, api_token_revoke


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    form = ApiTokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, text = api_token_create(organization=organization, name=form.cleaned_data["name"], user=request.user)
            created = {"token": token, "text": text}  # shown on this page once, never again
            form = ApiTokenForm()
        else:
            status = 422
    response = render(
        request,
        "api/tokens.html",
        {"organization": organization, "tokens": organization.api_tokens.all(), "form": form, "created": created},
        status=status,
    )
    response["Cache-Control"] = "no-store"  # the token's text must not stay in a cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    token = get_object_or_404(organization.api_tokens, pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("api:tokens", organization.slug)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI from our own static files (drf-spectacular-sidecar), started by a script file: no inline script."""
    return render(request, "api/docs.html")
