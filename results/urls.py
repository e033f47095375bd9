from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views

app_name = "results"

MENU = [MenuEntry("results:overview", _("Results"), order=55, current=("results:*",))]

urlpatterns = [
    path("", views.results_overview, name="overview"),
    path("add/", views.indicator_add, name="add"),
    path("recompute/", views.results_recompute, name="recompute"),
    path("sheet/", views.results_sheet, name="sheet"),
    path("sheet.pdf", views.results_sheet_pdf, name="sheet_pdf"),
    path("sheet.xlsx", views.results_sheet_xlsx, name="sheet_xlsx"),
    path("library/", views.definition_list, name="library"),
    path("library/export.yaml", views.definition_export, name="library_export"),
    path("library/import/", views.definition_import, name="library_import"),
    path("import/", views.values_import, name="import"),
    path("import/template.xlsx", views.values_template, name="import_template"),
    path("requests/<int:pk>/", views.request_answer, name="request"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="edit"),
    path("<int:pk>/targets/", views.indicator_targets, name="targets"),
    path("<int:pk>/values/", views.value_save, name="value"),
    path("<int:pk>/approve/", views.value_approve, name="approve"),
    path("<int:pk>/correct/", views.value_correct, name="correct"),
]
