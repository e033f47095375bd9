"""A programme's API tokens, mounted at /programmes/<programme_pk>/api-tokens/ (views_programme)."""

from django.urls import path

from . import views_programme

app_name = "programme_tokens"
urlpatterns = [
    path("", views_programme.token_list, name="list"),
    path("<int:pk>/revoke/", views_programme.token_revoke, name="revoke"),
]
