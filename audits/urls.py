from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views, views_access, views_records

# Insiders see the audits; the external auditor, instead, the material granted to them (both at the same place).
MENU = [
    MenuEntry("audits:list", _("Audits"), order=50, current=("audits:*",)),
    MenuEntry("audits:granted", _("Audit material"), order=50, current=("audits:*",)),
]

app_name = "audits"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/<slug:kind>/", views.audit_create, name="create"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/edit/", views.audit_edit, name="edit"),
    path("<int:pk>/status/", views.audit_transition, name="transition"),
    path("<int:pk>/close/", views.audit_close, name="close"),
    path("<int:pk>/auditor-report/", views.auditor_report, name="auditor_report"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/checklist/", views.audit_checklist, name="checklist"),
    path("<int:pk>/onsite/", views.onsite_start, name="onsite_start"),
    path("<int:pk>/onsite/<int:item_pk>/", views.onsite, name="onsite"),
    path("<int:pk>/onsite/<int:item_pk>/save/", views.onsite_save, name="onsite_save"),
    path("<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("<int:pk>/findings/<int:finding_pk>/", views.finding_detail, name="finding"),
    path("<int:pk>/findings/<int:finding_pk>/edit/", views.finding_edit, name="finding_edit"),
    path("<int:pk>/findings/<int:finding_pk>/delete/", views.finding_delete, name="finding_delete"),
    path("<int:pk>/findings/<int:finding_pk>/correct/", views.finding_correct, name="finding_correct"),
    path("<int:pk>/findings/<int:finding_pk>/action/", views.finding_action, name="finding_action"),
    # External auditor access: the coordinator's grants, and what the auditor reads.
    path("access/", views_access.grant_list, name="grants"),
    path("access/new/", views_access.grant_create, name="grant_create"),
    path("access/<int:grant_pk>/revoke/", views_access.grant_revoke, name="grant_revoke"),
    path("granted/", views_access.granted, name="granted"),
    path("granted/<int:grant_pk>/", views_access.granted_cycle, name="granted_cycle"),
    path("granted/<int:grant_pk>/evidence/<int:evidence_pk>/", views_access.granted_evidence, name="granted_evidence"),
    path(
        "granted/<int:grant_pk>/documents/<uuid:document_uuid>/",
        views_access.granted_document,
        name="granted_document",
    ),
    path("granted/<int:grant_pk>/findings/", views_access.granted_finding, name="granted_finding"),
    path("granted/<int:grant_pk>/summary/", views_access.granted_summary, name="granted_summary"),
    path("granted/<int:grant_pk>/report.<str:fmt>", views_access.granted_report, name="granted_report"),
    path(
        "granted/<int:grant_pk>/audits/<int:audit_pk>/report.<str:fmt>",
        views_access.granted_audit_report,
        name="granted_audit_report",
    ),
    path("granted/<int:grant_pk>/reviews/<int:review_pk>/", views_access.granted_review, name="granted_review"),
    path(
        "granted/<int:grant_pk>/findings/<int:finding_pk>/documents/<int:link_pk>/",
        views_access.granted_finding_document,
        name="granted_finding_document",
    ),
    # Certificates
    path("certificates/", views_records.certificate_list, name="certificates"),
    path("certificates/new/", views_records.certificate_create, name="certificate_create"),
    path("certificates/<int:pk>/", views_records.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/edit/", views_records.certificate_edit, name="certificate_edit"),
    path("certificates/<int:pk>/file/", views_records.certificate_file, name="certificate_file"),
    # Yearly progress reports
    path("progress/", views_records.progress_list, name="progress_list"),
    path("progress/new/", views_records.progress_create, name="progress_create"),
    path("progress/<int:pk>/", views_records.progress_detail, name="progress"),
    path("progress/<int:pk>/edit/", views_records.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/collect/", views_records.progress_refresh, name="progress_refresh"),
    path("progress/<int:pk>/status/", views_records.progress_status, name="progress_status"),
    path("progress/<int:pk>/report.docx", views_records.progress_docx, name="progress_docx"),
    path("progress/<int:pk>/report.pdf", views_records.progress_pdf, name="progress_pdf"),
    # Management reviews
    path("reviews/", views_records.review_list, name="reviews"),
    path("reviews/new/", views_records.review_create, name="review_create"),
    path("reviews/<int:pk>/", views_records.review_detail, name="review"),
    path("reviews/<int:pk>/edit/", views_records.review_edit, name="review_edit"),
    path("reviews/<int:pk>/minutes.docx", views_records.review_docx, name="review_docx"),
    path("reviews/<int:pk>/minutes.pdf", views_records.review_pdf, name="review_pdf"),
    path("reviews/<int:pk>/inputs/", views_records.review_refresh, name="review_refresh"),
    path("reviews/<int:pk>/decisions/", views_records.review_decision, name="review_decision"),
    path("reviews/<int:pk>/final/", views_records.review_finalise, name="review_finalise"),
]
