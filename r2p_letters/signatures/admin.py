from django.contrib import admin

from r2p_letters.lib import admin as lib_admin

from .models import Signature, SignedText, SigningNotice, SignOn, SignOnInvitation


class ReadOnlyAdmin(lib_admin.ReadOnlyAdmin):
    """Shown for reference only: changes go through the sign-on pages, which keep what prints in step."""


@admin.register(SignOn)
class SignOnAdmin(ReadOnlyAdmin):
    list_display = [
        "letter",
        "deadline",
        "time_zone",
        "signers",
        "moderated",
        "list_public",
        "shown_count",
        "closed_at",
    ]
    list_filter = ["signers", "moderated", "list_public"]
    search_fields = ["letter__title", "short_code"]
    raw_id_fields = ["letter", "current_text", "opened_by", "closed_by"]
    readonly_fields = ["shown_count"]


@admin.register(SignedText)
class SignedTextAdmin(ReadOnlyAdmin):
    list_display = ["letter", "number", "content_hash", "created_at", "created_by"]
    search_fields = ["letter__title", "content_hash"]
    raw_id_fields = ["letter", "created_by"]
    readonly_fields = ["content", "content_hash"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "person_name", "email", "country", "status", "is_lead", "is_late", "created_at"]
    list_filter = ["status", "kind", "visibility", "is_lead", "is_late"]
    search_fields = ["organization", "person_name", "email", "city", "sign_on__letter__title"]
    raw_id_fields = ["sign_on", "signed_text", "merged_into"]
    readonly_fields = ["organization_key", "email_key", "ip_hash", "signatory", "notice", "choices"]


@admin.register(SignOnInvitation)
class SignOnInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "sign_on", "status", "sent_at", "opened_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["email", "sign_on__letter__title"]
    raw_id_fields = ["sign_on", "invited_by"]


@admin.register(SigningNotice)
class SigningNoticeAdmin(admin.ModelAdmin):
    """A new text is a new version, added here: a notice once published is never changed or deleted, since
    signatures keep the one they were shown."""

    list_display = ["version", "language", "published_at"]
    list_filter = ["language", "version"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
