from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("organizations/<slug:slug>/webhooks/", views.endpoint_list, name="list"),
    path("organizations/<slug:slug>/webhooks/<int:pk>/", views.endpoint_detail, name="detail"),
    path("organizations/<slug:slug>/webhooks/<int:pk>/remove/", views.endpoint_remove, name="remove"),
]
