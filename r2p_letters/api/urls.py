from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import problems, token_views, views

app_name = "api"

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", token_views.api_docs, name="docs"),
    path("api/v1/letters/", views.LetterList.as_view(), name="letters"),
    path("api/v1/letters/<slug:slug>/", views.LetterDetail.as_view(), name="letter"),
    path("api/v1/legal-instruments/", views.LegalInstrumentList.as_view(), name="instruments"),
    path("api/v1/council/members/", views.CouncilMemberList.as_view(), name="council_members"),
    path("api/v1/council/presidencies/", views.PresidencyList.as_view(), name="presidencies"),
    path("api/v1/council/calendar/", views.CouncilCalendar.as_view(), name="calendar"),
    # With a token: the token's organization.
    path("api/v1/organization/drafts/", views.DraftList.as_view(), name="drafts"),
    path("api/v1/organization/letters/<slug:slug>/signatures/", views.SignatureList.as_view(), name="signatures"),
    path("api/v1/organization/deliveries/", views.DeliveryList.as_view(), name="deliveries"),
    re_path(r"^api/", problems.not_found),
    # The token page, in the organization's settings.
    path("organizations/<slug:slug>/api-tokens/", token_views.token_list, name="tokens"),
    path("organizations/<slug:slug>/api-tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
