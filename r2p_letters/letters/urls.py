from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("letters/", views.library, name="library"),
    path("letters/<slug:slug>/", views.letter_detail, name="detail"),
    path("letters/<slug:slug>/document/", views.letter_document, name="document"),
    path("letters/<slug:slug>/pdf/", views.letter_pdf_download, name="pdf"),
    path("instruments/", views.instrument_list, name="instruments"),
    path("instruments/<slug:slug>/", views.instrument_detail, name="instrument"),
]
