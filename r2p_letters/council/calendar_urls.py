from django.urls import path

from . import calendar_views

app_name = "calendar"

urlpatterns = [
    path("calendar/", calendar_views.calendar_page, name="page"),
    path("calendar.ics", calendar_views.calendar_feed, name="feed"),
    path("letters/<slug:slug>/aim/", calendar_views.letter_aim, name="aim"),
]
