from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .menu import MenuEntry

# The organisation's own set-up closes the menu (orgs.menu: each entry shows to the roles its view's gate lets in).
MENU = [
    MenuEntry("orgs:dashboard", _("Dashboard"), order=0),
    MenuEntry("orgs:units", _("Units and services"), order=80, current=("orgs:units", "orgs:services")),
    MenuEntry("orgs:members", _("Members"), order=81),
    MenuEntry("orgs:activity", _("Activity log"), order=90),
    MenuEntry("orgs:settings", _("Settings"), order=91),
]

app_name = "orgs"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.org_settings, name="settings"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/delete/", views.unit_delete, name="unit_delete"),
    path("services/", views.service_list, name="services"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/delete/", views.service_delete, name="service_delete"),
    path("members/", views.member_list, name="members"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("activity/", views.activity_log, name="activity"),
]
