from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views, views_reports

MENU = [MenuEntry("assessments:list", _("Self-assessment"), order=10, current=("assessments:*",))]

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("evidence/<int:evidence_pk>/file/", views_reports.evidence_download, name="evidence_download"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/edit/", views.assessment_edit, name="edit"),
    path("<int:pk>/status/", views.assessment_transition, name="transition"),
    path("<int:pk>/copy/", views.assessment_copy, name="copy"),
    path("<int:pk>/changes/", views.assessment_changes, name="changes"),
    path("<int:pk>/readiness/", views.assessment_readiness, name="readiness"),
    path("<int:pk>/evidence/", views_reports.evidence_matrix, name="matrix"),
    path("<int:pk>/report.docx", views_reports.report_docx, name="report_docx"),
    path("<int:pk>/report.pdf", views_reports.report_pdf, name="report_pdf"),
    path("<int:pk>/ratings.xlsx", views_reports.ratings_xlsx, name="ratings_xlsx"),
    path("<int:pk>/i/<int:answer_pk>/", views.answer_detail, name="answer"),
    path("<int:pk>/i/<int:answer_pk>/save/", views.answer_save, name="answer_save"),
    path("<int:pk>/i/<int:answer_pk>/comment/", views.answer_comment, name="comment"),
    path("<int:pk>/i/<int:answer_pk>/action/", views.gap_action, name="gap_action"),
    path("<int:pk>/i/<int:answer_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/i/<int:answer_pk>/evidence/link/", views.evidence_link, name="evidence_link"),
    path(
        "<int:pk>/i/<int:answer_pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_unlink,
        name="evidence_unlink",
    ),
]
