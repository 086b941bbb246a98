"""The delivery pack page of a letter, its downloads, and the delivery log."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_its_organizations, is_editor
from r2p_letters.lib.errors import StatusError
from r2p_letters.printing.pdf_worker import PDFRenderLimit
from r2p_letters.printing.sandbox import LetterRenderError
from r2p_letters.printing.views import pdf_failure

from .forms import AddresseeFormSet, DeliveryForm, PackChoiceForm
from .services import (
    FULL_COUNCIL,
    addressee_pdf,
    delivery_record,
    guess_audience,
    members_in,
    pack_addressees,
    pack_addressees_save,
    pack_combined_pdf,
    pack_zip,
    presidency_in,
    president_addressee,
    years_with_members,
)


def _choice_form(request: HttpRequest, letter: Letter) -> PackChoiceForm:
    """The month and audience asked for (?month=2026-03&audience=ministers), else the letter's month and audience."""
    years = years_with_members()
    day = letter.date or timezone.localdate()
    if years and day.year not in years:
        day = datetime.date(min(max(day.year, years[0]), years[-1]), day.month, 1)
    data = {
        "month": request.GET.get("month") or f"{day:%Y-%m}",
        "audience": request.GET.get("audience") or guess_audience(letter),
    }
    return PackChoiceForm(data, years=years)


def _pack_url(letter: Letter, choice: PackChoiceForm, name: str = "pack", **kwargs) -> str:
    query = urlencode({"month": choice.data["month"], "audience": choice.data["audience"]})
    return f"{reverse(f'council:{name}', kwargs={'slug': letter.slug, **kwargs})}?{query}"


