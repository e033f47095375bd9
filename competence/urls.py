from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views

app_name = "competence"

MENU = [MenuEntry("competence:catalogue", _("Competence"), order=62, current=("competence:*",))]

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_edit, name="course_edit"),
    path("mine/", views.my_competence, name="mine"),
    path("people/<int:pk>/", views.person, name="person"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<uuid:uuid>/", views.record_detail, name="record"),
    path("records/<uuid:uuid>/certificate/", views.certificate, name="certificate"),
    path("records/<uuid:uuid>/decide/", views.record_decide, name="record_decide"),
    path("approvals/", views.approvals, name="approvals"),
    path("events/new/", views.event_create, name="event_create"),
    path("programme-trainings/", views.programme_trainings, name="programme_trainings"),
    path("programme-trainings/<int:pk>/", views.programme_training, name="programme_training"),
    path("matrix/", views.matrix_page, name="matrix"),
    path("matrix.<str:fmt>", views.matrix_download, name="matrix_download"),
    path("settings/", views.settings_edit, name="settings"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
]
