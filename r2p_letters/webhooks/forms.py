from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import EVENT_CHOICES, Endpoint
from .sending import AddressRefused, check_url


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[e for e, _l in EVENT_CHOICES],
    )

    class Meta:
        model = Endpoint
        fields = ["url", "events"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except AddressRefused as error:
            raise forms.ValidationError(_("Enter an https:// address.")) from error
        if not url.startswith("https://") and not settings.WEBHOOKS_ALLOW_LOOPBACK:
            raise forms.ValidationError(_("Enter an https:// address."))
        return url
