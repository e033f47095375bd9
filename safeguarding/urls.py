from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views

MENU = [MenuEntry("safeguarding:list", _("Safeguarding"), order=27, current=("safeguarding:*",))]

app_name = "safeguarding"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="new"),
    path("leads/", views.lead_list, name="leads"),
    path("leads/<int:pk>/remove/", views.lead_remove, name="lead_remove"),
    path("authorities/", views.authority_list, name="authorities"),
    path("authorities/<int:pk>/", views.authority_edit, name="authority_edit"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("figures/", views.figures, name="figures"),
    path("person/<uuid:person>/", views.person_chronology, name="person"),
    path("<uuid:uuid>/", views.event_detail, name="detail"),
    path("<uuid:uuid>/status/", views.event_transition, name="transition"),
    path("<uuid:uuid>/handling/", views.event_handling, name="handling"),
    path("<uuid:uuid>/entries/", views.entry_add, name="entry"),
    path("<uuid:uuid>/notices/<int:pk>/", views.notice_record, name="notice"),
    path("<uuid:uuid>/members/", views.member_add, name="member_add"),
    path("<uuid:uuid>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<uuid:uuid>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<uuid:uuid>/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<uuid:uuid>/action/", views.action_create, name="action"),
    path("<uuid:uuid>/break-glass/", views.break_glass, name="break_glass"),
]
