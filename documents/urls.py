from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views, views_readers, views_types, views_versions

MENU = [MenuEntry("documents:list", _("Documents"), order=40, current=("documents:*",))]

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("checklist/", views.checklist, name="checklist"),
    path("new/", views.document_create, name="create"),
    path("settings/", views.document_settings, name="settings"),
    path("types/", views_types.type_list, name="types"),
    path("types/new/", views_types.type_create, name="type_create"),
    path("types/<int:pk>/edit/", views_types.type_edit, name="type_edit"),
    path("types/<int:pk>/delete/", views_types.type_delete, name="type_delete"),
    path("acknowledgements/", views_readers.coverage_by_unit, name="coverage"),
    path("<uuid:uuid>/", views.document_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.document_edit, name="edit"),
    path("<uuid:uuid>/draft/", views.document_draft, name="draft"),
    path("<uuid:uuid>/transition/", views.document_transition, name="transition"),
    path("<uuid:uuid>/approve/", views.document_approve, name="approve"),
    path("<uuid:uuid>/reviewed/", views.document_review, name="review"),
    path("<uuid:uuid>/diff/", views_versions.version_diff, name="diff"),
    path("<uuid:uuid>/readers/", views_readers.document_readers, name="readers"),
    path("<uuid:uuid>/remind/", views_readers.document_remind, name="remind"),
    path("<uuid:uuid>/evidence/", views.indicator_link, name="link"),
    path("<uuid:uuid>/evidence/<int:pk>/delete/", views.indicator_unlink, name="unlink"),
    path("<uuid:uuid>/v/<int:number>/", views_versions.version_detail, name="version"),
    path("<uuid:uuid>/v/<int:number>/file/", views_versions.version_file, name="version_file"),
    path("<uuid:uuid>/v/<int:number>/pdf/", views_versions.version_pdf, name="version_pdf"),
    path("<uuid:uuid>/v/<int:number>/confirm/", views_readers.version_acknowledge, name="acknowledge"),
]
