from django.urls import path

from . import views_calendar

app_name = "actions"
urlpatterns: list = []

# The quality calendar (views_calendar.py).
urlpatterns += [
    path("calendar/", views_calendar.calendar_month, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views_calendar.calendar_month, name="calendar_month"),
    path("calendar/list/", views_calendar.calendar_list, name="calendar_list"),
    path("calendar/milestones/new/", views_calendar.milestone_create, name="milestone_create"),
    path("calendar/milestones/<uuid:uuid>/", views_calendar.milestone_detail, name="milestone_detail"),
    path("calendar/milestones/<uuid:uuid>/edit/", views_calendar.milestone_edit, name="milestone_edit"),
    path("calendar/milestones/<uuid:uuid>/delete/", views_calendar.milestone_delete, name="milestone_delete"),
]
