from django.contrib import admin

from .forms import OrganizationForm
from .models import Invitation, Membership, Organization
from .services import organization_refresh


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    # The site's form, so that a logo uploaded here is checked and re-encoded like any other.
    form = OrganizationForm
    fields = ["name", "short_name", "slug", "city", "country", "website", "logo", "letterhead"]
    list_display = ["name", "short_name", "city", "country", "created_at"]
    list_filter = ["country"]
    search_fields = ["name", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        organization_refresh(organization=obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name"]
    raw_id_fields = ["organization", "invited_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organization__name"]
    raw_id_fields = ["user", "organization"]
