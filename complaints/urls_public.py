"""The public intake, mounted at /p/<org_slug>/complaints/: no account needed (see views_public)."""

from django.urls import path

from . import views_public

app_name = "complaints_public"
urlpatterns = [
    path("", views_public.public_form, name="form"),
    path("easy/<int:step>/", views_public.public_easy, name="easy"),
    path("sent/", views_public.public_receipt, name="receipt"),
    path("track/", views_public.public_track, name="track"),
]