def _render_pack(
    request: HttpRequest,
    letter: Letter,
    role: str,
    choice: PackChoiceForm,
    *,
    formset=None,
    delivery_form=None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "letter": letter,
        "can_prepare": is_editor(role),
        "choice": choice,
        "deliveries": letter.deliveries.select_related("recorded_by"),
    }
    if choice.is_valid():
        month, audience = choice.cleaned_data["month"], choice.cleaned_data["audience"]
        members = members_in(month.year)
        addressees = pack_addressees(letter, members=members, audience=audience)
        presidency = presidency_in(month.year, month.month)
        if formset is None:
            formset = AddresseeFormSet(
                initial=[{"country": a.member.country.code, **a.own} for a in addressees],
                form_kwargs={"allowed": [m.country.code for m in members]},
            )
        context.update(
            {
                "month": month,
                "audience": audience,
                "rows": [
                    (a, form, _pack_url(letter, choice, "member_pdf", country=a.member.country.code.lower()))
                    for a, form in zip(addressees, formset.forms, strict=False)
                ],
                "formset": formset,
                "member_count": len(members),
                "incomplete": len(members) < FULL_COUNCIL,
                "president": presidency
                and president_addressee(letter, member=presidency.member, presiding=presidency.representative),
                "presiding": presidency.representative if presidency else "",
                "pack_url": _pack_url(letter, choice),
                "zip_url": _pack_url(letter, choice, "pack_zip"),
                "combined_url": _pack_url(letter, choice, "pack_combined"),
                "president_url": _pack_url(letter, choice, "president_pdf"),
                "delivery_form": delivery_form
                or DeliveryForm(members=members, initial={"delivered_on": timezone.localdate()}),
                "log_url": _pack_url(letter, choice, "delivery_add"),
            }
        )
    return render(request, "council/pack.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delivery_pack(request: HttpRequest, slug: str) -> HttpResponse:
    letter, role = get_letter_for_its_organizations(request.user, slug, edit=request.method == "POST")
    choice = _choice_form(request, letter)
    if not choice.is_valid():
        return _render_pack(request, letter, role, choice, status=400)
    if request.method != "POST":
        return _render_pack(request, letter, role, choice)
    members = members_in(choice.cleaned_data["month"].year)
    formset = AddresseeFormSet(request.POST, form_kwargs={"allowed": [m.country.code for m in members]})
    if not formset.is_valid():
        messages.error(request, _("The addressees were not saved: see the messages below."))
        return _render_pack(request, letter, role, choice, formset=formset, status=400)
    pack_addressees_save(
        letter=letter,
        audience=choice.cleaned_data["audience"],
        entries={
            f.cleaned_data["country"]: {k: f.cleaned_data[k].strip() for k in ("name", "title", "salutation")}
            for f in formset.forms
        },
    )
    messages.success(request, _("The addressees are saved."))
    return redirect(_pack_url(letter, choice))


@login_required
@require_POST
def delivery_add(request: HttpRequest, slug: str) -> HttpResponse:
    letter, role = get_letter_for_its_organizations(request.user, slug, edit=True)
    choice = _choice_form(request, letter)
    if not choice.is_valid():
        return _render_pack(request, letter, role, choice, status=400)
    form = DeliveryForm(request.POST, members=members_in(choice.cleaned_data["month"].year))
    if not form.is_valid():
        messages.error(request, _("The delivery was not recorded: see the messages below."))
        return _render_pack(request, letter, role, choice, delivery_form=form, status=400)
    try:
        delivery_record(letter=letter, user=request.user, **form.cleaned_data)
    except StatusError as error:
        messages.error(request, str(error))
        return _render_pack(request, letter, role, choice, delivery_form=form, status=400)
    messages.success(request, _("The delivery is recorded."))
    return redirect(_pack_url(letter, choice))


def _pack_for_download(request: HttpRequest, slug: str):
    """The letter (with everything a render needs), the chosen month and audience, or the pack page's error."""
    letter, role = get_letter_for_its_organizations(request.user, slug, letters=Letter.objects.with_everything())
    choice = _choice_form(request, letter)
    if not choice.is_valid():
        return letter, None, _render_pack(request, letter, role, choice, status=400)
    return letter, choice.cleaned_data, None


def _download(request: HttpRequest, letter: Letter, build, filename: str, content_type: str) -> HttpResponse:
    try:
        body = build()
    except (LetterRenderError, PDFRenderLimit) as error:
        return pdf_failure(request, letter, error)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _month_part(choice: dict) -> str:
    return f"{choice['month']:%Y-%m}"


def _whole_pack_download(request: HttpRequest, slug: str, build, extension: str, content_type: str) -> HttpResponse:
    """The pack for the chosen month and audience, as ``build(letter, addressees)`` makes it."""
    letter, choice, error = _pack_for_download(request, slug)
    if error:
        return error
    addressees = pack_addressees(letter, members=members_in(choice["month"].year), audience=choice["audience"])
    return _download(
        request,
        letter,
        lambda: build(letter, addressees),
        f"{letter.slug}-council-{_month_part(choice)}.{extension}",
        content_type,
    )


@login_required
@require_safe
def pack_zip_download(request: HttpRequest, slug: str) -> HttpResponse:
    return _whole_pack_download(request, slug, pack_zip, "zip", "application/zip")


@login_required
@require_safe
def pack_combined_download(request: HttpRequest, slug: str) -> HttpResponse:
    return _whole_pack_download(request, slug, pack_combined_pdf, "pdf", "application/pdf")


@login_required
@require_safe
def member_pdf_download(request: HttpRequest, slug: str, country: str) -> HttpResponse:
    letter, choice, error = _pack_for_download(request, slug)
    if error:
        return error
    members = [m for m in members_in(choice["month"].year) if m.country.code == country.upper()]
    if not members:
        raise Http404(_("This country does not sit on the Council that year."))
    addressee = pack_addressees(letter, members=members, audience=choice["audience"])[0]
    return _download(
        request,
        letter,
        lambda: addressee_pdf(letter, addressee),
        f"{letter.slug}-{country.lower()}.pdf",
        "application/pdf",
    )


@login_required
@require_safe
def president_pdf_download(request: HttpRequest, slug: str) -> HttpResponse:
    letter, choice, error = _pack_for_download(request, slug)
    if error:
        return error
    presidency = presidency_in(choice["month"].year, choice["month"].month)
    if presidency is None:
        raise Http404(
            _("We do not know who presides over the Council in %(month)s.")
            % {"month": formats.date_format(choice["month"], "YEAR_MONTH_FORMAT")}
        )
    addressee = president_addressee(letter, member=presidency.member, presiding=presidency.representative)
    return _download(
        request,
        letter,
        lambda: addressee_pdf(letter, addressee),
        f"{letter.slug}-president-{_month_part(choice)}.pdf",
        "application/pdf",
    )
