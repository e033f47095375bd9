"""The quality calendar of one organisation (views_calendar.py), under /o/<org>/actions/calendar/ as before the split."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views_calendar

MENU = [
    MenuEntry(
        "work:calendar", _("Calendar"), order=30, current=("work:calendar", "work:calendar_month", "work:calendar_list")
    )
]

app_name = "work"

urlpatterns = [
    path("", views_calendar.calendar_month, name="calendar"),
    path("<int:year>/<int:month>/", views_calendar.calendar_month, name="calendar_month"),
    path("list/", views_calendar.calendar_list, name="calendar_list"),
    path("milestones/new/", views_calendar.milestone_create, name="milestone_create"),
    path("milestones/<uuid:uuid>/", views_calendar.milestone_detail, name="milestone_detail"),
    path("milestones/<uuid:uuid>/edit/", views_calendar.milestone_edit, name="milestone_edit"),
    path("milestones/<uuid:uuid>/delete/", views_calendar.milestone_delete, name="milestone_delete"),
]
