"""The respondents' pages, mounted at /s/: no account needed (see views_public)."""

from django.urls import path

from . import views_public

app_name = "surveys_public"
urlpatterns = [
    path("t/<slug:token>/", views_public.token_form, name="token"),
    path("t/<slug:token>/easy/<int:step>/", views_public.token_easy, name="token_easy"),
    path("t/<slug:token>/thanks/", views_public.token_thanks, name="token_thanks"),
    path("<slug:slug>/", views_public.public_form, name="form"),
    path("<slug:slug>/easy/<int:step>/", views_public.public_easy, name="easy"),
    path("<slug:slug>/thanks/", views_public.public_thanks, name="thanks"),
]
