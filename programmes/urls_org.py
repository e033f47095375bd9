"""A provider's programme pages, mounted at /o/<org_slug>/programmes/ (views_org.py)."""

from django.urls import path

from . import views_org

app_name = "programmes_org"
urlpatterns = [
    path("", views_org.seen_by_programmes, name="seen"),
    path("<int:programme_pk>/indicators/<int:indicator_pk>/", views_org.report_indicator, name="indicator"),
]
