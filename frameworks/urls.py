from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("upload/", views.version_upload, name="upload"),
    path("template.xlsx", views.template_download, name="template"),
    path("<int:pk>/", views.version_detail, name="version"),
    path("<int:pk>/export.yaml", views.version_export_yaml, name="export_yaml"),
    path("<int:pk>/export.xlsx", views.version_export_xlsx, name="export_xlsx"),
]
