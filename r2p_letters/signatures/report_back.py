"""The organizers' "Report back to signers": write what came of the letter, preview it and see how many will get
it, then send it, once, to each signer who agreed to be contacted, in their language."""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from r2p_letters.lib import emails
from r2p_letters.lib.email_limits import EmailLimitReached
from r2p_letters.lib.errors import StatusError

from .models import ReportBack
from .organizer import _sign_on_for_organizer
from .services import (
    ReportBackSent,
    report_back_context,
    report_back_counts,
    report_back_language,
    report_back_recipients,
    report_back_send,
)


class ReportBackForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=ReportBack._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        help_text=gettext_lazy(
            "Delivered, who you met, how the Council voted, what comes next. It goes as written, with a greeting, "
            "the letter's link and each signer's own link to manage their signature."
        ),
    )
    # The count the organizer saw in the preview: a send that would now reach a different number shows it again.
    recipients = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)


def _previews(sign_on, message: str, languages: Counter) -> list[dict]:
    """The email as each language's signers will get it, with placeholders where each signer's own details go."""
    context = report_back_context(sign_on=sign_on, message=message, signature=None)
    previews = []
    for code, name in settings.LANGUAGES:
        if not languages.get(code):
            continue
        with translation.override(code):
            context.update({"signer": _("(the signer's name)"), "manage_url": _("(the signer's own link)")})
            email = emails.message("report-back", "signer@example.org", context)
        previews.append(
            {"code": code, "name": name, "count": languages[code], "subject": email.subject, "body": email.body}
        )
    return previews


@login_required
@require_http_methods(["GET", "POST"])
def report_back(request: HttpRequest, slug: str) -> HttpResponse:
    letter, sign_on = _sign_on_for_organizer(request, slug)
    report = ReportBack.objects.filter(sign_on=sign_on).select_related("sent_by").first()
    recipients = list(report_back_recipients(sign_on).only("language"))
    languages = Counter(report_back_language(signature) for signature in recipients)
    context = {"letter": sign_on.letter, "sign_on": sign_on, "report": report, "count": len(recipients)}
    if report is not None:
        if request.method == "POST":
            messages.error(request, _("The report back to signers went already: it is sent once."))
        context["counts"] = report_back_counts(report)
        return render(request, "signatures/report_back.html", context, status=409 if request.method == "POST" else 200)
    form = ReportBackForm(request.POST or None)
    context["form"] = form
    if request.method != "POST":
        return render(request, "signatures/report_back.html", context)
    if not form.is_valid():
        return render(request, "signatures/report_back.html", context, status=400)
    message = form.cleaned_data["message"]
    context["previews"] = _previews(sign_on, message, languages)
    if request.POST.get("action") != "send" or form.cleaned_data["recipients"] != len(recipients):
        if request.POST.get("action") == "send":
            messages.warning(request, _("The number of signers to contact changed meanwhile: check it, then send."))
        context["form"] = ReportBackForm(initial={"message": message, "recipients": len(recipients)})
        return render(request, "signatures/report_back.html", context)
    try:
        report_back_send(sign_on=sign_on, message=message, user=request.user)
    except ReportBackSent as error:
        messages.error(request, str(error))
        return redirect("signatures:report_back", letter.slug)
    except (EmailLimitReached, StatusError) as error:
        messages.error(request, error.message if isinstance(error, EmailLimitReached) else str(error))
        return render(
            request, "signatures/report_back.html", context, status=429 if isinstance(error, EmailLimitReached) else 400
        )
    messages.success(
        request,
        ngettext(
            "The report is on its way to %(count)s signer. This page shows whether it reached them.",
            "The report is on its way to %(count)s signers. This page shows how many it reached.",
            len(recipients),
        )
        % {"count": len(recipients)},
    )
    return redirect("signatures:report_back", letter.slug)
