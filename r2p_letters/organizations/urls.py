from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.organization_list, name="list"),
    path("organizations/new/", views.organization_new, name="new"),
    path("organizations/<slug:slug>/", views.organization_detail, name="detail"),
    path("organizations/<slug:slug>/edit/", views.organization_edit, name="edit"),
    path("organizations/<slug:slug>/logo/", views.organization_logo, name="logo"),
    path("organizations/<slug:slug>/invitations/", views.invitation_new, name="invite"),
    path("organizations/<slug:slug>/members/<int:pk>/role/", views.membership_role, name="member_role"),
    path("organizations/<slug:slug>/members/<int:pk>/remove/", views.membership_delete, name="member_remove"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation"),
]
