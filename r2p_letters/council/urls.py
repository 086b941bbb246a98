from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("letters/<slug:slug>/delivery/", views.delivery_pack, name="pack"),
    path("letters/<slug:slug>/delivery/log/", views.delivery_add, name="delivery_add"),
    path("letters/<slug:slug>/delivery/pack.zip", views.pack_zip_download, name="pack_zip"),
    path("letters/<slug:slug>/delivery/pack.pdf", views.pack_combined_download, name="pack_combined"),
    path("letters/<slug:slug>/delivery/president.pdf", views.president_pdf_download, name="president_pdf"),
    path("letters/<slug:slug>/delivery/<str:country>.pdf", views.member_pdf_download, name="member_pdf"),
]
