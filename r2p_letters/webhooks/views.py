"""An organization's webhooks: for its owners only (others get 404 or 403, as everywhere in organizations)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.organizations.models import Role
from r2p_letters.organizations.permissions import get_organization_for_user

from .forms import EndpointForm
from .models import Endpoint
from .services import endpoint_create, endpoint_delete

LOG_LENGTH = 50


def _endpoint(request: HttpRequest, slug: str, pk: int) -> Endpoint:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    return get_object_or_404(Endpoint.objects.select_related("organization"), pk=pk, organization=organization)


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_list(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = endpoint_create(
            organization=organization,
            user=request.user,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
        )
        messages.success(request, _("The endpoint is registered. Check its signatures with the secret below."))
        return redirect(endpoint)
    endpoints = organization.webhook_endpoints.all()
    return render(request, "webhooks/list.html", {"organization": organization, "endpoints": endpoints, "form": form})


@login_required
@require_safe
def endpoint_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, pk)
    deliveries = endpoint.deliveries.prefetch_related("attempts")[:LOG_LENGTH]
    return render(
        request,
        "webhooks/detail.html",
        {"organization": endpoint.organization, "endpoint": endpoint, "deliveries": deliveries},
    )


@login_required
@require_POST
def endpoint_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, pk)
    endpoint_delete(endpoint=endpoint)
    messages.success(request, _("The endpoint is removed."))
    return redirect("webhooks:list", slug)
