from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views

MENU = [MenuEntry("frameworks:list", _("Frameworks"), order=70, current=("frameworks:*",))]

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("upload/", views.version_upload, name="upload"),
    path("template.xlsx", views.template_download, name="template"),
    path("<int:pk>/", views.version_detail, name="version"),
    path("<int:pk>/export.yaml", views.version_export_yaml, name="export_yaml"),
    path("<int:pk>/export.xlsx", views.version_export_xlsx, name="export_xlsx"),
]
