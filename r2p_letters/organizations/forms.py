from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .models import Invitation, Organization, Role

LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


NOT_AN_IMAGE = _("The logo must be a PNG, JPEG, WebP or GIF image.")


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "city", "country", "website", "logo", "letterhead"]
        error_messages = {"logo": {"invalid_image": NOT_AN_IMAGE}}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "size") or logo == self.instance.logo:
            return logo
        if logo.size > settings.LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("The logo is %(size)s KB; the limit is %(max)s KB.")
                % {"size": logo.size // 1024, "max": settings.LOGO_MAX_BYTES // 1024}, code="logo_too_big")
        try:
            logo.seek(0)
            with Image.open(logo) as image:
                image_format, (width, height) = image.format, image.size
                image.verify()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
            raise forms.ValidationError(NOT_AN_IMAGE, code="logo_not_image") from None
        if image_format not in LOGO_FORMATS:
            raise forms.ValidationError(NOT_AN_IMAGE, code="logo_format")
        if max(width, height) > settings.LOGO_MAX_PIXELS:
            raise forms.ValidationError(
                _("The logo is %(width)s×%(height)s pixels; at most %(max)s pixels a side, please.")
                % {"width": width, "height": height, "max": settings.LOGO_MAX_PIXELS}, code="logo_too_large")
        logo.seek(0)
        return logo


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
