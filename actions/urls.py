from django.urls import path

from . import views_calendar, views_plan

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
