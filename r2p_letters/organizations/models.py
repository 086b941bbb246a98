"""Organizations that draft and sign letters, their members and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from r2p_letters.lib.text import name_key

INVITATION_LIFETIME = timedelta(days=14)


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


# What each role may do, strongest first.
ROLE_RANK = {Role.OWNER: 3, Role.EDITOR: 2, Role.VIEWER: 1}


def logo_path(organization, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"logos/{organization.slug}-{secrets.token_hex(4)}.{extension}"


def search_key(*texts: str) -> str:
    """What an organization is found by: its texts folded by ``lib.text.name_key`` (case, accents, punctuation,
    letters of another alphabet that look alike), so "medecins" finds "Médecins", "l'homme" finds "l’homme",
    and "ВВС" (Cyrillic) finds "BBC" as "BBC" finds it: a look-alike is listed beside the organization it imitates.
    """
    return " ".join(key for key in map(name_key, texts) if key)


class OrganizationQuerySet(models.QuerySet):
    def matching(self, text: str) -> "OrganizationQuerySet":
        """Organizations whose name, short name or city holds each word of ``text`` (``search_key``), the oldest
        first: an organization copying another's name usually comes later."""
        words = search_key(text).split()[:10]
        found = self if words else self.none()
        for word in words:
            found = found.filter(search_key__contains=word)
        return found.order_by("created_at", "pk")


def look_alikes(organizations: list["Organization"]) -> dict[int, "Organization"]:
    """Each organization whose name looks like an older one's in ``organizations`` without being it (case,
    punctuation, letters of another alphabet: ``lib.text.name_key``), mapped to that older one."""
    oldest: dict[str, Organization] = {}
    found = {}
    for organization in sorted(organizations, key=lambda o: (o.created_at, o.pk)):
        first = oldest.setdefault(name_key(organization.name), organization)
        if first is not organization:
            found[organization.pk] = first
    return found


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True, help_text=_("e.g. GCR2P, FIDH"))
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    letterhead = models.TextField(
        _("letterhead text"),
        max_length=1000,
        blank=True,
        help_text=_("Printed under the logo, e.g. the address and a telephone number."),
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organizations")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # search_key(name, short name, city), kept by organizations.services (organization_create, organization_refresh).
    search_key = models.TextField(editable=False, blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.slug])

    def search_text(self) -> str:
        return search_key(self.name, self.short_name, self.city)


class Membership(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["organization", "user__email"]
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="one_membership_per_person")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.organization} ({self.get_role_display()})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class Invitation(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organization}"

    def get_absolute_url(self):
        return reverse("organizations:invitation", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
