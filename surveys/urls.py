from django.urls import path

from . import views, views_instruments, views_results

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("questionnaires/", views_instruments.instrument_list, name="instruments"),
    path("questionnaires/import/", views_instruments.instrument_import, name="instrument_import"),
    path("questionnaires/<int:version_pk>/", views_instruments.instrument_detail, name="instrument"),
    path("questionnaires/<int:version_pk>/export.yaml", views_instruments.instrument_export, name="instrument_export"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/status/", views.campaign_status, name="status"),
    path("<int:pk>/qr.png", views.campaign_qr_png, name="qr_png"),
    path("<int:pk>/qr.svg", views.campaign_qr_svg, name="qr_svg"),
    path("<int:pk>/invite/", views.campaign_invite, name="invite"),
    path("<int:pk>/remind/", views.campaign_remind, name="remind"),
    path("<int:pk>/paper/", views.paper_entry, name="paper"),
    path("<int:pk>/results/", views_results.campaign_results, name="results"),
    path("<int:pk>/results/breakdown/", views_results.campaign_breakdown, name="breakdown"),
    path("<int:pk>/results/trend/", views_results.campaign_trend, name="trend"),
    path("<int:pk>/results/texts/<slug:code>/", views_results.campaign_texts, name="texts"),
    path("<int:pk>/results/action/<slug:code>/", views_results.result_action, name="action"),
    path("<int:pk>/summary/", views_results.campaign_summary, name="summary"),
    path("<int:pk>/summary.pdf", views_results.summary_pdf, name="summary_pdf"),
    path("<int:pk>/summary.xlsx", views_results.summary_xlsx, name="summary_xlsx"),
    path("<int:pk>/answers.xlsx", views_results.raw_xlsx, name="raw_xlsx"),
]
