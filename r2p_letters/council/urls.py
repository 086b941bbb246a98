from django.urls import path

from . import log_views, views

app_name = "council"

urlpatterns = [
    path("letters/<slug:slug>/delivery/", views.delivery_pack, name="pack"),
    path("letters/<slug:slug>/delivery/log/", views.delivery_add, name="delivery_add"),
    path("letters/<slug:slug>/delivery/pack.zip", views.pack_zip_download, name="pack_zip"),
    path("letters/<slug:slug>/delivery/pack.pdf", views.pack_combined_download, name="pack_combined"),
    path("letters/<slug:slug>/delivery/president.pdf", views.president_pdf_download, name="president_pdf"),
    path("letters/<slug:slug>/delivery/<str:country>.pdf", views.member_pdf_download, name="member_pdf"),
    path("letters/<slug:slug>/delivery/outcome/", log_views.outcome_page, name="outcome"),
    path("letters/<slug:slug>/delivery/outcome/save/", log_views.outcome_save, name="outcome_save"),
    path("letters/<slug:slug>/delivery/members/log/", log_views.log_entry_add, name="log_entry_add"),
    path(
        "letters/<slug:slug>/delivery/members/log/<int:pk>/delete/", log_views.log_entry_delete, name="log_entry_delete"
    ),
    path("letters/<slug:slug>/delivery/members/log/<int:pk>/file/", log_views.response_download, name="response_file"),
]
