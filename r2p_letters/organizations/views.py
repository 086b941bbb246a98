"""Organizations: create one, manage its members and invitations, accept an invitation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.lib.email_limits import EmailLimitReached

from .forms import InvitationForm, OrganizationForm, RoleForm
from .logos import logo_content_type
from .models import Invitation, Organization, Role
from .permissions import get_organization_for_user
from .services import (
    invitation_accept,
    invitation_send,
    membership_change_role,
    membership_remove,
    organization_create,
    organization_refresh,
)


def _error_message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organization").order_by("organization__name")
    return render(request, "organizations/list.html", {"memberships": memberships})


@login_required
@require_http_methods(["GET", "POST"])
def organization_new(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organization = organization_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s is created; you are its owner.") % {"name": organization.name})
        return redirect(organization)
    return render(request, "organizations/form.html", {"form": form, "creating": True})


def _detail_page(
    request: HttpRequest, organization: Organization, membership, *, invitation_form=None, status: int = 200
) -> HttpResponse:
    """The organization's page; ``invitation_form`` keeps what an owner typed when an invitation was refused."""
    is_owner = membership.role == Role.OWNER
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "membership": membership,
            "is_owner": is_owner,
            "memberships": organization.memberships.select_related("user").order_by("user__email"),
            "invitations": [i for i in organization.invitations.all() if i.is_pending] if is_owner else [],
            "invitation_form": (invitation_form or InvitationForm()) if is_owner else None,
            "roles": Role.choices,
        },
        status=status,
    )


@login_required
@require_safe
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = get_organization_for_user(request.user, slug)
    return _detail_page(request, organization, membership)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organization_refresh(organization=form.save())
        messages.success(request, _("Saved."))
        return redirect(organization)
    return render(request, "organizations/form.html", {"form": form, "organization": organization})


@require_safe
def organization_logo(request: HttpRequest, slug: str) -> FileResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not organization.logo:
        raise Http404
    # The type Pillow reads in the file, never one guessed from its name: a logo stored before logos were
    # re-encoded may be a PNG named .pdf (and a PDF too).
    content_type = logo_content_type(organization.logo)
    if content_type is None:
        raise Http404
    response = FileResponse(organization.logo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    # SecurityMiddleware sets it on every response (SECURE_CONTENT_TYPE_NOSNIFF); a logo needs it whatever
    # the settings say, so that no browser reads it as anything but the image type above.
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def invitation_new(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_send(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, _error_message(error))
        except EmailLimitReached as error:
            form.add_error(None, error.message)
            return _detail_page(request, organization, membership, invitation_form=form, status=429)
        else:
            messages.success(request, _("An invitation is on its way to %(email)s.") % {"email": invitation.email})
    else:
        messages.error(
            request,
            _("The invitation was not sent: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(organization)


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    member = get_object_or_404(organization.memberships, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            membership_change_role(membership=member, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.") % {"person": member.user, "role": member.get_role_display().lower()},
            )
    return redirect(organization)


@login_required
@require_POST
def membership_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Owners remove anyone; every member may remove themselves (leave)."""
    organization, membership = get_organization_for_user(request.user, slug)
    member = get_object_or_404(organization.memberships, pk=pk)
    if member != membership and membership.role != Role.OWNER:
        raise Http404
    try:
        membership_remove(membership=member)
    except ValidationError as error:
        messages.error(request, _error_message(error))
        return redirect(organization)
    if member == membership:
        messages.success(request, _("You left %(name)s.") % {"name": organization.name})
        return redirect("organizations:list")
    messages.success(request, _("%(person)s is no longer a member.") % {"person": member.user})
    return redirect(organization)


@require_http_methods(["GET", "POST"])
def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation page: accepting is a POST by the invited person, logged in."""
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(invitation)
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organization.name})
            return redirect(invitation.organization)
    return render(request, "organizations/invitation.html", {"invitation": invitation})
