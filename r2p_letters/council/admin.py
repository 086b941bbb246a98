from django.contrib import admin, messages
from django.utils.translation import ngettext

from .models import AddresseeDefault, CouncilMember, Delivery, PackAddressee, Presidency
from .services import FULL_COUNCIL, members_in, years_with_members


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "permanent", "first_year", "last_year"]
    list_filter = ["permanent", "first_year"]
    search_fields = ["name"]

    def changelist_view(self, request, extra_context=None):
        # A year the admin has not completed yet (the Council's elections are each June) prints short packs.
        for year in years_with_members():
            count = len(members_in(year))
            if count != FULL_COUNCIL:
                message = ngettext(
                    "%(year)s has %(count)s member, not 15.", "%(year)s has %(count)s members, not 15.", count
                )
                messages.warning(request, message % {"year": year, "count": count})
        return super().changelist_view(request, extra_context)


@admin.register(Presidency)
class PresidencyAdmin(admin.ModelAdmin):
    list_display = ["year", "month", "member", "representative"]
    list_filter = ["year"]
    search_fields = ["representative"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]


@admin.register(AddresseeDefault)
class AddresseeDefaultAdmin(admin.ModelAdmin):
    list_display = ["country", "minister_name", "representative_name", "salutation"]
    search_fields = ["minister_name", "representative_name"]


@admin.register(PackAddressee)
class PackAddresseeAdmin(admin.ModelAdmin):
    list_display = ["letter", "audience", "country", "name", "title"]
    raw_id_fields = ["letter"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["letter", "delivered_on", "recipients", "country", "means", "recorded_by"]
    list_filter = ["means", "recipients"]
    raw_id_fields = ["letter", "recorded_by"]


# -- the Council's calendar (issue 15) ------------------------------------------------------------------------

from .models import Decision, Holiday, LetterAim  # noqa: E402


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "decides_on", "resolution", "verified", "checked_on"]
    list_filter = ["verified", "kind", "decides_on"]
    search_fields = ["name", "full_name", "resolution"]
    date_hierarchy = "decides_on"


@admin.register(LetterAim)
class LetterAimAdmin(admin.ModelAdmin):
    list_display = ["letter", "decision"]
    raw_id_fields = ["letter"]
    list_select_related = ["letter", "decision"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name", "checked_on"]
    date_hierarchy = "day"
