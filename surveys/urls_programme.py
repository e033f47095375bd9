"""Impact studies of a programme, mounted at /programmes/<programme_pk>/surveys/ (see views_programme)."""

from django.urls import path

from . import views_programme

app_name = "surveys_programme"
urlpatterns = [
    path("", views_programme.study_list, name="list"),
    path("new/", views_programme.study_create, name="create"),
    path("<int:pk>/", views_programme.study_detail, name="detail"),
]
