"""The calendar's pages: the coming decisions by month, the iCalendar feed, and the decision a letter aims at."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_user

from .calendar import (
    calendar_ics,
    calendar_months,
    coming_decisions,
    decision_outcomes,
    holidays_before,
    instruments_of,
    letter_aim_of,
    letter_aim_set,
    sign_on_deadline_for,
)
from .models import Decision


@require_safe
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    months = calendar_months(request.user, today)
    decisions = [d for _month, group in months for d, _letters in group]
    holidays = holidays_before(*(d.decides_on for d in decisions))
    instruments = instruments_of(decisions)
    outcomes = decision_outcomes(request.user, decisions)
    rows = [
        (
            month,
            [
                (
                    d,
                    letters,
                    sign_on_deadline_for(d.decides_on, holidays),
                    instruments.get(d.resolution),
                    outcomes.get(d.pk, []),
                )
                for d, letters in group
            ],
        )
        for month, group in months
    ]
    return render(request, "council/calendar.html", {"months": rows, "today": today})


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    # The month past stays in subscribers' calendars.
    decisions = coming_decisions(timezone.localdate() - datetime.timedelta(days=31))
    url = request.build_absolute_uri(reverse("calendar:page"))
    body = calendar_ics(decisions, stamp=timezone.now().astimezone(datetime.UTC), url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="security-council.ics"'
    return response


class LetterAimForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=gettext_lazy("The Council's decision the letter aims at"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=gettext_lazy("None"),
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.filter(decides_on__gte=today)
        self.fields["decision"].label_from_instance = lambda d: d.ahead_line()


@login_required
@require_http_methods(["GET", "POST"])
def letter_aim(request: HttpRequest, slug: str) -> HttpResponse:
    letter, _role = get_letter_for_user(request.user, slug, edit=True, letters=Letter.objects.all())
    today = timezone.localdate()
    current = letter_aim_of(letter)
    form = LetterAimForm(request.POST or None, today=today, initial={"decision": current})
    if request.method == "POST" and form.is_valid():
        letter_aim_set(letter=letter, decision=form.cleaned_data["decision"])
        messages.success(request, _("Saved: the letter's page says which decision it aims at."))
        return redirect(letter)
    deadline = sign_on_deadline_for(current.decides_on) if current else None
    return render(
        request, "council/aim.html", {"letter": letter, "form": form, "current": current, "deadline": deadline}
    )
