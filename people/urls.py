from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views, views_instruments, views_measure, views_outcomes, views_plans

MENU = [
    MenuEntry("people:list", _("Service users"), order=25, current=("people:*",)),
]

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("settings/", views.people_settings, name="settings"),
    path("outcomes/", views_outcomes.outcomes, name="outcomes"),
    path("instruments/", views_instruments.instrument_list, name="instruments"),
    path("<str:reference>/", views.person_detail, name="detail"),
    path("<str:reference>/edit/", views.person_edit, name="edit"),
    path("<str:reference>/identity/", views.person_identity, name="identity"),
    path("<str:reference>/identity/erase/", views.identity_erase, name="identity_erase"),
    path("<str:reference>/export.json", views_outcomes.export_json, name="export_json"),
    path("<str:reference>/export.pdf", views_outcomes.export_pdf, name="export_pdf"),
    path("<str:reference>/plans/new/", views_plans.plan_create, name="plan_create"),
    path("<str:reference>/plans/<int:version>/", views_plans.plan_detail, name="plan"),
    path("<str:reference>/plans/<int:version>/review/", views_plans.plan_review, name="plan_review"),
    path("<str:reference>/plans/<int:version>/plan.docx", views_plans.plan_docx, name="plan_docx"),
    path("<str:reference>/plans/<int:version>/plan.pdf", views_plans.plan_pdf, name="plan_pdf"),
    path("<str:reference>/measure/<slug:code>/", views_measure.measure, name="measure"),
    path("<str:reference>/measure/<slug:code>/easy/<int:step>/", views_measure.measure_easy, name="measure_easy"),
]
