from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board.xlsx", views.board_export, name="board_export"),
    path("<int:pk>/board/sync/", views.board_sync, name="board_sync"),
    path("<int:pk>/waves/<int:wave_pk>/gantt/", views.gantt, name="gantt"),
    path("<int:pk>/indicators/", views.indicators, name="indicators"),
    path("<int:pk>/indicators/rotate-key/", views.key_rotate, name="key_rotate"),
    path("<int:pk>/benchmarks/", views.benchmarks, name="benchmarks"),
    path("<int:pk>/rounds/", views.round_list, name="rounds"),
    path("<int:pk>/rounds/<int:round_pk>/", views.round_detail, name="round"),
    path("<int:pk>/rounds/<int:round_pk>/remind/", views.round_remind, name="round_remind"),
    path("<int:pk>/report.xlsx", views.report, {"fmt": "xlsx"}, name="report_xlsx"),
    path("<int:pk>/report.pdf", views.report, {"fmt": "pdf"}, name="report_pdf"),
    path("<int:pk>/applications/", views.application_list, name="applications"),
    path("<int:pk>/applications/<int:application_pk>/", views.application_detail, name="application"),
    path("<int:pk>/applications/<int:application_pk>/accept/", views.application_accept, name="application_accept"),
    path("<int:pk>/applications/<int:application_pk>/decline/", views.application_decline, name="application_decline"),
    path("<int:pk>/participants/import/", views.participants_import, name="participants_import"),
    path(
        "<int:pk>/participants/import/confirm/", views.participants_import_confirm, name="participants_import_confirm"
    ),
    path("<int:pk>/participants/template.xlsx", views.participants_template, name="participants_template"),
    path("<int:pk>/events/", views.event_list, name="events"),
    path("<int:pk>/events/new/", views.event_create, name="event_create"),
    path("<int:pk>/events/<int:event_pk>/", views.event_detail, name="event"),
]
