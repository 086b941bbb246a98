from django import forms
from django.utils.translation import gettext_lazy as _

from r2p_letters.lib.plain_text import PlainCharField

from .logos import NOT_AN_IMAGE, logo_normalized
from .models import Invitation, Organization, Role


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "city", "country", "website", "logo", "letterhead"]
        # The names print on letters: no hidden direction characters, no look-alike alphabets in a word.
        field_classes = {"name": PlainCharField, "short_name": PlainCharField, "city": PlainCharField}
        error_messages = {"logo": {"invalid_image": NOT_AN_IMAGE}}

    def clean_logo(self):
        """A new logo is stored as Pillow decoded it (see logos.py), under the format Pillow found."""
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "size") or logo == self.instance.logo:
            return logo
        return logo_normalized(logo)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
