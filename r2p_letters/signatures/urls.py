from django.urls import path

from . import embeds, organizer, report_back, views

app_name = "signatures"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("letters/<slug:slug>/sign/", views.sign, name="sign"),
    path("letters/<slug:slug>/embed/", embeds.embed, name="embed"),
    path("letters/<slug:slug>/embed/count.json", embeds.counter, name="counter"),
    path("oembed", embeds.oembed, name="oembed"),
    path("letters/<slug:slug>/sign/check-your-email/", views.check_email, name="check_email"),
    path("letters/<slug:slug>/sign/resend/", views.resend, name="resend"),
    path("s/<str:code>/", views.short_link, name="short"),
    path("sign/confirm/<str:token>/", views.confirm, name="confirm"),
    path("sign/manage/<str:token>/", views.manage, name="manage"),
    path("sign/manage/<str:token>/erase/", views.erase, name="erase"),
    path("sign/invitation/<str:token>/", views.invited, name="invited"),
    path("letters/<slug:slug>/sign-on/open/", organizer.sign_on_open, name="open"),
    path("letters/<slug:slug>/sign-on/", organizer.dashboard, name="dashboard"),
    path("letters/<slug:slug>/sign-on/signatures/<int:pk>/", organizer.signature_action, name="signature"),
    path("letters/<slug:slug>/sign-on/resend/", organizer.confirmations_resend_all, name="resend_confirmations"),
    path("letters/<slug:slug>/sign-on/settings/", organizer.sign_on_settings, name="settings"),
    path("letters/<slug:slug>/sign-on/late/", organizer.late_signature_add, name="late"),
    path("letters/<slug:slug>/sign-on/late/paste/", organizer.late_signatures_paste, name="late_paste"),
    path("letters/<slug:slug>/sign-on/export/", organizer.export, name="export"),
    path("letters/<slug:slug>/sign-on/invitations/", organizer.invitations, name="invitations"),
    path("letters/<slug:slug>/sign-on/versions/", organizer.signed_texts, name="signed_texts"),
    path("letters/<slug:slug>/sign-on/report-back/", report_back.report_back, name="report_back"),
]
