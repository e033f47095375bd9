from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views, views_builder, views_instruments, views_results

MENU = [MenuEntry("surveys:list", _("Surveys"), order=60, current=("surveys:*",))]

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("questionnaires/", views_instruments.instrument_list, name="instruments"),
    path("questionnaires/import/", views_instruments.instrument_import, name="instrument_import"),
    path("questionnaires/<int:version_pk>/", views_instruments.instrument_detail, name="instrument"),
    path("questionnaires/<int:version_pk>/export.yaml", views_instruments.instrument_export, name="instrument_export"),
    path("questionnaires/<int:version_pk>/print.pdf", views_instruments.instrument_print, name="instrument_print"),
    path(
        "questionnaires/<int:version_pk>/print-easy.pdf",
        views_instruments.instrument_print,
        {"easy": True},
        name="instrument_print_easy",
    ),
    path("questionnaires/new/", views_builder.instrument_create, name="instrument_create"),
    path("questionnaires/<int:version_pk>/new-version/", views_builder.version_copy, name="version_copy"),
    path("questionnaires/<int:version_pk>/preview/", views_builder.version_preview, name="version_preview"),
    path(
        "questionnaires/<int:version_pk>/preview/easy/<int:step>/",
        views_builder.version_preview_easy,
        name="version_preview_easy",
    ),
    path("questionnaires/<int:version_pk>/build/", views_builder.builder_page, name="builder"),
    path("questionnaires/<int:version_pk>/build/details/", views_builder.builder_details, name="builder_details"),
    path("questionnaires/<int:version_pk>/build/activate/", views_builder.builder_activate, name="builder_activate"),
    path("questionnaires/<int:version_pk>/build/delete/", views_builder.builder_delete, name="builder_delete"),
    path(
        "questionnaires/<int:version_pk>/build/sections/new/",
        views_builder.builder_section_add,
        name="builder_section_add",
    ),
    path(
        "questionnaires/<int:version_pk>/build/sections/<int:section>/",
        views_builder.builder_section,
        name="builder_section",
    ),
    path(
        "questionnaires/<int:version_pk>/build/sections/<int:section>/delete/",
        views_builder.builder_section_delete,
        name="builder_section_delete",
    ),
    path(
        "questionnaires/<int:version_pk>/build/sections/<int:section>/move/",
        views_builder.builder_section_move,
        name="builder_section_move",
    ),
    path(
        "questionnaires/<int:version_pk>/build/sections/<int:section>/questions/new/",
        views_builder.builder_question_add,
        name="builder_question_add",
    ),
    path(
        "questionnaires/<int:version_pk>/build/questions/<slug:code>/",
        views_builder.builder_question,
        name="builder_question",
    ),
    path(
        "questionnaires/<int:version_pk>/build/questions/<slug:code>/delete/",
        views_builder.builder_question_delete,
        name="builder_question_delete",
    ),
    path(
        "questionnaires/<int:version_pk>/build/questions/<slug:code>/move/",
        views_builder.builder_question_move,
        name="builder_question_move",
    ),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/status/", views.campaign_status, name="status"),
    path("<int:pk>/qr.png", views.campaign_qr_png, name="qr_png"),
    path("<int:pk>/qr.svg", views.campaign_qr_svg, name="qr_svg"),
    path("<int:pk>/invite/", views.campaign_invite, name="invite"),
    path("<int:pk>/remind/", views.campaign_remind, name="remind"),
    path("<int:pk>/paper/", views.paper_entry, name="paper"),
    path("<int:pk>/questionnaire.pdf", views.campaign_print, name="print"),
    path("<int:pk>/questionnaire-easy.pdf", views.campaign_print, {"easy": True}, name="print_easy"),
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
