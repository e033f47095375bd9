from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views

app_name = "complaints"

MENU = [MenuEntry("complaints:list", _("Complaints"), order=58, current=("complaints:*",))]

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_create, name="create"),
    path("trends/", views.trends_page, name="trends"),
    path("trends/xlsx/", views.trends_xlsx, name="trends_xlsx"),
    path("rules/", views.rules_edit, name="rules"),
    path("rules/categories/", views.category_add, name="category_add"),
    path("rules/root-causes/", views.cause_add, name="cause_add"),
    path("<uuid:uuid>/", views.complaint_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.complaint_edit, name="edit"),
    path("<uuid:uuid>/contact/", views.complaint_contact, name="contact"),
    path("<uuid:uuid>/timeline/", views.timeline_add, name="timeline_add"),
    path("<uuid:uuid>/timeline/<int:entry_pk>/file/", views.timeline_file, name="timeline_file"),
    path("<uuid:uuid>/original/", views.original_file, name="original"),
    path("<uuid:uuid>/extend/", views.complaint_extend, name="extend"),
    path("<uuid:uuid>/forward/", views.complaint_forward, name="forward"),
    path("<uuid:uuid>/decide/", views.complaint_decide, name="decide"),
    path("<uuid:uuid>/reply-sent/", views.reply_sent, name="reply_sent"),
    path("<uuid:uuid>/close/", views.complaint_close, name="close"),
    path("<uuid:uuid>/action/", views.complaint_action, name="action"),
    path("<uuid:uuid>/letter.<str:fmt>", views.letter, name="letter"),
]
