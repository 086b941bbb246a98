"""The pages of a letter's language versions: add a version in another language, mark which one is authoritative."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Letter
from .permissions import can_manage_language_versions, get_letter_for_user
from .services import LanguageVersionRefused, language_version_make_authoritative, letter_translation_create

LANGUAGE_ORDER = [code for code, _name in settings.LETTER_LANGUAGES]


class AddLanguageVersionForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Add a version in…"), choices=settings.LETTER_LANGUAGES)


def _language_versions(letter: Letter) -> list[Letter]:
    """Every version of the letter, the original first, then in the order of the letter languages."""
    versions = letter.language_versions().only(
        "pk", "slug", "title", "language", "status", "is_authoritative", "original_id"
    )
    return sorted(
        versions,
        key=lambda v: (
            v.original_id is not None,
            LANGUAGE_ORDER.index(v.language) if v.language in LANGUAGE_ORDER else 99,
        ),
    )


def language_versions_context(user, letter: Letter, role: str | None) -> dict:
    """What the letter page shows about versions: the list with links (for the versions this user may read),
    the authoritative one, the sign-on of the original, and the forms editors use. One query."""
    versions = _language_versions(letter)
    original = next((v for v in versions if v.original_id is None), letter)
    member = role is not None or user.is_staff
    rows = [
        {
            "letter": v,
            "current": v.pk == letter.pk,
            "readable": member or Letter.public_status(v.status, original.status if v.original_id else None),
            "name_local": get_language_info(v.language)["name_local"],
        }
        for v in versions
    ]
    # At most one is flagged (a database constraint); the original is authoritative should none be.
    authoritative = next((r for r in rows if r["letter"].is_authoritative), None) or next(
        (r for r in rows if r["letter"].original_id is None), None
    )
    present = {v.language for v in versions}
    manage = can_manage_language_versions(role)
    add_form = None
    if manage and len(present) < len(LANGUAGE_ORDER):
        add_form = AddLanguageVersionForm()
        add_form.fields["language"].choices = [(c, n) for c, n in settings.LETTER_LANGUAGES if c not in present]
    original_sign_on = getattr(letter.original, "sign_on", None) if letter.original_id else None
    return {
        "language_versions": rows if len(rows) > 1 else [],
        "authoritative_version": authoritative,
        "is_translation": letter.original_id is not None,
        "original_sign_on": original_sign_on,
        "add_language_version_form": add_form,
        # Once signatures open, the text they sign stays the authoritative one.
        "can_mark_authoritative": manage and len(rows) > 1 and getattr(letter.original_letter, "sign_on", None) is None,
    }


def _letter_for_version_editor(request: HttpRequest, slug: str) -> Letter:
    letter, role = get_letter_for_user(request.user, slug, letters=Letter.objects.select_related("original"))
    if not can_manage_language_versions(role):
        raise PermissionDenied
    return letter


@login_required
@require_POST
def language_version_add(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Add a version in…": a draft in that language, with the authoritative text to translate."""
    letter = _letter_for_version_editor(request, slug)
    form = AddLanguageVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages in the list."))
        return redirect(letter)
    try:
        version = letter_translation_create(letter=letter, language=form.cleaned_data["language"], user=request.user)
    except LanguageVersionRefused as error:
        messages.error(request, str(error))
        return redirect(letter)
    messages.success(
        request,
        _("A new version (%(language)s): translate each section. It prints the signatories of the original letter.")
        % {"language": version.get_language_display()},
    )
    return redirect("letters:compose", version.slug)


@login_required
@require_POST
def language_version_authoritative(request: HttpRequest, slug: str) -> HttpResponse:
    """Make this version the authoritative text of the letter (the mark leaves the one that had it)."""
    letter = _letter_for_version_editor(request, slug)
    try:
        language_version_make_authoritative(letter=letter)
    except LanguageVersionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("This version (%(language)s) is now the authoritative text.")
            % {"language": letter.get_language_display()},
        )
    return redirect(letter)
