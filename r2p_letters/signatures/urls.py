from django.urls import path

from . import organizer, views

app_name = "signatures"

urlpatterns = [
    path("letters/<slug:slug>/sign/", views.sign, name="sign"),
    path("letters/<slug:slug>/sign/check-your-email/", views.check_email, name="check_email"),
    path("letters/<slug:slug>/sign/resend/", views.resend, name="resend"),
    path("s/<str:code>/", views.short_link, name="short"),
    path("sign/confirm/<str:token>/", views.confirm, name="confirm"),
    path("sign/manage/<str:token>/", views.manage, name="manage"),
    path("sign/invitation/<str:token>/", views.invited, name="invited"),
    path("letters/<slug:slug>/sign-on/open/", organizer.sign_on_open, name="open"),
]
