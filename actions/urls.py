from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views, views_plan

MENU = [
    MenuEntry(
        "actions:plan",
        _("Implementation plan"),
        order=20,
        current=("actions:plan", "actions:timeline", "actions:import"),
    ),
]

app_name = "actions"

# One action (views.py).
urlpatterns = [
    path("new/", views.action_create, name="create"),
    path("<int:number>/", views.action_detail, name="detail"),
    path("<int:number>/edit/", views.action_edit, name="edit"),
    path("<int:number>/status/", views.action_transition, name="transition"),
    path("<int:number>/verify/", views.action_verify, name="verify"),
    path("<int:number>/comments/", views.action_comment, name="comment"),
    path("<int:number>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:number>/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:number>/attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]

# The implementation plan (views_plan.py): the app's landing page.
urlpatterns += [
    path("", views_plan.plan, name="plan"),
    path("timeline/", views_plan.timeline, name="timeline"),
    path("plan/bulk/", views_plan.plan_bulk_edit, name="bulk_edit"),
    path("plan/export.xlsx", views_plan.plan_export_xlsx, name="export_xlsx"),
    path("plan/export.pdf", views_plan.plan_export_pdf, name="export_pdf"),
    path("plan/import/", views_plan.plan_import, name="import"),
    path("plan/import/template.xlsx", views_plan.plan_import_template, name="import_template"),
]
