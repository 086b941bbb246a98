"""An organization's own letter templates (house styles): copy a built-in one, edit, try, save."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.organizations.models import Role
from r2p_letters.organizations.permissions import get_organization_for_user
from r2p_letters.printing.sandbox import LetterRenderError
from r2p_letters.printing.views import as_letter_document, document_failure

from .forms import LetterTemplateForm
from .models import LetterTemplate
from .services import letter_template_check, letter_template_create_for


@login_required
@require_safe
def template_list(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = get_organization_for_user(request.user, slug)
    return render(
        request,
        "letters/templates/list.html",
        {
            "organization": organization,
            "is_owner": membership.role == Role.OWNER,
            "builtins": LetterTemplate.objects.filter(is_builtin=True),
            "own": organization.letter_templates.all(),
        },
    )


@login_required
@require_POST
def template_copy(request: HttpRequest, slug: str) -> HttpResponse:
    """A new house style, copied from a built-in template (or from one of the organization's own)."""
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    source = get_object_or_404(LetterTemplate.objects.usable_by(organization), slug=request.POST.get("source", ""))
    template = letter_template_create_for(
        organization=organization, source=source, name=_("%(name)s (copy)") % {"name": source.name}
    )
    messages.success(request, _("A copy of “%(name)s” is ready to edit.") % {"name": source.name})
    return redirect("letters:template_edit", organization.slug, template.slug)


def _own_template(organization, template_slug: str) -> LetterTemplate:
    # Built-in templates are not the organization's: they cannot be edited, only copied.
    return get_object_or_404(organization.letter_templates, slug=template_slug)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, slug: str, template_slug: str) -> HttpResponse:
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    template = _own_template(organization, template_slug)
    form = LetterTemplateForm(request.POST or None, instance=template)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Template saved."))
            return redirect("letters:template_edit", organization.slug, template.slug)
        messages.error(request, _("Not saved: the template has an error (see below). Your text is kept."))
    return render(
        request, "letters/templates/edit.html", {"organization": organization, "template": template, "form": form}
    )


@login_required
@require_POST
@as_letter_document
def template_preview(request: HttpRequest, slug: str, template_slug: str) -> HttpResponse:
    """The sample letter rendered with the unsaved template, for the preview frame."""
    organization, _membership = get_organization_for_user(request.user, slug, at_least=Role.OWNER)
    _own_template(organization, template_slug)
    try:
        html = letter_template_check(html=request.POST.get("html", ""), css=request.POST.get("css", ""))
    except LetterRenderError as error:
        return document_failure(request, error)
    return HttpResponse(html, content_type="text/html; charset=utf-8")
